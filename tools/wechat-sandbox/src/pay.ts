// The merchant-facing half of WeChat Pay v3 (JSAPI prepay, query, close, refund) and the
// payer-facing half (the cashier's confirm / cancel / fail), over one in-memory ledger.
import { randomString, verify } from './crypto'
import type { SandboxKeys } from './keys'
import type { Timers } from './clock'
import type { Notifier } from './notify'
import { rfc3339Cst } from './time'

export interface V3Answer {
  status: number
  body?: unknown
}

const fail = (status: number, code: string, message: string): V3Answer => ({ status, body: { code, message } })
const paramError = (field: string, rule = '必填性规则校验失败，此字段为必填项') =>
  fail(400, 'PARAM_ERROR', `输入源“/body/${field}”映射到值字段“${field}”${rule}`)

export const PREPAY_TTL_MS = 2 * 3600_000

type TradeState = 'NOTPAY' | 'SUCCESS' | 'REFUND' | 'CLOSED'
const TRADE_STATE_DESC: Record<TradeState, string> = {
  NOTPAY: '订单未支付',
  SUCCESS: '支付成功',
  REFUND: '订单发生过退款',
  CLOSED: '订单已关闭',
}

interface Order {
  appid: string
  mchid: string
  description: string
  out_trade_no: string
  notify_url: string
  total: number
  openid: string
  attach?: string
  timeExpireMs?: number
  fingerprint: string
  prepayId: string
  prepayCreatedAt: number
  state: TradeState
  transactionId?: string
  successTime?: string
  refunds: string[]
}

interface RefundRecord {
  refund_id: string
  out_refund_no: string
  out_trade_no: string
  transaction_id: string
  notify_url?: string
  reason?: string
  refund: number
  total: number
  status: 'PROCESSING' | 'SUCCESS'
  create_time: string
  success_time?: string
  fingerprint: string
}

/** A refund request as the sandbox received it (test controls and assertions). */
export interface RefundCall {
  out_refund_no: string
  /** The HTTP status answered. */
  status: number
}

/** A refund WeChat made. */
export interface RefundMade {
  out_refund_no: string
  out_trade_no: string
  refund: number
  status: 'PROCESSING' | 'SUCCESS'
  reason?: string
}

/** What `wx.requestPayment` is given, and what the cashier sends back to confirm/cancel/fail. */
export interface RequestPaymentInput {
  timeStamp?: unknown
  nonceStr?: unknown
  package?: unknown
  signType?: unknown
  paySign?: unknown
}

export interface CashierView {
  merchantName: string
  description: string
  total: number
  state: TradeState
}

export interface PayOptions {
  appId: string
  mchId: string
  keys: SandboxKeys
  now: () => number
  timers: Timers
  notifier: Notifier
  /** How long a refund stays PROCESSING before it succeeds. */
  refundDelayMs: number
  merchantName: string
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)
const isStr = (v: unknown, max: number, min = 1): v is string => typeof v === 'string' && v.length >= min && v.length <= max
const isPositiveInt = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 1

const digits = (n: number) => randomString(n, '0123456789')

export class PayService {
  private readonly orders = new Map<string, Order>()
  private readonly byPrepay = new Map<string, Order>()
  private readonly byTransaction = new Map<string, Order>()
  private readonly refunds = new Map<string, RefundRecord>()
  private readonly settleTimers = new Set<unknown>()
  private readonly refundFaults: ('before' | 'after')[] = []
  private readonly refundCalls: RefundCall[] = []

  constructor(private readonly o: PayOptions) {}

