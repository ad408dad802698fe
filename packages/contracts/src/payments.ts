import { z } from 'zod'
import { Fen } from './money'
import { IsoDateTime } from './time'
import { Id } from './ids'
import { PAYABLE_KIND_PATTERN, PAYMENT_STATUS_WORDS, type PaymentStatusWord } from './payments-rules'

export { CLASSROOM_COURSE_KIND, CLINIC_APPOINTMENT_KIND, LOAN_REPAYMENT_KIND, MARKET_ORDER_KIND, PAYABLE_KINDS, PAYMENT_STATUS_WORDS, type PayableKind } from './payments-rules'

/**
 * Payments: one API for consultation fees, course purchases, loan repayments and produce orders.
 * The client names an order (`kind` + `orderId`); the amount always comes from the server's record.
 */

/** Which domain the order belongs to, e.g. `produce_order`, `consultation_fee`, `course_purchase`, `loan_repayment`. */
export const PaymentKind = z.string().regex(PAYABLE_KIND_PATTERN, { message: '付款类型格式不对' })
export type PaymentKind = z.infer<typeof PaymentKind>

/** The domain's own order id. */
export const PayableOrderId = Id
export type PayableOrderId = z.infer<typeof PayableOrderId>

export const PaymentId = z.string().regex(/^[A-Za-z0-9_-]{16,64}$/, { message: '付款编号格式不对' })
export type PaymentId = z.infer<typeof PaymentId>

/**
 * pending → paid (notify or query) | closed (timeout, nothing charged);
 * paid | partially_refunded → refunding (a refund in progress) → partially_refunded | refunded.
 */
export const PaymentStatus = z.enum(Object.keys(PAYMENT_STATUS_WORDS) as [PaymentStatusWord, ...PaymentStatusWord[]])
export type PaymentStatus = z.infer<typeof PaymentStatus>

export const Payment = z.strictObject({
  id: PaymentId,
  kind: PaymentKind,
  orderId: PayableOrderId,
  status: PaymentStatus,
  /** From the server's order record, never from the client. */
  amountFen: Fen,
  /** Refunds that have gone through so far. */
  refundedFen: Fen,
  description: z.string(),
  createdAt: IsoDateTime,
  /** An unpaid payment closes at this time. */
  expiresAt: IsoDateTime,
  paidAt: z.optional(IsoDateTime),
})
export type Payment = z.infer<typeof Payment>

/** Exactly what `wx.requestPayment` takes (plus success/fail callbacks). */
export const RequestPaymentParams = z.strictObject({
  timeStamp: z.string(),
  nonceStr: z.string(),
  package: z.string(),
  signType: z.literal('RSA'),
  paySign: z.string(),
})
export type RequestPaymentParams = z.infer<typeof RequestPaymentParams>

/** `POST /api/payments` */
export const CreatePaymentRequest = z.strictObject({ kind: PaymentKind, orderId: PayableOrderId })
export type CreatePaymentRequest = z.infer<typeof CreatePaymentRequest>

export const CreatePaymentResponse = z.strictObject({ payment: Payment, requestPayment: RequestPaymentParams })
export type CreatePaymentResponse = z.infer<typeof CreatePaymentResponse>

/** `GET /api/payments/:id` — the server's truth (it asks WeChat when no notification has come). */
export const PaymentResponse = z.strictObject({ payment: Payment })
export type PaymentResponse = z.infer<typeof PaymentResponse>

export const RefundStatus = z.enum(['processing', 'succeeded', 'failed'])
export type RefundStatus = z.infer<typeof RefundStatus>

export const Refund = z.strictObject({
  id: z.string(),
  paymentId: PaymentId,
  amountFen: Fen,
  reason: z.string(),
  status: RefundStatus,
  createdAt: IsoDateTime,
  succeededAt: z.optional(IsoDateTime),
})
export type Refund = z.infer<typeof Refund>

