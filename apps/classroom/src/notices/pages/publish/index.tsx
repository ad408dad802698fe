import { PublishNoticePage } from '@tianyuan/ui/notices'

/** For publishers (role 'publisher'): a new notice, shown in every app whose topics it fits. */
export default function ClassroomPublishNotice() {
  return <PublishNoticePage />
}
