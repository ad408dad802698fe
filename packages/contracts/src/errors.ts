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
