// Merchant transfer to the user's balance (商家转账, the "user confirms" mode WeChat Pay moved to
// in 2025): the merchant creates a bill, the user confirms it in WeChat's own page
// (`wx.requestMerchantTransfer` with the bill's package_info), then WeChat posts a signed,
// encrypted MCHTRANSFER.BILL.FINISHED notification with the final state.
import crypto from 'node:crypto'
import { randomString } from './crypto'
import type { SandboxKeys } from './keys'
import type { Timers } from './clock'
import type { Notifier } from './notify'
import type { V3Answer } from './pay'
import { rfc3339Cst } from './time'

const fail = (status: number, code: string, message: string): V3Answer => ({ status, body: { code, message } })
const paramError = (field: string, rule = '必填性规则校验失败，此字段为必填项') =>
  fail(400, 'PARAM_ERROR', `输入源“/body/${field}”映射到值字段“${field}”${rule}`)

/** 0.1 yuan: WeChat's smallest single transfer since the 2023 rules. */
export const TRANSFER_MIN_FEN = 10
/** From 2,000 yuan on, the payee's real name (encrypted) is required. */
export const TRANSFER_NAME_REQUIRED_FROM_FEN = 200_000
/** A bill the user has not confirmed is cancelled after 24 hours (its money goes back to the merchant). */
export const TRANSFER_CONFIRM_TTL_MS = 24 * 3600_000
/** transfer_remark: at most 32 characters. */
export const TRANSFER_REMARK_MAX_CHARS = 32

export type TransferBillState = 'WAIT_USER_CONFIRM' | 'SUCCESS' | 'FAIL' | 'CANCELING' | 'CANCELLED'

interface Bill {
  mchid: string
  appid: string
  out_bill_no: string
  transfer_bill_no: string
  transfer_scene_id: string
  openid: string
  userName?: string
  transfer_amount: number
  transfer_remark: string
  notify_url?: string
  user_recv_perception?: string
  fingerprint: string
  packageInfo: string
  state: TransferBillState
  fail_reason?: string
  createdAt: number
  updatedAt: number
}

/** A bill as the sandbox's list shows it (tests, the simulator). */
export interface TransferRecord {
  out_bill_no: string
  transfer_bill_no: string
  openid: string
  transfer_amount: number
  transfer_remark: string
  state: TransferBillState
  fail_reason?: string
  /** Whether the request carried an (encrypted) user_name. */
  named: boolean
}

/** What `wx.requestMerchantTransfer` is given (and what the confirm page sends back). */
export interface MerchantTransferInput {
  mchId?: unknown
  appId?: unknown
  package?: unknown
}

/** What the confirm page shows; null when the package is unknown. */
export interface TransferView {
  merchantName: string
  remark: string
  perception?: string
  amount: number
  state: TransferBillState
}

export interface TransferOptions {
  appId: string
  mchId: string
  keys: SandboxKeys
  now: () => number
  timers: Timers
  notifier: Notifier
  merchantName: string
  /** Scenes this merchant has opened (商户平台 → 商家转账 → 转账场景). */
  sceneIds: readonly string[]
  /** The single-bill limit of the scene, in fen. */
  perBillMaxFen: number
  /** CANCELING → CANCELLED after this long. */
  cancelDelayMs: number
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)
const chars = (s: string) => [...s].length
const isText = (v: unknown, maxChars: number): v is string => typeof v === 'string' && v.trim() !== '' && chars(v) <= maxChars

export class TransferService {
  private readonly bills = new Map<string, Bill>()
  private readonly byPackage = new Map<string, Bill>()
  private readonly timers = new Set<unknown>()

  constructor(private readonly o: TransferOptions) {}

