import { NoticeListPage } from '@tianyuan/ui/notices'

// The shared page (@tianyuan/ui/notices): this app's topic is 农技, urgent ones pinned first.
export default function ClassroomNotices() {
  return <NoticeListPage app='classroom' />
}
