// Types only: every export here is erased at compile time, so an app can
//   import type { User, LoginResponse } from '@tianyuan/contracts/types'
// and no zod (or dayjs) reaches its bundle. Keep this file free of value exports.
export type { ErrorCode, ErrorBody, FieldIssue } from './errors'
export type { Fen } from './money'
export type { IsoDateTime, LocalDate } from './time'
export type {
  LoginRequest,
  LoginResponse,
  LogoutResponse,
  User,
  UpdateProfileRequest,
  BindPhoneRequest,
  MeResponse,
} from './auth'
export type { MediaMeta, MediaFormat, MediaVariantQuery, MediaId, DeleteMediaResponse, MediaListResponse } from './media'
export type { HealthResponse } from './health'
export type {
  PaymentKind,
  PayableOrderId,
  PaymentId,
  PaymentStatus,
  Payment,
  RequestPaymentParams,
  CreatePaymentRequest,
  CreatePaymentResponse,
  PaymentResponse,
  RefundStatus,
  Refund,
  CreateRefundRequest,
  CreateRefundResponse,
} from './payments'
