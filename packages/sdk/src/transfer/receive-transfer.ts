// Receiving a merchant transfer (商家转账) on the phone: the money a merchant sends — 惠农小贷's
// 放款 — waits in WeChat until the user confirms it on WeChat's own page. The server holds the bill
// and its package; the page's "ok" is not proof, so the server is asked until it knows.
import { isSdkError, type SdkError } from '../errors/sdk-error'
import type { MerchantTransferParams, Platform } from '../platform/types'
import type { ApiClient } from '../request/client'

/** What the server answers about a transfer to this user (e.g. GET /api/loans/my/:id/disbursement). */
export interface TransferStatusView {
  /** pending (being sent) | waiting_user (confirm in WeChat) | succeeded | failed | cancelled */
  status: string
  /** zh-CN, the server's words for the status. */
  statusWord: string
  amountFen: number
  /** What `wx.requestMerchantTransfer` takes while WeChat waits for the user; null otherwise. */
  confirm: MerchantTransferParams | null
}

/**
 * loading → awaiting_user (WeChat's 确认收款 page) → confirming (asking the server) → one of
 * received | cancelled (the user left the page: the money still waits) | failed | not_ready
 * (nothing to confirm yet: being sent) | unknown (no answer in time: asked again on the next call).
 */
export type ReceivePhase = 'idle' | 'loading' | 'awaiting_user' | 'confirming' | 'received' | 'cancelled' | 'failed' | 'not_ready' | 'unknown'
export type ReceiveOutcome = 'received' | 'cancelled' | 'failed' | 'not_ready' | 'unknown'

export interface ReceiveState {
  phase: ReceivePhase
  transfer?: TransferStatusView
  /** zh-CN, for the screen. */
  message: string
  error?: SdkError
}

export interface ReceiveResult extends ReceiveState {
  phase: ReceiveOutcome
}

export const RECEIVE_MESSAGES: Record<ReceivePhase, string> = {
  idle: '',
  loading: '正在查询放款…',
  awaiting_user: '请在微信中确认收款',
  confirming: '正在确认是否到账…',
  received: '钱已到微信零钱',
  cancelled: '还没有收款，钱会一直等您，随时可以再点「收款」',
  failed: '收款没有成功，信贷员会重新放款',
  not_ready: '放款正在办理，请稍后再来收款',
  unknown: '还没确认到账，请稍后刷新查看，不用重复收款',
}

export interface ReceiveTransferOptions {
  /** Below the API base: '/loans/my/<loanId>/disbursement'. It must answer `{ disbursement: TransferStatusView }`. */
  path: string
  onState?: (state: ReceiveState) => void
  /** How long to keep asking after 确认收款 before answering `unknown`. Default 20 s. */
  confirmDeadlineMs?: number
  /** Waits between asks (the last repeats). Default 1, 2, 3 s. */
  pollDelaysMs?: number[]
}

const result = (phase: ReceiveOutcome, transfer?: TransferStatusView, error?: SdkError, message: string = RECEIVE_MESSAGES[phase]): ReceiveResult => ({ phase, transfer, error, message })

/**
 * Receives the transfer the server says is waiting: asks the server for it, shows WeChat's
 * 确认收款 page with its package, then asks the server until the money has arrived (the server
 * asks WeChat). Safe to call again at any time: a transfer already received answers `received`.
 */
export async function receiveTransfer(sdk: { api: ApiClient; platform: Platform }, options: ReceiveTransferOptions): Promise<ReceiveResult> {
  const { api, platform } = sdk
  const { path, onState = () => {}, confirmDeadlineMs = 20_000, pollDelaysMs = [1000, 2000, 3000] } = options
  const read = async (timeoutMs?: number) => (await api.get<{ disbursement: TransferStatusView }>(path, { retry: false, ...(timeoutMs ? { timeoutMs } : {}) })).disbursement
  const settled = (t: TransferStatusView): ReceiveResult | null =>
    t.status === 'succeeded' ? result('received', t) : t.status === 'failed' || t.status === 'cancelled' ? result('failed', t, undefined, t.statusWord || RECEIVE_MESSAGES.failed) : null

  onState({ phase: 'loading', message: RECEIVE_MESSAGES.loading })
  let transfer: TransferStatusView
  try {
    transfer = await read()
  } catch (caught) {
    const error = caught as SdkError
    return result('failed', undefined, error, error.userMessage)
  }
  const known = settled(transfer)
  if (known) return known
  if (!transfer.confirm) return result('not_ready', transfer)

  onState({ phase: 'awaiting_user', transfer, message: RECEIVE_MESSAGES.awaiting_user })
  // A WeChat too old to have the page (unsupported) throws: a failure with its reason.
  const page = await platform.requestMerchantTransfer(transfer.confirm).catch((error: SdkError) => ({ outcome: 'failed' as const, detail: error.message, error }))
  if (page.outcome === 'cancelled') return result('cancelled', transfer)
  if (page.outcome === 'failed') {
    const error = 'error' in page ? page.error : undefined
    // WeChat may have ended the bill (FAIL): the server's word is what the screen says.
    const after = await read().catch(() => transfer)
    return settled(after) ?? result('failed', after, error, error?.userMessage ?? `收款没有成功（${page.detail}），请稍后再试`)
  }

  onState({ phase: 'confirming', transfer, message: RECEIVE_MESSAGES.confirming })
  const deadline = Date.now() + confirmDeadlineMs
  for (let i = 0; ; i++) {
    try {
      transfer = await read(Math.max(1000, Math.min(10_000, deadline - Date.now())))
      const done = settled(transfer)
      if (done) return done
    } catch (error) {
      // Offline: ask again later (the next call); a refusal will not change by asking.
      if (!isSdkError(error) || error.code === 'offline') break
      if (error.code === 'rejected' && error.status !== 401) return result('unknown', transfer, error)
    }
    const delay = pollDelaysMs[Math.min(i, pollDelaysMs.length - 1)] ?? 3000
    if (Date.now() + delay >= deadline) break
    await new Promise((resolve) => setTimeout(resolve, delay))
  }
  return result('unknown', transfer)
}
