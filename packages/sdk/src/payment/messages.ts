import type { PayPhase } from './payment'

/**
 * What each phase says on screen (zh-CN). Apart from payment.ts so that a page showing a pay
 * button (usePay) does not carry the payment code itself, which H5 loads on the first payment
 * (lazy-payments.ts).
 */
export const PAY_MESSAGES: Record<PayPhase, string> = {
  idle: '',
  creating: '正在下单…',
  awaiting_user: '请在微信支付中确认',
  confirming: '正在确认支付结果…',
  paid: '支付成功',
  cancelled: '已取消支付，没有扣款',
  failed: '支付没有成功，没有扣款',
  unknown: '还没确认支付结果，联网后会自动查询，请不要重复付款',
}
