import { useCallback, useContext, useRef, useState } from 'react'
import { SdkContext } from '../react/sdk-context'
import type { Sdk } from '../sdk'
import { RECEIVE_MESSAGES, receiveTransfer, type ReceiveResult, type ReceiveState, type ReceiveTransferOptions } from './receive-transfer'

export interface ReceiveTransferView {
  state: ReceiveState
  /** From loading to confirming: disable the 收款 button. */
  busy: boolean
  /** A second tap while receiving joins the first. */
  receive(options?: Omit<ReceiveTransferOptions, 'path' | 'onState'>): Promise<ReceiveResult>
  reset(): void
}

const IDLE: ReceiveState = { phase: 'idle', message: RECEIVE_MESSAGES.idle }

/**
 * The 收款 button's state for one transfer: `const { state, busy, receive } = useReceiveTransfer('/loans/my/' + id + '/disbursement')`.
 * Uses the SdkProvider's SDK unless one is given.
 */
export function useReceiveTransfer(path: string, given?: Pick<Sdk, 'api' | 'platform'>): ReceiveTransferView {
  const fromContext = useContext(SdkContext)
  const sdk = given ?? fromContext
  if (!sdk) throw new Error('useReceiveTransfer: pass the SDK or wrap the app in <SdkProvider>')
  const [state, setState] = useState<ReceiveState>(IDLE)
  const flight = useRef<Promise<ReceiveResult> | null>(null)
  const receive = useCallback(
    (options: Omit<ReceiveTransferOptions, 'path' | 'onState'> = {}) => {
      flight.current ??= receiveTransfer(sdk, { ...options, path, onState: setState })
        .then((result) => (setState(result), result))
        .finally(() => (flight.current = null))
      return flight.current
    },
    [sdk, path],
  )
  return { state, busy: /loading|await|confirming/.test(state.phase), receive, reset: () => setState(IDLE) }
}
