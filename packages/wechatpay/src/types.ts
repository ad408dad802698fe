// The subset of WeChat Pay v3's JSON shapes this project uses. Field names are WeChat's
// (snake_case) so that a response can be compared with the documentation directly.

export interface JsapiPrepayRequest {
  appid: string
  description: string
  out_trade_no: string
  notify_url: string
  amount: { total: number; currency?: 'CNY' }
  payer: { openid: string }
  /** RFC 3339, e.g. 2026-11-28T15:00:00+08:00 */
  time_expire?: string
  attach?: string
}

export type TradeState = 'SUCCESS' | 'REFUND' | 'NOTPAY' | 'CLOSED' | 'REVOKED' | 'USERPAYING' | 'PAYERROR'

export interface Transaction {
  appid: string
  mchid: string
  out_trade_no: string
  transaction_id?: string
  trade_type?: 'JSAPI'
  trade_state: TradeState
  trade_state_desc: string
  bank_type?: string
  attach?: string
  success_time?: string
  payer?: { openid: string }
  amount?: { total: number; payer_total?: number; currency: string; payer_currency?: string }
}

export interface RefundRequest {
  /** One of transaction_id and out_trade_no. */
  transaction_id?: string
  out_trade_no?: string
  out_refund_no: string
  reason?: string
  notify_url?: string
  amount: { refund: number; total: number; currency: 'CNY' }
}

export type RefundStatus = 'SUCCESS' | 'CLOSED' | 'PROCESSING' | 'ABNORMAL'

export interface Refund {
  refund_id: string
  out_refund_no: string
  transaction_id: string
  out_trade_no: string
  channel: 'ORIGINAL' | 'BALANCE' | 'OTHER_BALANCE' | 'OTHER_BANKCARD'
  user_received_account: string
  success_time?: string
  create_time: string
  status: RefundStatus
  funds_account?: string
  amount: {
    total: number
    refund: number
    payer_total: number
    payer_refund: number
    settlement_refund: number
    settlement_total: number
    discount_refund: number
    currency: string
  }
}

/** The decrypted resource of a REFUND.* notification. */
export interface RefundResource {
  mchid: string
  out_trade_no: string
  transaction_id: string
  out_refund_no: string
  refund_id: string
  refund_status: RefundStatus
  success_time?: string
  user_received_account: string
  amount: { total: number; refund: number; payer_total: number; payer_refund: number }
}

/** The parameters `wx.requestPayment` takes. */
export interface RequestPaymentParams {
  timeStamp: string
  nonceStr: string
  package: string
  signType: 'RSA'
  paySign: string
}

/** A notification's outer JSON, as POSTed to notify_url. */
export interface NotificationEnvelope {
  id: string
  create_time: string
  event_type: string
  resource_type: string
  summary: string
  resource: {
    algorithm: string
    ciphertext: string
    nonce: string
    associated_data?: string
    original_type: string
  }
}

export type Notification =
  | (Omit<NotificationEnvelope, 'resource'> & { kind: 'transaction'; resource: Transaction })
  | (Omit<NotificationEnvelope, 'resource'> & { kind: 'refund'; resource: RefundResource })
