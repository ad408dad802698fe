import { Text } from '@tarojs/components'
import type { PayState } from '@tianyuan/sdk'
import { a11yProps } from '../a11y'
import { payStatusText } from './pay-status'
import './index.scss'

export { payStatusText } from './pay-status'

export interface PayStatusProps {
  /** `usePay().state`. */
  pay: PayState
  /** The app's own order request is still out (the payment has not started yet). */
  placing?: boolean
  /** The journeys wait on `#pay-status`. */
  id?: string
  className?: string
}

/** The payment's state in one big line (正在创建订单 → 请在弹出的页面确认付款 → 正在确认付款 → 已付款); nothing while idle. */
export function PayStatus({ pay, placing = false, id, className }: PayStatusProps) {
  const text = payStatusText(placing, pay)
  if (!text) return null
  const classes = ['ty-pay-status', pay.phase === 'failed' && !placing ? 'ty-pay-status--failed' : '', className ?? '']
  return (
    // Read out as it changes (正在创建订单 → 已付款) without the user having to find it.
    <Text id={id} className={classes.filter(Boolean).join(' ')} {...a11yProps({ role: 'status', live: 'polite' })}>
      {text}
    </Text>
  )
}