  /** POST /v3/fund-app/mch-transfer/transfer-bills */
  create(mchidFromAuth: string, body: unknown, wechatpaySerial: string | undefined): V3Answer {
    if (!isObj(body)) return fail(400, 'PARAM_ERROR', '请求体不是合法的JSON对象')
    const { appid, out_bill_no, transfer_scene_id, openid, user_name, transfer_amount, transfer_remark, notify_url, user_recv_perception, transfer_scene_report_infos } = body
    if (!isText(appid, 32)) return paramError('appid')
    if (typeof out_bill_no !== 'string') return paramError('out_bill_no')
    if (!/^[0-9A-Za-z]{5,32}$/.test(out_bill_no)) return paramError('out_bill_no', '格式校验失败：只能由数字、大小写字母组成，长度5-32')
    if (!isText(transfer_scene_id, 36)) return paramError('transfer_scene_id')
    if (!isText(openid, 64)) return paramError('openid')
    if (typeof transfer_amount !== 'number' || !Number.isSafeInteger(transfer_amount)) return paramError('transfer_amount', '类型校验失败，须为整数（分）')
    if (transfer_amount < TRANSFER_MIN_FEN) return paramError('transfer_amount', '取值范围校验失败：单笔转账金额不能低于0.1元')
    if (typeof transfer_remark !== 'string' || transfer_remark.trim() === '') return paramError('transfer_remark')
    if (chars(transfer_remark) > TRANSFER_REMARK_MAX_CHARS) return paramError('transfer_remark', '长度校验失败：最多32个字符')
    if (notify_url !== undefined && (typeof notify_url !== 'string' || notify_url.length > 256 || !/^https?:\/\/[^\s?#]+$/.test(notify_url))) {
      return paramError('notify_url', '格式校验失败：须为不带参数的URL')
    }
    if (user_recv_perception !== undefined && !isText(user_recv_perception, 32)) return paramError('user_recv_perception', '长度校验失败')
    if (!Array.isArray(transfer_scene_report_infos) || transfer_scene_report_infos.length === 0) return paramError('transfer_scene_report_infos')
    for (const [i, info] of transfer_scene_report_infos.entries()) {
      if (!isObj(info) || !isText(info.info_type, 15)) return paramError(`transfer_scene_report_infos/${i}/info_type`, '长度校验失败：1-15个字符')
      if (!isText(info.info_content, 32)) return paramError(`transfer_scene_report_infos/${i}/info_content`, '长度校验失败：1-32个字符')
    }
    let userName: string | undefined
    if (user_name !== undefined) {
      if (wechatpaySerial !== this.o.keys.platformSerial) return fail(400, 'PARAM_ERROR', '请求头Wechatpay-Serial缺失或与加密所用的微信支付公钥不一致')
      try {
        userName = crypto
          .privateDecrypt({ key: this.o.keys.platformPrivateKey, padding: crypto.constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha1' }, Buffer.from(String(user_name), 'base64'))
          .toString('utf8')
      } catch {
        return paramError('user_name', '解密失败：须用微信支付公钥以RSAES-OAEP加密')
      }
      if (userName.trim() === '') return paramError('user_name')
    }
    if (appid !== this.o.appId) return fail(400, 'PARAM_ERROR', 'appid与商户号不匹配，请检查后再试')
    if (mchidFromAuth !== this.o.mchId) return fail(400, 'INVALID_REQUEST', '商户号与签名不一致')
    if (!this.o.sceneIds.includes(transfer_scene_id)) return fail(403, 'NO_AUTH', '该商户号未开通此转账场景，请在商户平台申请')
    if (transfer_amount > this.o.perBillMaxFen) return fail(400, 'INVALID_REQUEST', `超过该转账场景的单笔限额（${this.o.perBillMaxFen / 100}元）`)
    if (transfer_amount >= TRANSFER_NAME_REQUIRED_FROM_FEN && userName === undefined) {
      return fail(400, 'PARAM_ERROR', '转账金额大于等于2000元时，收款用户姓名（user_name）必填')
    }

    // The name is in the fingerprint decrypted: OAEP makes every ciphertext of it different.
    const fingerprint = JSON.stringify([appid, transfer_scene_id, openid, userName ?? null, transfer_amount, transfer_remark, notify_url ?? null, user_recv_perception ?? null, transfer_scene_report_infos])
    const existing = this.bills.get(out_bill_no)
    if (existing) {
      if (existing.fingerprint !== fingerprint) return fail(400, 'INVALID_REQUEST', '商户单号重复，且请求参数与原单不一致')
      this.expireIfDue(existing)
      return { status: 200, body: this.createdView(existing) }
    }
    const now = this.o.now()
    const bill: Bill = {
      mchid: mchidFromAuth,
      appid,
      out_bill_no,
      transfer_bill_no: '1330' + randomString(36, '0123456789'),
      transfer_scene_id,
      openid,
      userName,
      transfer_amount,
      transfer_remark,
      notify_url: notify_url as string | undefined,
      user_recv_perception: user_recv_perception as string | undefined,
      fingerprint,
      packageInfo: randomString(48) + '==',
      state: 'WAIT_USER_CONFIRM',
      createdAt: now,
      updatedAt: now,
    }
    this.bills.set(out_bill_no, bill)
    this.byPackage.set(bill.packageInfo, bill)
    this.later(TRANSFER_CONFIRM_TTL_MS, () => this.expireIfDue(bill))
    return { status: 200, body: this.createdView(bill) }
  }

  /** GET /v3/fund-app/mch-transfer/transfer-bills/out-bill-no/{no} */
  query(outBillNo: string): V3Answer {
    const bill = this.bills.get(outBillNo)
    if (!bill) return fail(404, 'NOT_FOUND', '记录不存在')
    this.expireIfDue(bill)
    return { status: 200, body: this.billView(bill) }
  }

  /** POST /v3/fund-app/mch-transfer/transfer-bills/out-bill-no/{no}/cancel */
  cancel(outBillNo: string): V3Answer {
    const bill = this.bills.get(outBillNo)
    if (!bill) return fail(404, 'NOT_FOUND', '记录不存在')
    this.expireIfDue(bill)
    if (bill.state === 'SUCCESS') return fail(400, 'INVALID_REQUEST', '转账已成功，不能撤销')
    if (bill.state === 'FAIL') return fail(400, 'INVALID_REQUEST', '转账已失败，无需撤销')
    if (bill.state === 'WAIT_USER_CONFIRM') {
      this.setState(bill, 'CANCELING')
      this.later(this.o.cancelDelayMs, () => {
        if (bill.state === 'CANCELING') this.finish(bill, 'CANCELLED')
      })
    }
    return { status: 200, body: { out_bill_no: bill.out_bill_no, transfer_bill_no: bill.transfer_bill_no, state: bill.state, update_time: rfc3339Cst(bill.updatedAt) } }
  }

  /** What the confirm page shows for a package. */
  view(packageInfo: string): TransferView | null {
    const bill = this.byPackage.get(packageInfo)
    if (!bill) return null
    this.expireIfDue(bill)
    return { merchantName: this.o.merchantName, remark: bill.transfer_remark, perception: bill.user_recv_perception, amount: bill.transfer_amount, state: bill.state }
  }

  /**
   * The user's answer on WeChat's confirm page, after the checks WeChat makes before showing it.
   * Returns the errMsg `wx.requestMerchantTransfer` gives. A cancel leaves the bill waiting (the
   * user may open it again until it expires); `fail` plays a transfer WeChat could not make
   * (the payee's account cannot receive), which ends the bill FAIL.
   */
  decide(input: MerchantTransferInput, decision: 'confirm' | 'cancel' | 'fail', failReason?: string): string {
    const pkg = input.package
    const bill = typeof pkg === 'string' ? this.byPackage.get(pkg) : undefined
    if (!bill) return 'requestMerchantTransfer:fail package参数错误'
    if (input.mchId !== bill.mchid) return 'requestMerchantTransfer:fail mchId参数错误'
    if (input.appId !== bill.appid) return 'requestMerchantTransfer:fail appId参数错误'
    this.expireIfDue(bill)
    if (bill.state === 'SUCCESS') return 'requestMerchantTransfer:fail 该笔转账已收款'
    if (bill.state !== 'WAIT_USER_CONFIRM') return 'requestMerchantTransfer:fail 该笔转账已失效'
    if (decision === 'cancel') return 'requestMerchantTransfer:fail cancel'
    if (decision === 'fail') {
      this.finish(bill, 'FAIL', failReason || 'PAYEE_ACCOUNT_ABNORMAL')
      return 'requestMerchantTransfer:fail 收款失败'
    }
    this.finish(bill, 'SUCCESS')
    return 'requestMerchantTransfer:ok'
  }

  list(openid?: string): TransferRecord[] {
    return [...this.bills.values()]
      .filter((b) => openid === undefined || b.openid === openid)
      .map((b) => ({
        out_bill_no: b.out_bill_no,
        transfer_bill_no: b.transfer_bill_no,
        openid: b.openid,
        transfer_amount: b.transfer_amount,
        transfer_remark: b.transfer_remark,
        state: b.state,
        ...(b.fail_reason ? { fail_reason: b.fail_reason } : {}),
        named: b.userName !== undefined,
      }))
  }

  stop(): void {
    for (const t of this.timers) this.o.timers.clearTimeout(t)
    this.timers.clear()
  }

  private later(ms: number, fn: () => void): void {
    const t = this.o.timers.setTimeout(() => {
      this.timers.delete(t)
      fn()
    }, ms)
    this.timers.add(t)
  }

  private expireIfDue(bill: Bill): void {
    if (bill.state === 'WAIT_USER_CONFIRM' && this.o.now() - bill.createdAt >= TRANSFER_CONFIRM_TTL_MS) this.finish(bill, 'CANCELLED', 'USER_CONFIRM_TIMEOUT')
  }

  private setState(bill: Bill, state: TransferBillState, failReason?: string): void {
    bill.state = state
    if (failReason) bill.fail_reason = failReason
    bill.updatedAt = this.o.now()
  }

  /** A final state, and its MCHTRANSFER.BILL.FINISHED notification. */
  private finish(bill: Bill, state: 'SUCCESS' | 'FAIL' | 'CANCELLED', failReason?: string): void {
    this.setState(bill, state, failReason)
    if (!bill.notify_url) return
    this.o.notifier.send(bill.notify_url, 'MCHTRANSFER.BILL.FINISHED', '商家转账单据终态通知', 'mch_payment', {
      out_bill_no: bill.out_bill_no,
      transfer_bill_no: bill.transfer_bill_no,
      state: bill.state,
      mch_id: bill.mchid,
      transfer_amount: bill.transfer_amount,
      openid: bill.openid,
      ...(bill.fail_reason ? { fail_reason: bill.fail_reason } : {}),
      create_time: rfc3339Cst(bill.createdAt),
      update_time: rfc3339Cst(bill.updatedAt),
    })
  }

  private createdView(bill: Bill): object {
    return {
      out_bill_no: bill.out_bill_no,
      transfer_bill_no: bill.transfer_bill_no,
      create_time: rfc3339Cst(bill.createdAt),
      state: bill.state,
      ...(bill.fail_reason ? { fail_reason: bill.fail_reason } : {}),
      ...(bill.state === 'WAIT_USER_CONFIRM' ? { package_info: bill.packageInfo } : {}),
    }
  }

  private billView(bill: Bill): object {
    return {
      mch_id: bill.mchid,
      appid: bill.appid,
      out_bill_no: bill.out_bill_no,
      transfer_bill_no: bill.transfer_bill_no,
      state: bill.state,
      transfer_amount: bill.transfer_amount,
      transfer_remark: bill.transfer_remark,
      ...(bill.fail_reason ? { fail_reason: bill.fail_reason } : {}),
      openid: bill.openid,
      create_time: rfc3339Cst(bill.createdAt),
      update_time: rfc3339Cst(bill.updatedAt),
    }
  }
}
