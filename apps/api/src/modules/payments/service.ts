import type { Kysely, Transaction } from 'kysely'
import { dayjs, formatYuan, type Payment, type Refund, type RequestPaymentParams } from '@tianyuan/contracts'
import {
  WechatPayApiError,
  WechatPaySignatureError,
  type HeadersInput,
  type Transaction as WechatTransaction,
  type WechatPayClient,
} from '@tianyuan/wechatpay'
import type { Database } from '../../platform/db'
import { AppError, errors } from '../../platform/errors'
import { newId } from '../../platform/ids'
import type { Logger } from '../../platform/logging'
import {
  applyRefundToPayment,
  findExpiredPending,
  findLivePayment,
  findOwnPayment,
  findPayment,
  findProcessingRefunds,
  findRefund,
  insertPayment,
  insertRefund,
  markClosed,
  markPaid,
  addLateRefundToPayment,
  reserveRefund,
  reviveFailedRefundRow,
  setPrepayId,
  settleRefundRow,
  toPaymentDto,
  toRefundDto,
  REFUNDABLE_STATUSES,
  type PaymentRow,
  type RefundRow,
} from './repo'

// ---- What a domain hands the payments module -------------------------------------------------

/** The order as the domain's own record says — the only source of the amount. */
export interface PayableOrder {
  amountFen: number
  /** Shown in WeChat's payment sheet and the bill (WeChat keeps the first 127 characters). */
  description: string
  /** 'unpaid' can be paid; 'paid' answers 409; 'cancelled' (or anything not payable) answers 409. */
  status: 'unpaid' | 'paid' | 'cancelled'
}

export interface PaidEvent {
  paymentId: string
  amountFen: number
  transactionId: string
  /** Epoch ms. */
  paidAt: number
}

export interface RefundedEvent {
  paymentId: string
  refundId: string
  amountFen: number
  /** All refunds that have gone through, this one included. */
  refundedFen: number
  fullyRefunded: boolean
}

/**
 * A payable kind: how the payments module reads a domain's order and tells it the outcome.
 * `onPaid` and `onRefunded` run inside the transaction that records the state change, exactly
 * once per change; if they throw, nothing is recorded and WeChat's notification is retried.
 */
export interface PayableResolver {
  /** The order for this user, or null when it does not exist or is not theirs. */
  load(orderId: string, userId: string, db: Kysely<Database>): Promise<PayableOrder | null>
  onPaid(orderId: string, tx: Transaction<Database>, paid: PaidEvent): Promise<void>
  onRefunded?(orderId: string, tx: Transaction<Database>, refund: RefundedEvent): Promise<void>
}

export interface PaymentsDeps {
  db: Kysely<Database>
  /** The merchant client; throws (503) when WeChat Pay is not configured. */
  pay: () => WechatPayClient
  appId: string
  mchId: string
  /** Origin WeChat posts notifications to (this server's public address). */
  notifyUrlBase: () => string
  /** An unpaid payment closes after this long. */
  timeoutMs: number
  now: () => number
  logger: Logger
}

/** A notification that fails a check: answered with this status and `{code: 'FAIL', message}`; nothing changes. */
export class NotifyRejected extends Error {
  constructor(
    readonly status: 400 | 404 | 500,
    message: string,
  ) {
    super(message)
    this.name = 'NotifyRejected'
  }
}