  jsapi(mchidFromAuth: string, body: unknown): V3Answer {
    if (!isObj(body)) return fail(400, 'PARAM_ERROR', '请求体不是合法的JSON对象')
    const { appid, mchid, description, out_trade_no, notify_url, amount, payer, time_expire, attach } = body
    if (!isStr(appid, 32)) return paramError('appid')
    if (!isStr(mchid, 32)) return paramError('mchid')
    if (!isStr(description, 127)) return paramError('description')
    if (typeof out_trade_no !== 'string') return paramError('out_trade_no')
    if (!/^[0-9A-Za-z_\-|*]{6,32}$/.test(out_trade_no)) return paramError('out_trade_no', '格式校验失败')
    if (!isStr(notify_url, 256)) return paramError('notify_url')
    if (!/^https?:\/\/[^\s]+$/.test(notify_url)) return paramError('notify_url', '格式校验失败')
    if (!isObj(amount)) return paramError('amount')
    if (!isPositiveInt(amount.total)) return paramError('amount/total', '取值范围校验失败')
    if (amount.currency !== undefined && amount.currency !== 'CNY') return paramError('amount/currency', '枚举值校验失败')
    if (!isObj(payer) || !isStr(payer.openid, 128)) return paramError('payer/openid')
    if (attach !== undefined && !isStr(attach, 128, 0)) return paramError('attach', '长度校验失败')
    let timeExpireMs: number | undefined
    if (time_expire !== undefined) {
      if (typeof time_expire !== 'string' || !/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?([+-]\d\d:\d\d|Z)$/.test(time_expire)) {
        return paramError('time_expire', '格式校验失败')
      }
      timeExpireMs = Date.parse(time_expire)
    }
    if (mchid !== mchidFromAuth) return fail(400, 'INVALID_REQUEST', '请求体中的商户号与签名中的商户号不一致')
    if (appid !== this.o.appId) return fail(400, 'PARAM_ERROR', 'appid和mch_id不匹配，请检查后再试')

    const fingerprint = JSON.stringify([appid, mchid, description, notify_url, amount.total, payer.openid, attach ?? null, time_expire ?? null])
    const now = this.o.now()
    const existing = this.orders.get(out_trade_no)
    if (existing) {
      if (existing.state === 'SUCCESS' || existing.state === 'REFUND') return fail(400, 'ORDERPAID', '该订单已支付')
      if (existing.state === 'CLOSED') return fail(400, 'ORDER_CLOSED', '该订单已关闭')
      if (existing.fingerprint !== fingerprint) return fail(400, 'INVALID_REQUEST', '201 商户订单号重复')
      // The same order again: the same prepay_id while it lives, a fresh one after its 2 hours.
      if (now - existing.prepayCreatedAt >= PREPAY_TTL_MS) {
        this.byPrepay.delete(existing.prepayId)
        existing.prepayId = this.newPrepayId()
        existing.prepayCreatedAt = now
        this.byPrepay.set(existing.prepayId, existing)
      }
      return { status: 200, body: { prepay_id: existing.prepayId } }
    }
    const order: Order = {
      appid,
      mchid,
      description,
      out_trade_no,
      notify_url,
      total: amount.total,
      openid: payer.openid,
      attach: attach as string | undefined,
      timeExpireMs,
      fingerprint,
      prepayId: this.newPrepayId(),
      prepayCreatedAt: now,
      state: 'NOTPAY',
      refunds: [],
    }
    this.orders.set(out_trade_no, order)
    this.byPrepay.set(order.prepayId, order)
    return { status: 200, body: { prepay_id: order.prepayId } }
  }

  query(mchidFromAuth: string, outTradeNo: string, mchidParam: string | undefined): V3Answer {
    if (!mchidParam) return fail(400, 'PARAM_ERROR', '输入源“/query/mchid”映射到值字段“mchid”必填性规则校验失败，此字段为必填项')
    if (mchidParam !== mchidFromAuth) return fail(400, 'INVALID_REQUEST', '请求中的商户号与签名中的商户号不一致')
    const order = this.orders.get(outTradeNo)
    if (!order) return fail(404, 'ORDER_NOT_EXIST', '订单不存在')
    return { status: 200, body: this.transactionView(order) }
  }

