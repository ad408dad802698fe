import { PublishNoticePage } from '@tianyuan/ui/notices'

/** For publishers (role 'publisher'): a new notice. */
export default function MarketPublishNotice() {
  return <PublishNoticePage />
}
