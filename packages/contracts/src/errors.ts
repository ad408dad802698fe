import { z } from 'zod'

/**
 * Every error the API sends has this one shape. `message` is plain zh-CN that a villager can
 * act on; `code` is what the SDK and the apps branch on; `details` is for developers.
 */
export const ErrorCode = z.enum([
  'BAD_REQUEST',
  'VALIDATION_FAILED',
  'PAYLOAD_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
  'UNAUTHENTICATED',
  'SESSION_EXPIRED',
  'NOT_FOUND',
  'METHOD_NOT_ALLOWED',
  'RATE_LIMITED',
  /** A per-user limit (unpaid orders, bookings, addresses, family members): the message says what to do. */
  'QUOTA_EXCEEDED',
  'IDEMPOTENCY_KEY_INVALID',
  'IDEMPOTENCY_KEY_REUSED',
  'IDEMPOTENCY_IN_PROGRESS',
  'WECHAT_CODE_INVALID',
  'WECHAT_RATE_LIMITED',
  'WECHAT_USER_BLOCKED',
  'WECHAT_UNAVAILABLE',
  'MEDIA_TYPE_NOT_ALLOWED',
  'MEDIA_UNREADABLE',
  'NOT_READY',
  'PAYMENT_ALREADY_PAID',
  'ORDER_NOT_PAYABLE',
  'PAYMENT_NOT_REFUNDABLE',
  'REFUND_EXCEEDS_REMAINING',
  'WECHAT_PAY_UNAVAILABLE',
  'PAYMENTS_UNAVAILABLE',
  'OUT_OF_STOCK',
  'PRODUCT_UNAVAILABLE',
  'ORDER_STATE_CONFLICT',
  'CONFLICT',
  'NO_SHOP',
  'SLOT_FULL',
  'APPOINTMENT_STATE_CONFLICT',
  'NOT_A_DOCTOR',
  /** 惠农小贷: the loan is not in a state that allows this (the message says which). */
  'LOAN_STATE_CONFLICT',
  /** 惠农小贷: the caller is not a credit officer (信贷员). */
  'NOT_A_LOAN_OFFICER',
  /** 惠农小贷: an officer may not decide their own application. */
  'OWN_APPLICATION',
  /** 惠农小贷: the amount quoted has changed (a day passed): the answer carries the new quote. */
  'QUOTE_CHANGED',
  /** 田间课堂: the caller is not a teacher (讲师). */
  'NOT_A_TEACHER',
  /** 田间课堂: the lesson opens only after the course is bought (it is not a trial lesson). */
  'LESSON_LOCKED',
  /** 田间课堂: a media link expired or was altered (fetch the lesson again for fresh links). */
  'MEDIA_LINK_INVALID',
  /** 田间课堂: the upload still misses bytes (resume it, then attach it). */
  'UPLOAD_NOT_FINISHED',
  /** 通知到人: the caller is not a member of a publishing organisation (村委会, 卫生院, …). */
  'NOT_A_PUBLISHER',
  'INTERNAL',
])
export type ErrorCode = z.infer<typeof ErrorCode>

export const FieldIssue = z.strictObject({
  /** Dotted path of the offending field, e.g. `nickname` or `items.0.qty`; empty for the whole body. */
  field: z.string(),
  message: z.string(),
})
export type FieldIssue = z.infer<typeof FieldIssue>

export const ErrorBody = z.strictObject({
  code: ErrorCode,
  message: z.string(),
  details: z.optional(z.union([z.strictObject({ issues: z.array(FieldIssue) }), z.record(z.string(), z.unknown())])),
})
export type ErrorBody = z.infer<typeof ErrorBody>
