import type { Generated } from 'kysely'

// Tables as Kysely sees them. Instants are epoch milliseconds (bigint on PostgreSQL, parsed
// back to number; INTEGER on SQLite), so the same queries and comparisons run on both.

export interface UsersTable {
  id: string
  openid: string
  unionid: string | null
  nickname: string | null
  avatar_media_id: string | null
  phone: string | null
  phone_country_code: string | null
  created_at: number
  updated_at: number
}

export interface SessionsTable {
  /** sha256(token), hex: the token itself is never stored. */
  token_hash: string
  user_id: string
  /** WeChat's session_key: stays here, never in a response or a log. */
  wechat_session_key: string
  created_at: number
  expires_at: number
  revoked_at: number | null
}

export interface IdempotencyKeysTable {
  user_id: string
  key: string
  request_hash: string
  /** 'running' while the first request is in flight, 'done' once its response is stored. */
  state: 'running' | 'done'
  claimed_at: number
  expires_at: number
  status: number | null
  content_type: string | null
  /** Base64 of the stored response body. */
  body: string | null
}

export interface MediaTable {
  id: string
  owner_id: string
  mime: 'image/jpeg' | 'image/png' | 'image/webp'
  width: number
  height: number
  bytes: number
  thumbhash: string
  storage_key: string
  created_at: number
  deleted_at: number | null
}

export interface RateLimitsTable {
  bucket: string
  window_start: number
  hits: number
}

export type PaymentStatusColumn = 'pending' | 'paid' | 'closed' | 'refunding' | 'refunded' | 'partially_refunded'

export interface PaymentsTable {
  /** Also WeChat's out_trade_no. */
  id: string
  user_id: string
  kind: string
  order_id: string
  amount_fen: number
  description: string
  status: PaymentStatusColumn
  payer_openid: string
  notify_url: string
  prepay_id: string | null
  transaction_id: string | null
  refunded_fen: number
  refund_pending_fen: number
  created_at: number
  expires_at: number
  paid_at: number | null
  closed_at: number | null
  updated_at: number
}

export interface RefundsTable {
  /** Also WeChat's out_refund_no. */
  id: string
  payment_id: string
  amount_fen: number
  reason: string
  status: 'processing' | 'succeeded' | 'failed'
  wechat_refund_id: string | null
  created_at: number
  succeeded_at: number | null
  updated_at: number
}

export type ScheduledJobStatus = 'due' | 'running' | 'done' | 'failed' | 'expired' | 'cancelled'

/** platform/scheduler's jobs and platform/jobs' periodic ticks (kind 'jobs.periodic'). */
export interface ScheduledJobsTable {
  id: string
  kind: string
  key: string
  run_at: number
  expires_at: number | null
  /** JSON object. */
  payload: string
  status: ScheduledJobStatus
  attempt: number
  lease_until: number | null
  claimed_by: string | null
  last_error: string | null
  created_at: number
  updated_at: number
}

export interface Database {
  users: UsersTable
  sessions: SessionsTable
  idempotency_keys: IdempotencyKeysTable
  media: MediaTable
  rate_limits: RateLimitsTable
  payments: PaymentsTable
  refunds: RefundsTable
  scheduled_jobs: ScheduledJobsTable
}

// Kept for tables that grow a serial id later.
export type { Generated }
