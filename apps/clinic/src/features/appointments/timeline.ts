import type { Appointment } from '@tianyuan/contracts/types'
// The formatter alone (not the @tianyuan/ui index, which brings Taro's components): the timeline stays a pure
// helper that the unit tests run in Node.
import { formatShanghaiTime } from '@tianyuan/ui/src/ShanghaiTime/format'

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
 * What happened to the booking, in plain words, each with its time: 已提交预约 → 已付款 → 医生开始问诊
 * → 问诊结束; a step not reached yet says what it waits for (等您付款, 等待就诊 with the slot, 正在问诊)
 * or what comes. A cancelled booking ends at 预约已取消 with why (and 已退款 with the amount once
 * the refund has landed).
 */
export function appointmentTimeline(a: Appointment): { items: TimelineStep[]; current: number; cancelled: boolean } {
  const time = (iso: string | null | undefined) => (iso ? formatShanghaiTime(iso) : undefined)
  const submitted: TimelineStep = { title: '已提交预约', time: time(a.createdAt) }
  const paid: TimelineStep = { title: '已付款', time: time(a.paidAt) }
  if (a.status === 'cancelled' || a.status === 'refunded') {
    const reached = a.paidAt ? [submitted, paid] : [submitted]
    const refund = a.refundFen ?? 0
    const why = a.cancelReason === 'timeout' ? '没有按时付款，自动取消' : '您取消了预约'
    const cancelled: TimelineStep = { title: '预约已取消', time: time(a.cancelledAt), description: refund > 0 && a.status === 'cancelled' ? `${why}，¥${(refund / 100).toFixed(2)} 正在退回微信` : why }
    if (a.status === 'refunded') {
      const refunded: TimelineStep = { title: '已退款', time: eventTime(a, 'refunded'), description: `¥${(refund / 100).toFixed(2)} 已原路退回微信` }
      return { items: [...reached, cancelled, refunded], current: reached.length + 2, cancelled: false }
    }
    return { items: [...reached, cancelled], current: reached.length, cancelled: refund === 0 }
  }
  const current = { pending_payment: 1, booked: 2, in_consultation: 3, completed: 4 }[a.status]
  // Each step's words: done, in progress, still to come.
  const word = (i: number, done: string, now: string, later: string) => (i < current ? done : i === current ? now : later)
  const items: TimelineStep[] = [
    submitted,
    { title: word(1, '已付款', '等您付款', '付款'), time: time(a.paidAt), description: a.status === 'pending_payment' && a.payBefore ? `请在 ${formatShanghaiTime(a.payBefore)} 前付款` : undefined },
    { title: word(2, '医生开始问诊', '等待就诊', '医生问诊'), time: eventTime(a, 'started'), description: current <= 2 ? describeSlot(a.slot) : undefined },
    { title: word(3, '问诊结束', '正在问诊', '问诊结束'), time: a.record ? time(a.record.at) : undefined, description: a.record ? '医生写了医嘱' : undefined },
  ]
  return { items, current, cancelled: false }
}