export interface PaymentsService {
  /** Domains call this once at start: `payments.registerPayable('produce_order', { load, onPaid })`. */
  registerPayable(kind: string, resolver: PayableResolver): void
  hasPayable(kind: string): boolean
  createPayment(userId: string, kind: string, orderId: string): Promise<{ created: boolean; payment: Payment; requestPayment: RequestPaymentParams }>
  getPayment(userId: string, id: string): Promise<Payment>
  handleNotification(headers: HeadersInput, rawBody: string, expected: 'transaction' | 'refund'): Promise<void>
  /**
   * Refunds part or all of what is left (amount ≤ paid − refunded − in progress). Only a domain
   * calls it, carrying out its own decision (an approved after-sale, a cancellation under its
   * rule) — there is no payer-facing refund endpoint. `whenRefundedFen`: start only if nothing is
   * in progress and exactly this much has been refunded so far (else 409 PAYMENT_NOT_REFUNDABLE),
   * so a decision read by two sweeps at once is carried out once.
   *
   * WeChat's answer decides the refund's fate: accepted → processing until its notification or a
   * query says SUCCESS; a signed business refusal (4xx) → failed, the reservation released, 502;
   * anything else (5xx, SYSTEM_ERROR, FREQUENCY_LIMITED, a timeout, an unsigned or unreadable
   * answer) is "unknown" → stays processing, and reconcileRefunds asks again and resends the SAME
   * out_refund_no with the same parameters.
   */
  refundPayment(paymentId: string, amountFen: number, reason: string, options?: { whenRefundedFen?: number }): Promise<{ payment: Payment; refund: Refund }>
  /** Closes pending payments past their expiry (housekeeping). Returns how many were closed. */
  closeExpired(): Promise<number>
  /** Asks WeChat about refunds still processing after `olderThanMs` (a lost notification). */
  reconcileRefunds(olderThanMs?: number): Promise<number>
}

const alreadyPaid = () => new AppError(409, 'PAYMENT_ALREADY_PAID', '这笔订单已经付过款了，不用再付。请在订单里查看')
const notPayable = (why = '这笔订单现在不能付款，请返回订单页刷新看看') => new AppError(409, 'ORDER_NOT_PAYABLE', why)
const payUnavailable = () => new AppError(502, 'WECHAT_PAY_UNAVAILABLE', '暂时连不上微信支付，请稍后再试，不会重复扣款')
const paymentNotFound = () => errors.notFound('没有找到这笔付款记录')

/**
 * What a failed refund call means. Only a signed business refusal from WeChat (4xx other than
 * FREQUENCY_LIMITED) says the refund was not made. A 5xx, SYSTEM_ERROR, a rate limit, a network
 * error or timeout, or an answer that is unsigned or does not verify may hide a refund WeChat did
 * make: per the v3 rules, ask again and retry with the same out_refund_no and parameters.
 */
export function refundCallOutcome(error: unknown): 'refused' | 'unknown' {
  if (!(error instanceof WechatPayApiError)) return 'unknown'
  if (!error.signed || error.status >= 500 || error.status === 429) return 'unknown'
  if (error.code === 'SYSTEM_ERROR' || error.code === 'FREQUENCY_LIMITED') return 'unknown'
  return 'refused'
}

/** RFC 3339 in China Standard Time without milliseconds, as WeChat writes times. */
const rfc3339 = (ms: number) => dayjs(ms).utcOffset(480).format('YYYY-MM-DDTHH:mm:ssZ')

