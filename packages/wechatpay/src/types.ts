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
  | (Omit<NotificationEnvelope, 'resource'> & { kind: 'transfer_bill'; resource: TransferBillResource })

// ---- Merchant transfer to the user's balance (商家转账, the 2025 "user confirms" mode) ----

/** One `transfer_scene_report_infos` entry: info_type ≤ 15 characters, info_content ≤ 32. */
export interface TransferSceneReportInfo {
  info_type: string
  info_content: string
}

/**
 * `POST /v3/fund-app/mch-transfer/transfer-bills`. `user_name` is given in plain text here: the
 * client encrypts it (RSA-OAEP with the platform public key) and sends `Wechatpay-Serial`, as WeChat
 * requires; it is needed from 2,000 yuan (200,000 fen) on.
 */
export interface TransferBillRequest {
  appid: string
  /** 5–32 digits and letters, unique per merchant. */
  out_bill_no: string
  transfer_scene_id: string
  openid: string
  user_name?: string
  /** Fen. */
  transfer_amount: number
  /** Shown to the user; at most 32 characters. */
  transfer_remark: string
  notify_url?: string
  user_recv_perception?: string
  transfer_scene_report_infos: TransferSceneReportInfo[]
}

export type TransferBillState =
  | 'ACCEPTED'
  | 'PROCESSING'
  | 'WAIT_USER_CONFIRM'
  | 'TRANSFERING'
  | 'SUCCESS'
  | 'FAIL'
  | 'CANCELING'
  | 'CANCELLED'

/** The answer to a create: `package_info` while the bill waits for the user (WAIT_USER_CONFIRM). */
export interface TransferBillCreated {
  out_bill_no: string
  transfer_bill_no: string
  create_time: string
  state: TransferBillState
  fail_reason?: string
  /** For `wx.requestMerchantTransfer({ mchId, appId, package })`. */
  package_info?: string
}

/** `GET /v3/fund-app/mch-transfer/transfer-bills/out-bill-no/{out_bill_no}`. */
export interface TransferBill {
  mch_id: string
  appid: string
  out_bill_no: string
  transfer_bill_no: string
  state: TransferBillState
  transfer_amount: number
  transfer_remark: string
  fail_reason?: string
  openid?: string
  /** Encrypted by WeChat (never decrypted here). */
  user_name?: string
  create_time: string
  update_time: string
}

/** `POST …/out-bill-no/{out_bill_no}/cancel`. */
export interface TransferBillCancelled {
  out_bill_no: string
  transfer_bill_no: string
  state: 'CANCELING' | 'CANCELLED'
  update_time: string
}

/** The decrypted resource of a MCHTRANSFER.BILL.FINISHED notification (original_type `mch_payment`). */
export interface TransferBillResource {
  out_bill_no: string
  transfer_bill_no: string
  /** A final state: SUCCESS, FAIL or CANCELLED. */
  state: TransferBillState
  mch_id: string
  transfer_amount: number
  openid?: string
  fail_reason?: string
  create_time: string
  update_time: string
}
