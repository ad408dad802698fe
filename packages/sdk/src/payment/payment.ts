import type { CreatePaymentResponse, Payment, PaymentResponse } from '@tianyuan/contracts/types'
import { isSdkError, type SdkError } from '../errors/sdk-error'
import type { Platform } from '../platform/types'
import type { ApiClient } from '../request/client'
import { makeIdempotencyKey } from '../request/idempotency-key'
import type { KeyValueStore } from '../storage/store'
import { PAY_MESSAGES } from './messages'

export type { CreatePaymentResponse, Payment, PaymentStatus } from '@tianyuan/contracts/types'
export { PAY_MESSAGES } from './messages'

/** What is being paid for: the API's `{kind, orderId}`. */
export interface OrderRef {
  kind: string
  orderId: string
}

/**
 * creating → awaiting_user (WeChat's sheet) → confirming (asking the server) → one of
 * paid | cancelled | failed | unknown. `unknown`: the answer was lost (network gone after the
 * sheet); the SDK asks again when the network returns and on the next start.
 */
export type PayPhase = 'idle' | 'creating' | 'awaiting_user' | 'confirming' | 'paid' | 'cancelled' | 'failed' | 'unknown'
export type PayOutcome = 'paid' | 'cancelled' | 'failed' | 'unknown'

export interface PayState {
  phase: PayPhase
  order?: OrderRef
  payment?: Payment
  /** zh-CN, for the screen. */
  message: string
  error?: SdkError
}

export interface PayResult extends PayState {
  phase: PayOutcome
}

/** A payment started and not settled, kept in storage until the server says paid or closed. */
export interface OpenPayment extends OrderRef {
  /** Reused for every create of this order: the server answers it with the same payment. */
  idempotencyKey: string
  paymentId?: string
  /** The sheet may have been confirmed: the server must be asked before anything else. */
  confirming: boolean
  createdAt: number
  /** Set once the server said paid: kept a week, so a second pay() answers paid at once. */
  paid?: Payment
}

export interface PaymentsOptions {
  platform: Platform
  /** Paths below `/api`: '/payments'. */
  api: ApiClient
  store: KeyValueStore
  /** How long to keep asking after the sheet said ok before answering `unknown`. Default 30 s. */
  confirmDeadlineMs?: number
  /** Waits between asks (the last repeats). Default 1, 2, 3, 5 s. */
  pollDelaysMs?: number[]
}

export interface Payments {
  /** Resolves once the open payments of the last session are read. */
  readonly ready: Promise<void>
  /** Pays for an order once, whatever happens to the network. `onState` sees every phase. */
  pay(order: OrderRef, onState?: (state: PayState) => void): Promise<PayResult>
  /** Payments not settled yet (after an `unknown`, a cancel, a failure). */
  open(): Promise<OpenPayment[]>
  /** Asks the server about open payments whose sheet may have been confirmed (done on reconnect and start). */
  resume(): Promise<void>
  /** Outcomes that resume() found (after a restart, when the network returns). */
  subscribe(listener: (result: PayResult) => void): () => void
  dispose(): void
}

const CLOSED = '订单已关闭，没有扣款'
const PAID_MEMORY_MS = 7 * 24 * 3600_000
const isPaid = (p: Payment) => /paid|refund/.test(p.status)
const keyOf = (order: OrderRef) => `${order.kind}:${order.orderId}`
const noop = () => {}

