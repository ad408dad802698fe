// Payments' words and names as plain values, with no zod: the payments module, the domains that
// plug into it and the apps that start a payment name a payable kind and a payment's status the
// same way (`@tianyuan/contracts/payments-rules`).

/** A payable kind: lower-case words joined by `_` (what `payments.registerPayable` accepts). */
export const PAYABLE_KIND_PATTERN = /^[a-z][a-z0-9_]{1,31}$/

/** 田园集市: a produce order (apps/api modules/market/payable.ts). */
export const MARKET_ORDER_KIND = 'market_order'
/** 乡村问诊: a consultation fee (apps/api modules/clinic/payable.ts). */
export const CLINIC_APPOINTMENT_KIND = 'clinic_appointment'
/** 田间课堂: a course purchase (apps/api modules/classroom/payable.ts). */
export const CLASSROOM_COURSE_KIND = 'classroom_course'

/** 惠农小贷: one repayment of a loan's installments (apps/api modules/loans/payable.ts). */
export const LOAN_REPAYMENT_KIND = 'loan_repayment'

/** Every payable kind in use. */
export const PAYABLE_KINDS = [MARKET_ORDER_KIND, CLINIC_APPOINTMENT_KIND, LOAN_REPAYMENT_KIND, CLASSROOM_COURSE_KIND] as const
export type PayableKind = (typeof PAYABLE_KINDS)[number]

/** A payment's status, as a person reads it. */
export const PAYMENT_STATUS_WORDS = {
  pending: '待支付',
  paid: '已支付',
  closed: '已关闭',
  refunding: '退款中',
  refunded: '已退款',
  partially_refunded: '部分退款',
} as const
export type PaymentStatusWord = keyof typeof PAYMENT_STATUS_WORDS
