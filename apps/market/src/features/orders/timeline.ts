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
 * What happened to the order, in plain words, each with its time: 已下单 → 已付款 → 卖家已发货 →
 * 已收货; a step not reached yet says what it waits for (等您付款, 等卖家发货 …) or what comes
 * (卖家发货, 确认收货). For 自提 the seller gets the goods ready and the buyer collects them. A
 * cancelled order ends at 订单已取消 with why; with an after-sale request, the steps reached and
 * then 售后 (已退款 once the refund has gone through).
 */
export function orderTimeline(order: Order): { items: TimelineStep[]; current: number; cancelled: boolean } {
  const time = (iso: string | null | undefined) => (iso ? formatShanghaiTime(iso) : undefined)
  const pickup = order.delivery.kind === 'pickup'
  const shipment = order.shipment ? `${order.shipment.carrier} ${order.shipment.trackingNo}` : undefined
  const current = { pending_payment: 1, to_ship: 2, shipped: 3, received: 4, cancelled: 1 }[order.status]
  // Each step's words: done, in progress, still to come.
  const word = (i: number, done: string, now: string, later: string) => (i < current ? done : i === current ? now : later)
  const ordered: TimelineStep = { title: '已下单', time: time(order.createdAt) }
  if (order.status === 'cancelled') {
    const why = order.cancelReason === 'timeout' ? '没有按时付款，自动取消，没有扣款' : '您取消了订单，没有扣款'
    const steps = order.paidAt ? [ordered, { title: '已付款', time: time(order.paidAt) }] : [ordered]
    return { items: [...steps, { title: '订单已取消', time: time(order.cancelledAt), description: why }], current: steps.length, cancelled: true }
  }
  const items: TimelineStep[] = [
    ordered,
    { title: word(1, '已付款', '等您付款', '付款'), time: time(order.paidAt), description: order.status === 'pending_payment' ? `请在 ${formatShanghaiTime(order.payBefore)} 前付款` : undefined },
    pickup
      ? { title: word(2, '卖家已备好货', '等卖家备货', '卖家备货'), time: time(order.shipment?.shippedAt) }
      : { title: word(2, '卖家已发货', '等卖家发货', '卖家发货'), time: time(order.shipment?.shippedAt), description: shipment },
    pickup ? { title: word(3, '已取货', '到自提点取货', '到自提点取货'), time: time(order.receivedAt) } : { title: word(3, '已收货', '等您收货', '确认收货'), time: time(order.receivedAt) },
  ]
  const afterSale = order.afterSale
  if (afterSale) {
    // After-sale ends the order's path where it was: the steps not reached give way to 售后 / 已退款.
    const { status } = afterSale
    const step: TimelineStep = {
      title: status === 'refunded' ? '已退款' : '售后',
      time: time(afterSale.refundedAt ?? afterSale.decidedAt ?? afterSale.createdAt),
      description: status === 'refunded' ? `¥${(afterSale.refundFen / 100).toFixed(2)} 已原路退回微信` : AFTER_SALE_STEP[status],
    }
    const reached = Math.min(current, items.length)
    return { items: [...items.slice(0, reached), step], current: reached + (status === 'refunded' ? 1 : 0), cancelled: false }
  }
  return { items, current, cancelled: false }
}
