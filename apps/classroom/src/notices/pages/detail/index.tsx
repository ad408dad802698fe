import { NoticeDetailPage } from '@tianyuan/ui/notices'

/** One notice (?id=): text, photos, price table, 听; readable offline from the stored list. */
export default function ClassroomNotice() {
  return <NoticeDetailPage app='classroom' />
}