  close(mchidFromAuth: string, outTradeNo: string, body: unknown): V3Answer {
    if (!isObj(body) || !isStr(body.mchid, 32)) return paramError('mchid')
    if (body.mchid !== mchidFromAuth) return fail(400, 'INVALID_REQUEST', '请求体中的商户号与签名中的商户号不一致')
    const order = this.orders.get(outTradeNo)
    if (!order) return fail(404, 'ORDER_NOT_EXIST', '订单不存在')
    if (order.state === 'SUCCESS' || order.state === 'REFUND') return fail(400, 'ORDERPAID', '该订单已支付')
    order.state = 'CLOSED'
    return { status: 204 }
  }

  refund(body: unknown): V3Answer {
    const answer = this.receiveRefund(body)
    const outRefundNo = isObj(body) && typeof body.out_refund_no === 'string' ? body.out_refund_no : ''
    this.refundCalls.push({ out_refund_no: outRefundNo, status: answer.status })
    return answer
  }

  private receiveRefund(body: unknown): V3Answer {
    if (!isObj(body)) return fail(400, 'PARAM_ERROR', '请求体不是合法的JSON对象')
    const { transaction_id, out_trade_no, out_refund_no, reason, notify_url, amount } = body
    if (transaction_id === undefined && out_trade_no === undefined) return paramError('out_trade_no')
    if (transaction_id !== undefined && !isStr(transaction_id, 32)) return paramError('transaction_id', '格式校验失败')
    if (out_trade_no !== undefined && !isStr(out_trade_no, 32)) return paramError('out_trade_no', '格式校验失败')
    if (typeof out_refund_no !== 'string') return paramError('out_refund_no')
    if (!/^[0-9A-Za-z_\-|*@]{1,64}$/.test(out_refund_no)) return paramError('out_refund_no', '格式校验失败')
    // string(80) in bytes of UTF-8 ("不可超过80个字节"): 26 Chinese characters fit, 27 do not.
    if (reason !== undefined && (typeof reason !== 'string' || Buffer.byteLength(reason, 'utf8') > 80)) return paramError('reason', '长度校验失败')
    if (notify_url !== undefined && (!isStr(notify_url, 256) || !/^https?:\/\/[^\s]+$/.test(notify_url))) {
      return paramError('notify_url', '格式校验失败')
    }
    if (!isObj(amount)) return paramError('amount')
    if (!isPositiveInt(amount.refund)) return paramError('amount/refund', '取值范围校验失败')
    if (!isPositiveInt(amount.total)) return paramError('amount/total', '取值范围校验失败')
    if (amount.currency !== 'CNY') return paramError('amount/currency')

    const systemError = () => fail(500, 'SYSTEM_ERROR', '系统超时，请使用相同参数稍后重新调用')
    const fault = this.refundFaults.shift()
    if (fault === 'before') return systemError()
    const answer = this.makeRefund(body, out_refund_no)
    // 'after': WeChat made (or found) the refund, then its answer was lost in a system error.
    return fault === 'after' ? systemError() : answer
  }

  /**
   * Test control: the next `count` refund requests answer 500 SYSTEM_ERROR. `made: false` (default):
   * nothing is refunded; `made: true`: the refund is made (or found) first and only the answer is
   * an error — WeChat's SYSTEM_ERROR means either may have happened.
   */
  failNextRefunds(count: number, made = false): void {
    for (let i = 0; i < count; i++) this.refundFaults.push(made ? 'after' : 'before')
  }

  /** Every refund request received, in order, with the status answered. */
  refundRequests(): RefundCall[] {
    return this.refundCalls.map((c) => ({ ...c }))
  }

  /** The refunds made (WeChat's ledger), for one out_trade_no or all. */
  refundsMade(outTradeNo?: string): RefundMade[] {
    return [...this.refunds.values()]
      .filter((r) => outTradeNo === undefined || r.out_trade_no === outTradeNo)
      .map((r) => ({ out_refund_no: r.out_refund_no, out_trade_no: r.out_trade_no, refund: r.refund, status: r.status, ...(r.reason !== undefined ? { reason: r.reason } : {}) }))
  }

