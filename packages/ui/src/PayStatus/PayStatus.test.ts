import type { PayPhase, PayState } from '@tianyuan/sdk'
import { payStatusText } from './pay-status'

// The SDK's PAY_MESSAGES at the time of writing: each ending's words come from the state.
const SDK_WORDS: Record<PayPhase, string> = {
  idle: '',
  creating: '正在下单…',
  awaiting_user: '请在微信支付中确认',
  confirming: '正在确认支付结果…',
  paid: '支付成功',
  cancelled: '已取消支付，没有扣款',
  failed: '支付没有成功，没有扣款',
  unknown: '还没确认支付结果，联网后会自动查询，请不要重复付款',
}
const state = (phase: PayPhase, message = SDK_WORDS[phase]): PayState => ({ phase, message })

describe('payStatusText', () => {
  it('says each step of placing and paying in plain words', () => {
    expect(payStatusText(true, state('idle'))).toBe('正在创建订单')
    expect(payStatusText(false, state('idle'))).toBeUndefined()
    expect(payStatusText(false, state('creating'))).toBe('正在创建订单')
    expect(payStatusText(false, state('awaiting_user'))).toBe('请在弹出的页面确认付款')
    expect(payStatusText(false, state('confirming'))).toBe('正在确认付款')
    expect(payStatusText(false, state('paid'))).toBe('已付款')
  })

  it('gives the SDK’s own words for every ending but paid: whether money was taken, and what to do', () => {
    expect(payStatusText(false, state('cancelled'))).toBe('已取消支付，没有扣款')
    expect(payStatusText(false, state('failed'))).toBe('支付没有成功，没有扣款')
    expect(payStatusText(false, state('unknown'))).toBe('还没确认支付结果，联网后会自动查询，请不要重复付款')
    expect(payStatusText(false, state('failed', '订单已关闭，没有扣款'))).toBe('订单已关闭，没有扣款')
  })

  it('says the order is being created while the app’s own request is out, whatever an earlier payment left', () => {
    expect(payStatusText(true, state('failed'))).toBe('正在创建订单')
  })
})
