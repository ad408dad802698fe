import { useCallback, useEffect, useRef, useState } from 'react'
import { PAY_MESSAGES } from '../payment/messages'
import type { OrderRef, Payments, PayResult, PayState } from '../payment/payment'
import { useSdkPart } from './sdk-context'

export interface PayView {
  state: PayState
  /** True from creating to confirming: disable the pay button. */
  busy: boolean
  /** A second tap while paying joins the first (one payment per order, whatever the thumb does). */
  pay(order: OrderRef): Promise<PayResult>
  reset(): void
}

const IDLE: PayState = { phase: 'idle', message: PAY_MESSAGES.idle }

/**
 * Pays and follows the state. An `unknown` outcome settled later (the network came back, the
 * app restarted) updates the state too, for the same order.
 */
export function usePay(given?: Payments): PayView {
  const payments = useSdkPart(given, 'payments')
  const [state, setState] = useState<PayState>(IDLE)
  const current = useRef<PayState>(IDLE)
  const update = useCallback((next: PayState) => setState((current.current = next)), [])
  useEffect(
    () =>
      payments.subscribe((result) => {
        const order = current.current.order
        if (order && result.order?.kind === order.kind && result.order.orderId === order.orderId) update(result)
      }),
    [payments, update],
  )
  const pay = useCallback((order: OrderRef) => payments.pay(order, update).then((result) => (update(result), result)), [payments, update])
  return { state, busy: /creat|await|confirm/.test(state.phase), pay, reset: () => update(IDLE) }
}