  private makeRefund(body: Record<string, unknown>, out_refund_no: string): V3Answer {
    const { transaction_id, out_trade_no, reason, notify_url, amount: rawAmount } = body
    const amount = rawAmount as { refund: number; total: number }
    const order =
      transaction_id !== undefined ? this.byTransaction.get(transaction_id as string) : this.orders.get(out_trade_no as string)
    if (!order) return fail(404, 'RESOURCE_NOT_EXISTS', '订单不存在')
    const fingerprint = JSON.stringify([order.out_trade_no, amount.refund, amount.total, notify_url ?? null])
    const existing = this.refunds.get(out_refund_no)
    if (existing) {
      if (existing.fingerprint !== fingerprint) return fail(400, 'INVALID_REQUEST', '退款单号重复，且参数与原退款请求不一致')
      return { status: 200, body: this.refundView(existing) }
    }
    if (order.state !== 'SUCCESS' && order.state !== 'REFUND') return fail(400, 'INVALID_REQUEST', '订单未支付，不能退款')
    if (amount.total !== order.total) return fail(400, 'INVALID_REQUEST', '订单金额与原订单不一致')
    const refunded = order.refunds.reduce((sum, no) => sum + (this.refunds.get(no)?.refund ?? 0), 0)
    if (amount.refund > order.total - refunded) return fail(400, 'INVALID_REQUEST', '申请退款金额超过订单可退金额')

    const record: RefundRecord = {
      refund_id: '50' + digits(30),
      out_refund_no,
      out_trade_no: order.out_trade_no,
      transaction_id: order.transactionId!,
      notify_url: notify_url as string | undefined,
      reason: reason as string | undefined,
      refund: amount.refund,
      total: order.total,
      status: 'PROCESSING',
      create_time: rfc3339Cst(this.o.now()),
      fingerprint,
    }
    this.refunds.set(out_refund_no, record)
    order.refunds.push(out_refund_no)
    order.state = 'REFUND'
    const t = this.o.timers.setTimeout(() => {
      this.settleTimers.delete(t)
      this.settleRefund(record, order)
    }, this.o.refundDelayMs)
    this.settleTimers.add(t)
    return { status: 200, body: this.refundView(record) }
  }

  queryRefund(outRefundNo: string): V3Answer {
    const record = this.refunds.get(outRefundNo)
    if (!record) return fail(404, 'RESOURCE_NOT_EXISTS', '退款单不存在')
    return { status: 200, body: this.refundView(record) }
  }

  /** What the cashier page shows; null when the prepay_id is unknown. */
  cashierView(prepayId: string): CashierView | null {
    const order = this.byPrepay.get(prepayId)
    if (!order) return null
    return { merchantName: this.o.merchantName, description: order.description, total: order.total, state: order.state }
  }

