import { NoticeListPage } from '@tianyuan/ui/notices'

// The shared page (@tianyuan/ui/notices): this app's topic is 政策, urgent ones pinned first.
export default function MicroloanNotices() {
  return <NoticeListPage app='microloan' />
}
