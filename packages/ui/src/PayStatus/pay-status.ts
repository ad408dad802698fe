import type { PayState } from '@tianyuan/sdk'

/**
 * What the buyer reads while an order is placed and paid, in the plainest words: one line per
 * step, and the SDK's own message (没有扣款, 请不要重复付款…) for every ending but paid.
 * `placing`: the app's own order request is still out (before the SDK's payment starts).
 * Undefined when there is nothing to say (idle).
 */
export function payStatusText(placing: boolean, pay: PayState): string | undefined {
  if (placing) return '正在创建订单'
  switch (pay.phase) {
    case 'idle':
      return undefined
    case 'creating':
      return '正在创建订单'
    case 'awaiting_user':
      return '请在弹出的页面确认付款'
    case 'confirming':
      return '正在确认付款'
    case 'paid':
      return '已付款'
    default:
      return pay.message
  }
}
