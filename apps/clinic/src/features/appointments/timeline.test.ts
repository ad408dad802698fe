import type { Appointment } from '@tianyuan/contracts/types'
import { appointmentTimeline } from './timeline'

// What the page shows for each step: its words and, as the Steps component adds them, its state.
const STATE = ['已完成', '当前', '未到']
function read(a: Appointment): string[] {
  const { items, current } = appointmentTimeline(a)
  return items.map((s, i) => `${s.title}（${STATE[i < current ? 0 : i === current ? 1 : 2]}）${s.time ? ` ${s.time}` : ''}`)
}

const base: Appointment = {
  id: 'apt_1',
  status: 'pending_payment',
  statusWord: '待支付',
  mode: 'text',
  feeFen: 1500,
  doctor: { id: 'd1', name: '李医生', title: '主治医师', hospitalName: '宣恩县人民医院', departmentName: '内科' },
  patient: { id: 'p1', name: '向春花', age: 62, gender: '女', idNumberMasked: '4228**********1234' },
  slot: { id: 's1', doctorId: 'd1', date: '2026-11-29', period: 'morning', periodWord: '上午', startsAt: '2026-11-29T00:00:00.000Z', endsAt: '2026-11-29T04:00:00.000Z', capacity: 10, remaining: 3, bookable: true },
  symptoms: '血压高，复诊开药',
  callbackPhone: null,
  photos: [],
  payBefore: '2026-11-28T02:15:00.000Z',
  paidAt: null,
  cancelledAt: null,
  cancelReason: null,
  refundFen: null,
  record: null,
  rating: null,
  events: [],
  createdAt: '2026-11-28T02:00:00.000Z',
}
const paid = { ...base, status: 'booked' as const, statusWord: '已预约', paidAt: '2026-11-28T02:05:00.000Z' }

describe('appointment timeline in plain words', () => {
  test('waiting for payment: booked (with its time), then the payment it waits for — never 待支付（已完成）', () => {
    expect(read(base)).toEqual(['已提交预约（已完成） 11月28日 10:00', '等您付款（当前）', '医生问诊（未到）', '问诊结束（未到）'])
  })

  test('paid, started, finished: each says what happened and when', () => {
    expect(read(paid)).toEqual(['已提交预约（已完成） 11月28日 10:00', '已付款（已完成） 11月28日 10:05', '等待就诊（当前）', '问诊结束（未到）'])
    expect(appointmentTimeline(paid).items[2]?.description).toBe('11月29日 上午 08:00–12:00')
    const started = { ...paid, status: 'in_consultation' as const, events: [{ action: 'started', actor: 'doctor' as const, at: '2026-11-29T00:30:00.000Z', note: null }] }
    expect(read(started).slice(2)).toEqual(['医生开始问诊（已完成） 11月29日 08:30', '正在问诊（当前）'])
    const done = { ...started, status: 'completed' as const, record: { advice: '按时吃药', prescription: null, at: '2026-11-29T00:50:00.000Z' } }
    expect(read(done).slice(2)).toEqual(['医生开始问诊（已完成） 11月29日 08:30', '问诊结束（已完成） 11月29日 08:50'])
  })

  test('cancelled after paying: paid, then cancelled — not 已预约（已完成）', () => {
    const cancelled = { ...paid, status: 'cancelled' as const, cancelledAt: '2026-11-28T03:00:00.000Z', cancelReason: 'patient' as const, refundFen: 1500 }
    expect(read(cancelled)).toEqual(['已提交预约（已完成） 11月28日 10:00', '已付款（已完成） 11月28日 10:05', '预约已取消（当前） 11月28日 11:00'])
    expect(appointmentTimeline(cancelled).items[2]?.description).toBe('您取消了预约，¥15.00 正在退回微信')
    const refunded = { ...cancelled, status: 'refunded' as const, events: [{ action: 'refunded', actor: 'system' as const, at: '2026-11-28T03:01:00.000Z', note: null }] }
    expect(read(refunded)).toEqual(['已提交预约（已完成） 11月28日 10:00', '已付款（已完成） 11月28日 10:05', '预约已取消（已完成） 11月28日 11:00', '已退款（已完成） 11月28日 11:01'])
  })

  test('not paid in time: booked, then cancelled by the system, in red', () => {
    const expired = { ...base, status: 'cancelled' as const, cancelledAt: '2026-11-28T02:15:00.000Z', cancelReason: 'timeout' as const, refundFen: 0 }
    expect(read(expired)).toEqual(['已提交预约（已完成） 11月28日 10:00', '预约已取消（当前） 11月28日 10:15'])
    expect(appointmentTimeline(expired).cancelled).toBe(true)
    expect(appointmentTimeline(expired).items[1]?.description).toBe('没有按时付款，自动取消')
  })
})
