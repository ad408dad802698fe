import { NoticeListPage } from '@tianyuan/ui/notices'

// The shared page (@tianyuan/ui/notices): this app's topic is 健康, urgent ones pinned first.
export default function ClinicNotices() {
  return <NoticeListPage app='clinic' />
}