  /**
   * The payer's decision in the cashier, after the same checks WeChat makes before it shows
   * its payment sheet (the paySign must verify with the merchant key). Returns the errMsg
   * `wx.requestPayment` would give.
   */
  decide(prepayId: string, params: RequestPaymentInput, decision: 'confirm' | 'cancel' | 'fail', failDetail?: string): string {
    const order = this.byPrepay.get(prepayId)
    if (!order) return 'requestPayment:fail prepay_id无效'
    const { timeStamp, nonceStr, signType, paySign } = params
    const pkg = params.package
    if (typeof timeStamp !== 'string' || !/^\d{1,12}$/.test(timeStamp)) return 'requestPayment:fail timeStamp参数错误'
    if (typeof nonceStr !== 'string' || nonceStr === '' || nonceStr.length > 32) return 'requestPayment:fail nonceStr参数错误'
    if (pkg !== `prepay_id=${prepayId}`) return 'requestPayment:fail package参数错误'
    if (signType !== 'RSA') return 'requestPayment:fail 签名类型错误'
    if (typeof paySign !== 'string' || !verify(this.o.keys.merchantPublicKey, `${order.appid}\n${timeStamp}\n${nonceStr}\n${pkg}\n`, paySign)) {
      return 'requestPayment:fail 支付验证签名失败'
    }
    const now = this.o.now()
    if (order.state === 'SUCCESS' || order.state === 'REFUND') return 'requestPayment:fail 该订单已支付'
    if (order.state === 'CLOSED') return 'requestPayment:fail 订单已关闭'
    if (now - order.prepayCreatedAt >= PREPAY_TTL_MS) return 'requestPayment:fail prepay_id已失效'
    if (order.timeExpireMs !== undefined && now >= order.timeExpireMs) return 'requestPayment:fail 订单已过期'
    if (decision === 'cancel') return 'requestPayment:fail cancel'
    // A failed payment leaves the order NOTPAY, as in WeChat: the payer may try again, and
    // nothing is notified.
    if (decision === 'fail') return `requestPayment:fail ${failDetail || '模拟支付失败'}`

    order.state = 'SUCCESS'
    order.transactionId = '4200' + digits(24)
    order.successTime = rfc3339Cst(now)
    this.byTransaction.set(order.transactionId, order)
    this.o.notifier.send(order.notify_url, 'TRANSACTION.SUCCESS', '支付成功', 'transaction', this.transactionView(order))
    return 'requestPayment:ok'
  }

  stop(): void {
    for (const t of this.settleTimers) this.o.timers.clearTimeout(t)
    this.settleTimers.clear()
  }

  private settleRefund(record: RefundRecord, order: Order): void {
    record.status = 'SUCCESS'
    record.success_time = rfc3339Cst(this.o.now())
    if (!record.notify_url) return
    this.o.notifier.send(record.notify_url, 'REFUND.SUCCESS', '退款成功', 'refund', {
      mchid: order.mchid,
      out_trade_no: order.out_trade_no,
      transaction_id: record.transaction_id,
      out_refund_no: record.out_refund_no,
      refund_id: record.refund_id,
      refund_status: 'SUCCESS',
      success_time: record.success_time,
      user_received_account: '支付用户零钱',
      amount: { total: record.total, refund: record.refund, payer_total: record.total, payer_refund: record.refund },
    })
  }

  private newPrepayId(): string {
    return 'wx' + digits(14) + randomString(18, '0123456789abcdef') + digits(4)
  }

  private transactionView(order: Order): object {
    const paid = order.state === 'SUCCESS' || order.state === 'REFUND'
    return {
      appid: order.appid,
      mchid: order.mchid,
      out_trade_no: order.out_trade_no,
      ...(order.transactionId ? { transaction_id: order.transactionId } : {}),
      trade_type: 'JSAPI',
      trade_state: order.state,
      trade_state_desc: TRADE_STATE_DESC[order.state],
      ...(paid ? { bank_type: 'OTHERS', success_time: order.successTime } : {}),
      attach: order.attach ?? '',
      payer: { openid: order.openid },
      amount: paid
        ? { total: order.total, payer_total: order.total, currency: 'CNY', payer_currency: 'CNY' }
        : { total: order.total, currency: 'CNY', payer_currency: 'CNY' },
    }
  }

  private refundView(r: RefundRecord): object {
    return {
      refund_id: r.refund_id,
      out_refund_no: r.out_refund_no,
      transaction_id: r.transaction_id,
      out_trade_no: r.out_trade_no,
      channel: 'ORIGINAL',
      user_received_account: '支付用户零钱',
      ...(r.success_time ? { success_time: r.success_time } : {}),
      create_time: r.create_time,
      status: r.status,
      funds_account: 'AVAILABLE',
      amount: {
        total: r.total,
        refund: r.refund,
        payer_total: r.total,
        payer_refund: r.refund,
        settlement_refund: r.refund,
        settlement_total: r.total,
        discount_refund: 0,
        currency: 'CNY',
      },
    }
  }
}
