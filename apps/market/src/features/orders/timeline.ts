import type { AfterSaleStatus, Order } from '@tianyuan/contracts/types'
import dayjs from 'dayjs'
import utc from 'dayjs/plugin/utc'

dayjs.extend(utc)

/** Asia/Shanghai has no daylight saving: UTC+8 all year, so a fixed offset is exact (no tz database). */
const SHANGHAI_OFFSET_MINUTES = 8 * 60

export function formatShanghaiTime(iso: string): string {
  return dayjs(iso).utcOffset(SHANGHAI_OFFSET_MINUTES).format('M月D日 HH:mm')
}

export interface TimelineStep {
  title: string
  time?: string
  description?: string
}

const AFTER_SALE_STEP: Record<Exclude<AfterSaleStatus, 'refunded'>, string> = {
  requested: '申请了售后，等卖家处理',
  approved: '卖家同意了，正在退款',
  rejected: '卖家没有同意售后',
}

/**
 * 待付款 → 待发货 → 已发货 → 已收货 with the time each was reached, and the current step; with an
 * after-sale request, the steps reached and then 售后 (已退款 once the refund has gone through).
 */
export function orderTimeline(order: Order): { items: TimelineStep[]; current: number; cancelled: boolean } {
  const time = (iso: string | null | undefined) => (iso ? formatShanghaiTime(iso) : undefined)
  const shipment = order.shipment ? `${order.shipment.carrier} ${order.shipment.trackingNo}` : undefined
  const items: TimelineStep[] = [
    { title: '待付款', time: time(order.createdAt), description: '下单' },
    { title: '待发货', time: time(order.paidAt), description: order.paidAt ? '已付款，等卖家发货' : undefined },
    { title: '已发货', time: time(order.shipment?.shippedAt), description: shipment },
    { title: '已收货', time: time(order.receivedAt) },
  ]
  const current = { pending_payment: 0, to_ship: 1, shipped: 2, received: 3, cancelled: 0 }[order.status]
  const afterSale = order.afterSale
  if (afterSale) {
    // After-sale ends the order's path where it was: the steps not reached give way to 售后 / 已退款.
    const { status } = afterSale
    const step: TimelineStep = {
      title: status === 'refunded' ? '已退款' : '售后',
      time: time(afterSale.refundedAt ?? afterSale.decidedAt ?? afterSale.createdAt),
      description: status === 'refunded' ? `¥${(afterSale.refundFen / 100).toFixed(2)} 已原路退回微信` : AFTER_SALE_STEP[status],
    }
    return { items: [...items.slice(0, current + 1), step], current: current + 1, cancelled: false }
  }
  return { items, current, cancelled: order.status === 'cancelled' }
}
