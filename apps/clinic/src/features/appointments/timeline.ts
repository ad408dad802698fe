import type { Appointment } from '@tianyuan/contracts/types'
import { formatShanghaiTime } from '@tianyuan/ui'

export interface TimelineStep {
  title: string
  time?: string
  description?: string
}

/** '明天'-free wording for a slot on a record: '11月29日 上午 08:00–12:00'. */
export function describeSlot(slot: Appointment['slot']): string {
  const day = formatShanghaiTime(slot.startsAt).split(' ')[0]
  const clock = (iso: string) => formatShanghaiTime(iso).split(' ')[1]
  return `${day} ${slot.periodWord} ${clock(slot.startsAt)}–${clock(slot.endsAt)}`
}

const eventTime = (a: Appointment, action: string) => {
  const e = [...a.events].reverse().find((ev) => ev.action === action)
  return e ? formatShanghaiTime(e.at) : undefined
}

/**
 * 待支付 → 已预约 → 问诊中 → 已完成 with the time each was reached; a cancelled booking ends at
 * the step it reached, then 已取消 (and 已退款 with the amount once the refund has landed).
 */
export function appointmentTimeline(a: Appointment): { items: TimelineStep[]; current: number; cancelled: boolean } {
  const items: TimelineStep[] = [
    { title: '待支付', time: formatShanghaiTime(a.createdAt), description: '提交预约' },
    { title: '已预约', time: a.paidAt ? formatShanghaiTime(a.paidAt) : undefined, description: a.paidAt ? `已付款，${describeSlot(a.slot)} 就诊` : undefined },
    { title: '问诊中', time: eventTime(a, 'started') },
    { title: '已完成', time: a.record ? formatShanghaiTime(a.record.at) : undefined, description: a.record ? '医生写了医嘱' : undefined },
  ]
  if (a.status === 'cancelled' || a.status === 'refunded') {
    const reached = a.paidAt ? 1 : 0
    const refund = a.refundFen ?? 0
    const why = a.cancelReason === 'timeout' ? '没有按时付款，自动取消' : '您取消了预约'
    const end: TimelineStep =
      a.status === 'refunded'
        ? { title: '已退款', time: eventTime(a, 'refunded'), description: `¥${(refund / 100).toFixed(2)} 已原路退回微信` }
        : { title: '已取消', time: a.cancelledAt ? formatShanghaiTime(a.cancelledAt) : undefined, description: refund > 0 ? `${why}，¥${(refund / 100).toFixed(2)} 正在退回微信` : why }
    return { items: [...items.slice(0, reached + 1), end], current: reached + 1, cancelled: a.status === 'cancelled' && refund === 0 }
  }
  const current = { pending_payment: 0, booked: 1, in_consultation: 2, completed: 4 }[a.status]
  return { items, current, cancelled: false }
}
