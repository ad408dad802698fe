import { NoticeListPage } from '@tianyuan/ui/notices'

// The shared page (@tianyuan/ui/notices): the market's topics are 价格行情, urgent ones pinned first.
export default function MarketNotices() {
  return <NoticeListPage app='market' />
}