export function createPayments({ platform, api, store, confirmDeadlineMs = 30_000, pollDelaysMs = [1000, 2000, 3000, 5000] }: PaymentsOptions): Payments {
  const listeners = new Set<(result: PayResult) => void>()
  const records: Record<string, OpenPayment> = {}
  let writes: Promise<unknown> = Promise.resolve()
  /** Orders being paid (sheet open, or confirming) or checked now: resume() leaves them be. */
  const busy = new Set<string>()
  let disposed = false

  const ready = store.get<Record<string, OpenPayment>>('open').then((stored) => {
    const now = Date.now()
    for (const [key, r] of Object.entries(stored ?? {})) if (!records[key] && (!r.paid || now - r.createdAt < PAID_MEMORY_MS)) records[key] = r
  }, noop)
  /** Written before each step that could leave something open on the server; in order. */
  const persist = () => {
    const snapshot = { ...records }
    const write = writes.then(() => store.set('open', snapshot))
    writes = write.catch(noop)
    return write
  }
  /** Paid: remembered; closed: forgotten (the next pay() makes a new payment). */
  const settle = (order: OrderRef, payment: Payment) => {
    const key = keyOf(order)
    const record = records[key]
    if (record && isPaid(payment)) records[key] = { ...record, confirming: false, paid: payment }
    else delete records[key]
    return persist().catch(noop)
  }
  const result = (phase: PayOutcome, order: OrderRef, payment?: Payment, error?: SdkError, message = PAY_MESSAGES[phase]): PayResult => ({ phase, order, payment, error, message })

  /** Asks the server until it says paid or closed, the deadline passes, or the network goes. */
  async function confirm(record: OpenPayment, onState?: (state: PayState) => void): Promise<PayResult> {
    const order = { kind: record.kind, orderId: record.orderId }
    onState?.({ phase: 'confirming', order, message: PAY_MESSAGES.confirming })
    const deadline = Date.now() + confirmDeadlineMs
    let last: Payment | undefined
    for (let i = 0; !disposed; i++) {
      try {
        const { payment } = await api.get<PaymentResponse>(`/payments/${record.paymentId}`, { retry: false, timeoutMs: Math.max(1000, Math.min(10_000, deadline - Date.now())) })
        last = payment
        if (payment.status !== 'pending') {
          await settle(order, payment)
          return isPaid(payment) ? result('paid', order, payment) : result('failed', order, payment, undefined, CLOSED)
        }
      } catch (error) {
        // Offline: no point asking until it returns (then resume() asks). A refusal will not change.
        if (!isSdkError(error) || error.code === 'offline') break
        if (error.code === 'rejected' && error.status !== 401) return result('unknown', order, last, error)
      }
      const delay = pollDelaysMs[Math.min(i, pollDelaysMs.length - 1)] ?? 5000
      if (Date.now() + delay >= deadline) break
      await new Promise((resolve) => setTimeout(resolve, delay))
    }
    return result('unknown', order, last)
  }

  /** One pay() per order at a time: a second tap joins the first. */
  const flights = new Map<string, Promise<PayResult>>()
  function pay(order: OrderRef, onState?: (state: PayState) => void): Promise<PayResult> {
    const key = keyOf(order)
    let flight = flights.get(key)
    if (!flight) flights.set(key, (flight = payOnce(order, key, onState).finally(() => flights.delete(key))))
    return flight
  }

  async function payOnce(order: OrderRef, key: string, onState: (state: PayState) => void = noop): Promise<PayResult> {
    busy.add(key)
    await ready
    try {
      let record = records[key]
      if (record?.paid) return result('paid', order, record.paid, undefined, '这笔订单已经付过款了')
      // Being paid on a sheet whose answer was lost? Ask before charging again.
      if (record?.confirming) {
        const known = await confirm(record, onState)
        if (known.phase !== 'failed') return known
        record = records[key]
      }
      if (!record) {
        record = records[key] = { ...order, idempotencyKey: makeIdempotencyKey(), confirming: false, createdAt: Date.now() }
        await persist()
      }

      onState({ phase: 'creating', order, message: PAY_MESSAGES.creating })
      let created: CreatePaymentResponse
      try {
        // The same key for every create of this order: the server answers with the same payment.
        created = await api.request<CreatePaymentResponse>({ method: 'POST', path: '/payments', body: order, idempotencyKey: record.idempotencyKey })
      } catch (caught) {
        // The client throws only SdkErrors. A refusal (the order is paid, cancelled, not yours)
        // created nothing: forget the key, or the server would answer it with the same refusal.
        const error = caught as SdkError
        if (error.code === 'rejected' && error.status !== 401) {
          delete records[key]
          await persist().catch(noop)
        }
        return result('failed', order, undefined, error, error.userMessage)
      }
      const { payment } = created
      if (payment.status !== 'pending') {
        await settle(order, payment)
        return isPaid(payment) ? result('paid', order, payment) : result('failed', order, payment, undefined, CLOSED)
      }

      // From here the sheet may take the money: whatever happens to this process, ask first.
      record.paymentId = payment.id
      record.confirming = true
      await persist()
      onState({ phase: 'awaiting_user', order, payment, message: PAY_MESSAGES.awaiting_user })
      // A host that cannot pay at all (unsupported) throws: a failure, with its reason.
      const sheet = await platform.requestPayment(created.requestPayment).catch((error: SdkError) => ({ outcome: 'failed' as const, detail: error.message, error }))
      if (sheet.outcome === 'confirmed') {
        const confirmed = await confirm(record, onState)
        return { ...confirmed, payment: confirmed.payment ?? payment }
      }
      // WeChat took nothing: the order can still be paid, with the same payment.
      record.confirming = false
      await persist().catch(noop)
      if (sheet.outcome === 'cancelled') return result('cancelled', order, payment)
      const error = 'error' in sheet ? sheet.error : undefined
      return result('failed', order, payment, error, error?.userMessage ?? `${PAY_MESSAGES.failed}（${sheet.detail}）`)
    } finally {
      busy.delete(key)
    }
  }

  async function resume(): Promise<void> {
    await ready
    for (const [key, record] of Object.entries(records)) {
      if (!record.confirming || busy.has(key) || api.network.link === 'offline') continue
      busy.add(key)
      const outcome = await confirm(record).finally(() => busy.delete(key))
      if (outcome.phase !== 'unknown') for (const listener of [...listeners]) listener(outcome)
    }
  }

  // After a restart, and whenever the network returns: settle what was left open.
  const stopWatching = api.network.subscribe((_, link) => void (link !== 'offline' && resume()))
  void Promise.all([ready, api.network.ready]).then(() => void (disposed || resume()))

  return {
    ready,
    pay,
    open: async () => (await ready, Object.values(records).filter((r) => !r.paid)),
    resume,
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    dispose() {
      disposed = true
      stopWatching()
    },
  }
}