export function createPaymentsService(deps: PaymentsDeps): PaymentsService {
  const { db, now, logger } = deps
  const resolvers = new Map<string, PayableResolver>()

  const resolverFor = (kind: string) => resolvers.get(kind)

  async function wechat<T>(what: string, call: (pay: WechatPayClient) => Promise<T>): Promise<T> {
    const pay = deps.pay()
    try {
      return await call(pay)
    } catch (error) {
      if (error instanceof WechatPayApiError) throw error
      logger.warn({ err: error, what }, 'wechat pay call failed')
      throw payUnavailable()
    }
  }

  /** Problems with a transaction WeChat reported for this payment (never trust, always compare). */
  function transactionProblem(row: PaymentRow, t: WechatTransaction): string | null {
    if (t.mchid !== deps.mchId) return `mchid ${t.mchid} is not ours`
    if (t.appid !== deps.appId) return `appid ${t.appid} is not ours`
    if (t.out_trade_no !== row.id) return 'out_trade_no mismatch'
    if (t.amount?.total !== row.amount_fen) return `amount ${String(t.amount?.total)} ≠ ${row.amount_fen}`
    if (t.payer?.openid !== undefined && t.payer.openid !== row.payer_openid) return 'payer mismatch'
    return null
  }

  /** pending → paid and the domain's onPaid, in one transaction, once. */
  async function recordPaid(row: PaymentRow, t: WechatTransaction): Promise<boolean> {
    const paidAt = t.success_time ? Date.parse(t.success_time) : now()
    const changed = await db.transaction().execute(async (trx) => {
      if (!(await markPaid(trx, row.id, t.transaction_id ?? '', Number.isFinite(paidAt) ? paidAt : now(), now()))) return false
      const resolver = resolverFor(row.kind)
      if (resolver) {
        await resolver.onPaid(row.order_id, trx, {
          paymentId: row.id,
          amountFen: row.amount_fen,
          transactionId: t.transaction_id ?? '',
          paidAt: Number.isFinite(paidAt) ? paidAt : now(),
        })
      } else {
        logger.error({ paymentId: row.id, kind: row.kind }, 'payment paid for a kind nobody registered: the domain was not told')
      }
      return true
    })
    if (changed) logger.info({ paymentId: row.id, kind: row.kind, amountFen: row.amount_fen }, 'payment paid')
    else {
      const current = await findPayment(db, row.id)
      if (current?.status === 'closed') {
        logger.error({ paymentId: row.id }, 'WeChat reports a closed payment as paid: refund it by hand')
      }
    }
    return changed
  }

  /** Applies WeChat's view of a transaction (from a notification or a query). Throws NotifyRejected on a mismatch. */
  async function applyTransaction(row: PaymentRow, t: WechatTransaction): Promise<void> {
    const problem = transactionProblem(row, t)
    if (problem) {
      logger.error({ paymentId: row.id, problem }, 'WeChat transaction does not match the payment: ignored')
      throw new NotifyRejected(400, '订单信息不一致')
    }
    if (t.trade_state === 'SUCCESS' || t.trade_state === 'REFUND') await recordPaid(row, t)
    else if (t.trade_state === 'CLOSED' || t.trade_state === 'REVOKED') await markClosed(db, row.id, now())
  }

  /** Asks WeChat (query by out_trade_no) and applies the answer; never throws for a client's read. */
  async function refreshFromWechat(row: PaymentRow): Promise<void> {
    try {
      const t = await deps.pay().queryByOutTradeNo(row.id)
      await applyTransaction(row, t)
    } catch (error) {
      if (error instanceof WechatPayApiError && error.code === 'ORDER_NOT_EXIST') return
      logger.warn({ err: error, paymentId: row.id }, 'payment query failed: answering from our records')
    }
  }

  async function closeOne(row: PaymentRow): Promise<boolean> {
    try {
      await deps.pay().close(row.id)
    } catch (error) {
      if (error instanceof WechatPayApiError && error.code === 'ORDERPAID') {
        await refreshFromWechat(row)
        return false
      }
      // Never reached WeChat (no prepay): nothing to close there.
      if (!(error instanceof WechatPayApiError && error.code === 'ORDER_NOT_EXIST')) {
        logger.warn({ err: error, paymentId: row.id }, 'closing the payment at WeChat failed: will retry')
        return false
      }
    }
    const closed = await markClosed(db, row.id, now())
    if (closed) logger.info({ paymentId: row.id }, 'payment closed (timeout)')
    return closed
  }

  async function ensurePrepay(row: PaymentRow): Promise<{ row: PaymentRow; requestPayment: RequestPaymentParams }> {
    let prepayId = row.prepay_id
    if (!prepayId) {
      try {
        // Identical parameters every time, so a retry (or a concurrent create) gets the same prepay_id.
        const answer = await wechat('jsapi prepay', (pay) =>
          pay.jsapiPrepay({
            appid: deps.appId,
            description: row.description,
            out_trade_no: row.id,
            notify_url: row.notify_url,
            amount: { total: row.amount_fen, currency: 'CNY' },
            payer: { openid: row.payer_openid },
            time_expire: rfc3339(row.expires_at),
          }),
        )
        prepayId = answer.prepay_id
      } catch (error) {
        if (error instanceof WechatPayApiError) {
          if (error.code === 'ORDERPAID') {
            await refreshFromWechat(row)
            throw alreadyPaid()
          }
          if (error.code === 'ORDER_CLOSED') {
            await markClosed(db, row.id, now())
            throw notPayable('这次付款已超时关闭，请重新下单付款')
          }
          logger.error({ err: error, paymentId: row.id }, 'jsapi prepay refused')
          throw payUnavailable()
        }
        throw error
      }
      await setPrepayId(db, row.id, prepayId, now())
      row = { ...row, prepay_id: prepayId }
    }
    return { row, requestPayment: deps.pay().buildRequestPaymentParams(deps.appId, prepayId) }
  }

  /** The payable kind hears of a refund that went through, in the transaction that recorded it; answers the payment as it now stands. */
  async function tellDomainRefunded(trx: Transaction<Database>, refund: RefundRow): Promise<PaymentRow | undefined> {
    const payment = await findPayment(trx, refund.payment_id)
    const resolver = payment ? resolverFor(payment.kind) : undefined
    if (payment && resolver?.onRefunded) {
      await resolver.onRefunded(payment.order_id, trx, {
        paymentId: payment.id,
        refundId: refund.id,
        amountFen: refund.amount_fen,
        refundedFen: payment.refunded_fen,
        fullyRefunded: payment.refunded_fen >= payment.amount_fen,
      })
    }
    return payment
  }

  async function settleRefund(refund: RefundRow, outcome: 'succeeded' | 'failed', wechatRefundId: string | null): Promise<void> {
    const changed = await db.transaction().execute(async (trx) => {
      if (!(await settleRefundRow(trx, refund.id, outcome, wechatRefundId, now()))) return false
      await applyRefundToPayment(trx, refund.payment_id, refund.amount_fen, outcome === 'succeeded', now())
      if (outcome === 'succeeded') await tellDomainRefunded(trx, refund)
      return true
    })
    if (changed) logger.info({ refundId: refund.id, paymentId: refund.payment_id, outcome }, 'refund settled')
  }

  function sendRefund(refund: RefundRow, payment: PaymentRow) {
    // Same out_refund_no and terms every time: WeChat answers a repeat with the same refund.
    return deps.pay().refund({
      out_trade_no: payment.id,
      out_refund_no: refund.id,
      reason: refund.reason,
      notify_url: `${deps.notifyUrlBase()}/api/payments/refund-notify`,
      amount: { refund: refund.amount_fen, total: payment.amount_fen, currency: 'CNY' },
    })
  }

  /** Applies WeChat's word on a refund still processing here. */
  async function applyRefundAnswer(refund: RefundRow, answer: { status: string; refund_id: string }): Promise<void> {
    if (answer.status === 'SUCCESS') await settleRefund(refund, 'succeeded', answer.refund_id)
    else if (answer.status === 'CLOSED' || answer.status === 'ABNORMAL') await settleRefund(refund, 'failed', answer.refund_id)
  }

  /**
   * A refund still processing: ask WeChat about it; if WeChat has no such refund (the request never
   * arrived, or it was answered SYSTEM_ERROR before it was made), send it again — the same
   * out_refund_no and parameters, so WeChat makes it at most once. Never throws.
   */
  async function refreshRefund(refund: RefundRow): Promise<void> {
    try {
      let answer
      try {
        answer = await deps.pay().queryRefund(refund.id)
      } catch (error) {
        if (!(error instanceof WechatPayApiError && error.signed && error.code === 'RESOURCE_NOT_EXISTS')) throw error
        const payment = await findPayment(db, refund.payment_id)
        if (!payment) return
        try {
          answer = await sendRefund(refund, payment)
          logger.info({ refundId: refund.id, paymentId: payment.id }, 'refund sent again (same out_refund_no)')
        } catch (sendError) {
          if (refundCallOutcome(sendError) !== 'refused') throw sendError
          logger.error({ err: sendError, refundId: refund.id }, 'refund refused by WeChat on retry')
          await settleRefund(refund, 'failed', null)
          return
        }
      }
      await applyRefundAnswer(refund, answer)
    } catch (error) {
      logger.warn({ err: error, refundId: refund.id }, 'refund outcome still unknown: will ask WeChat again')
    }
  }

  /**
   * WeChat says a refund we know went through: record it, whatever we thought. Processing → succeeded
   * as usual; failed (written off earlier) → succeeded, the amount added back to what was refunded,
   * with an error in the log because our books were wrong; succeeded → nothing (a repeat).
   */
  async function recordRefundSuccess(refund: RefundRow, wechatRefundId: string | null): Promise<void> {
    if (refund.status === 'processing') {
      await settleRefund(refund, 'succeeded', wechatRefundId)
      return
    }
    if (refund.status !== 'failed') return
    const revived = await db.transaction().execute(async (trx) => {
      if (!(await reviveFailedRefundRow(trx, refund.id, wechatRefundId, now()))) return null
      await addLateRefundToPayment(trx, refund.payment_id, refund.amount_fen, now())
      return (await tellDomainRefunded(trx, refund)) ?? null
    })
    if (!revived) return
    logger.error(
      { alarm: 'refund_revived', refundId: refund.id, paymentId: refund.payment_id, amountFen: refund.amount_fen, refundedFen: revived.refunded_fen, paidFen: revived.amount_fen },
      revived.refunded_fen > revived.amount_fen
        ? 'ALARM: WeChat refunded a refund we had marked failed, and our books now show more refunded than paid: check this payment by hand'
        : 'WeChat refunded a refund we had marked failed: recorded as succeeded',
    )
  }

  /** A signed, well-formed notification that cannot be true of our records: alarm, acknowledge (a retry will not make it true). */
  function refundAlarm(problem: string, fields: Record<string, unknown>): void {
    logger.error({ alarm: 'refund_notification', problem, ...fields }, `ALARM: refund notification that does not match our records (${problem}): acknowledged, nothing changed; check by hand`)
  }

  const service: PaymentsService = {
    registerPayable(kind, resolver) {
      if (!/^[a-z][a-z0-9_]{1,31}$/.test(kind)) throw new Error(`payable kind must look like produce_order, got ${kind}`)
      if (resolvers.has(kind)) throw new Error(`payable kind ${kind} is already registered`)
      resolvers.set(kind, resolver)
    },

    hasPayable: (kind) => resolvers.has(kind),

    async createPayment(userId, kind, orderId) {
      const resolver = resolverFor(kind)
      if (!resolver) throw errors.validation([{ field: 'kind', message: '不支持这种付款类型，请更新小程序后再试' }])
      const order = await resolver.load(orderId, userId, db)
      if (!order) throw errors.notFound('没有找到这笔订单，请返回订单页刷新后再试')

      for (let attempt = 0; attempt < 3; attempt++) {
        const live = await findLivePayment(db, kind, orderId)
        if (live) {
          if (live.user_id !== userId) throw errors.notFound('没有找到这笔订单，请返回订单页刷新后再试')
          if (live.status !== 'pending') throw alreadyPaid()
          // Expired, or the order changed under it (a new amount, cancelled): close it before anything else.
          const stale = live.expires_at <= now() || order.status !== 'unpaid' || live.amount_fen !== order.amountFen
          if (stale) {
            if (!(await closeOne(live))) {
              const current = await findPayment(db, live.id)
              if (current && current.status !== 'pending') throw alreadyPaid() // WeChat says it was paid meanwhile
              throw payUnavailable()
            }
            if (order.status !== 'unpaid') throw order.status === 'paid' ? alreadyPaid() : notPayable()
            continue
          }
          const { row, requestPayment } = await ensurePrepay(live)
          return { created: false, payment: toPaymentDto(row), requestPayment }
        }
        if (order.status === 'paid') throw alreadyPaid()
        if (order.status !== 'unpaid') throw notPayable()
        if (!Number.isSafeInteger(order.amountFen) || order.amountFen < 1) throw notPayable('这笔订单的金额不对，请联系卖家')
        const user = await db.selectFrom('users').select('openid').where('id', '=', userId).executeTakeFirst()
        if (!user) throw errors.sessionExpired()
        const t = now()
        const inserted = await insertPayment(db, {
          id: newId(),
          user_id: userId,
          kind,
          order_id: orderId,
          amount_fen: order.amountFen,
          description: [...order.description].slice(0, 127).join('') || '田园订单',
          status: 'pending',
          payer_openid: user.openid,
          notify_url: `${deps.notifyUrlBase()}/api/payments/notify`,
          prepay_id: null,
          transaction_id: null,
          refunded_fen: 0,
          refund_pending_fen: 0,
          created_at: t,
          expires_at: t + deps.timeoutMs,
          paid_at: null,
          closed_at: null,
          updated_at: t,
        })
        if (!inserted) continue // another request created the live payment first: use that one
        const { row, requestPayment } = await ensurePrepay(inserted)
        return { created: true, payment: toPaymentDto(row), requestPayment }
      }
      throw new AppError(409, 'IDEMPOTENCY_IN_PROGRESS', '付款正在创建中，请稍等几秒再试', undefined, { 'Retry-After': '2' })
    },

    async getPayment(userId, id) {
      let row = await findOwnPayment(db, id, userId)
      if (!row) throw paymentNotFound()
      if (row.status === 'pending') {
        // A client's "paid" is not proof, and a notification may be late or lost: ask WeChat.
        if (row.prepay_id) await refreshFromWechat(row)
        row = (await findPayment(db, id)) ?? row
        if (row.status === 'pending' && row.expires_at <= now()) await closeOne(row)
      } else if (row.status === 'refunding') {
        for (const refund of await findProcessingRefunds(db, row.id, now(), 10)) await refreshRefund(refund)
      }
      return toPaymentDto((await findPayment(db, id)) ?? row)
    },

    async handleNotification(headers, rawBody, expected) {
      let notification
      try {
        notification = deps.pay().parseNotification(headers, rawBody)
      } catch (error) {
        logger.warn({ reason: error instanceof Error ? error.message : String(error) }, 'notification rejected')
        throw new NotifyRejected(400, error instanceof WechatPaySignatureError ? '签名验证失败' : '通知内容无法解析')
      }
      if (notification.kind !== expected) throw new NotifyRejected(400, '通知类型不对')

      if (notification.kind === 'transaction') {
        const t = notification.resource
        const row = typeof t.out_trade_no === 'string' ? await findPayment(db, t.out_trade_no) : undefined
        if (!row) throw new NotifyRejected(404, '订单不存在')
        await applyTransaction(row, t)
        return
      }
      // Signed by WeChat from here on: what it says happened, happened. Anything that cannot be
      // true of our records raises an alarm and is acknowledged (WeChat's retries cannot fix it).
      const r = notification.resource
      const fields = { outRefundNo: r.out_refund_no, outTradeNo: r.out_trade_no, refundId: r.refund_id, status: r.refund_status, amount: r.amount?.refund }
      if (r.mchid !== deps.mchId) return refundAlarm(`mchid ${String(r.mchid)} is not ours`, fields)
      const refund = typeof r.out_refund_no === 'string' ? await findRefund(db, r.out_refund_no) : undefined
      if (!refund) return refundAlarm('unknown refund', fields)
      if (refund.payment_id !== r.out_trade_no) return refundAlarm('out_trade_no is not the refund’s payment', fields)
      if (r.amount?.refund !== refund.amount_fen) return refundAlarm(`amount ${String(r.amount?.refund)} ≠ ${refund.amount_fen}`, fields)
      if (r.refund_status === 'SUCCESS') await recordRefundSuccess(refund, r.refund_id)
      else if (r.refund_status === 'CLOSED' || r.refund_status === 'ABNORMAL') {
        if (refund.status === 'succeeded') return refundAlarm(`${r.refund_status} for a refund recorded as succeeded`, fields)
        await settleRefund(refund, 'failed', r.refund_id)
      }
    },

    async refundPayment(paymentId, amountFen, reason, options = {}) {
      if (!Number.isSafeInteger(amountFen) || amountFen < 1) throw errors.validation([{ field: 'amountFen', message: '退款金额至少 1 分' }])
      const refundId = newId()
      const t = now()
      const reserved = await db.transaction().execute(async (trx) => {
        if (!(await reserveRefund(trx, paymentId, amountFen, t, options.whenRefundedFen))) return false
        await insertRefund(trx, {
          id: refundId,
          payment_id: paymentId,
          amount_fen: amountFen,
          reason,
          status: 'processing',
          wechat_refund_id: null,
          created_at: t,
          succeeded_at: null,
          updated_at: t,
        })
        return true
      })
      if (!reserved) {
        const row = await findPayment(db, paymentId)
        if (!row) throw paymentNotFound()
        if (!(REFUNDABLE_STATUSES as readonly string[]).includes(row.status)) {
          throw new AppError(409, 'PAYMENT_NOT_REFUNDABLE', row.status === 'refunded' ? '这笔付款已经全部退款了' : '这笔付款还没有付成功，不能退款')
        }
        if (options.whenRefundedFen !== undefined && (row.refund_pending_fen > 0 || row.refunded_fen !== options.whenRefundedFen)) {
          throw new AppError(409, 'PAYMENT_NOT_REFUNDABLE', '这笔付款已经有退款在办理了，请稍后刷新查看')
        }
        const left = Math.max(0, row.amount_fen - row.refunded_fen - row.refund_pending_fen)
        throw new AppError(409, 'REFUND_EXCEEDS_REMAINING', `退款金额超过了可退金额，最多还能退 ${formatYuan(left)} 元`, { remainingFen: left })
      }
      const payment = (await findPayment(db, paymentId)) as PaymentRow
      const refund = (await findRefund(db, refundId)) as RefundRow
      let answer
      try {
        answer = await sendRefund(refund, payment)
      } catch (error) {
        if (refundCallOutcome(error) === 'refused') {
          // A signed business refusal: nothing was refunded, release the reservation.
          logger.error({ err: error, refundId }, 'refund refused by WeChat')
          await settleRefund(refund, 'failed', null)
          throw new AppError(502, 'WECHAT_PAY_UNAVAILABLE', '微信支付没有接受这笔退款，请稍后再试')
        }
        // Unknown: WeChat may have made it. Keep it processing (the amount stays reserved);
        // reconcileRefunds asks WeChat and resends the same out_refund_no.
        logger.warn({ err: error, refundId }, 'refund outcome unknown: kept processing, will ask WeChat again')
      }
      if (answer) await applyRefundAnswer(refund, answer)
      return {
        payment: toPaymentDto((await findPayment(db, paymentId)) as PaymentRow),
        refund: toRefundDto((await findRefund(db, refundId)) as RefundRow),
      }
    },

    async closeExpired() {
      let closed = 0
      for (const row of await findExpiredPending(db, now(), 100)) if (await closeOne(row)) closed++
      return closed
    },

    async reconcileRefunds(olderThanMs = 60_000) {
      const stuck = await findProcessingRefunds(db, null, now() - olderThanMs, 100)
      for (const refund of stuck) await refreshRefund(refund)
      return stuck.length
    },
  }
  return service
}
