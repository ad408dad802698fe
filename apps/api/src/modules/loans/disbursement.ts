// 放款: an approved loan's money goes to the borrower's WeChat balance through WeChat Pay's merchant
// transfer (商家转账, the 2025 "user confirms" mode):
//
//   officer 放款 → start(): one bill per loan (out_bill_no = our row id) → WAIT_USER_CONFIRM + package_info
//   borrower's phone → wx.requestMerchantTransfer({ mchId, appId, package }) → 确认收款 in WeChat
//   WeChat → POST /api/loans/transfer-notify (signed, encrypted MCHTRANSFER.BILL.FINISHED)
//          → verify → the row pending|waiting_user → succeeded (one conditional UPDATE) and, in the same
//            transaction, onDisbursed(loanId, at): exactly once, however often or concurrently it comes
//   sweep (jobs: loans.disbursements): asks WeChat about bills whose notification has not come; resends
//          a bill WeChat never received with the same out_bill_no and parameters
//
// Once per loan: the unique index loan_disbursements_once admits one row per loan that is live or
// has paid out. A bill leaves it only on WeChat's own final word — FAIL or CANCELLED (the borrower
// never confirmed within 24 h, or the officer revoked it with cancel()) — or a signed refusal of the
// create; the loan is still 已批准 then, and the officer's next 放款 makes a new bill (a new
// out_bill_no). A bill whose create had no readable answer stays live (pending) until WeChat says
// what became of it, so a loan can never have two bills that could both pay out.
import type { Kysely, Selectable, Transaction, Updateable } from 'kysely'
import { randomBytes } from 'node:crypto'
import { Hono, type Context } from 'hono'
import { toShanghaiIso, type LoanDisbursementView } from '@tianyuan/contracts'
import {
  WechatPayApiError,
  WechatPaySignatureError,
  type HeadersInput,
  type TransferBill,
  type TransferBillCreated,
  type TransferBillResource,
  type TransferBillState,
  type WechatPayClient,
} from '@tianyuan/wechatpay'
import type { AppEnv } from '../../platform/context'
import { requireUser, signedIn } from '../../platform/auth/sessions'
import type { Database } from '../../platform/db'
import { affected, isUniqueViolation } from '../../platform/db/rows'
import { AppError, errors } from '../../platform/errors'
import type { Logger } from '../../platform/logging'
import { LoanId } from '@tianyuan/contracts'
import { NotifyRejected } from '../payments/service'
import { officerOf } from './applications'
import { loansDb } from './schema'

// ---- The table (migration 0011_loan_disbursements) ----------------------------------------------

export type DisbursementStatus = 'pending' | 'waiting_user' | 'succeeded' | 'failed' | 'cancelled'

export interface LoanDisbursementsTable {
  /** Also WeChat's out_bill_no. */
  id: string
  loan_id: string
  user_id: string
  channel: 'wechat_balance'
  openid: string
  amount_fen: number
  remark: string
  notify_url: string
  status: DisbursementStatus
  wechat_state: TransferBillState | null
  transfer_bill_no: string | null
  package_info: string | null
  fail_reason: string | null
  created_at: number
  updated_at: number
  succeeded_at: number | null
}

type DisbursementDb = Database & { loan_disbursements: LoanDisbursementsTable }
export type DisbursementRow = Selectable<LoanDisbursementsTable>
type AnyDb = Kysely<DisbursementDb> | Transaction<DisbursementDb>

const LIVE: readonly DisbursementStatus[] = ['pending', 'waiting_user']

/**
 * One step as one conditional UPDATE (`… WHERE id = ? AND status IN (from)`): of any number of racing
 * callers — notifications, queries, instances — exactly one changes the row. True for that one.
 */
async function move(q: AnyDb, id: string, from: readonly DisbursementStatus[], set: Updateable<LoanDisbursementsTable>): Promise<boolean> {
  return affected(await q.updateTable('loan_disbursements').set(set).where('id', '=', id).where('status', 'in', [...from]).executeTakeFirst()) === 1
}

// ---- What the module exports --------------------------------------------------------------------

export interface StartDisbursementInput {
  loanId: string
  /** The borrower. */
  userId: string
  /** The borrower's openid in this app (the payee). */
  openid: string
  amountFen: number
}

/** The disbursement as its own API answers it. */
export interface Disbursement {
  /** Our id, also WeChat's out_bill_no. */
  id: string
  loanId: string
  status: DisbursementStatus
  amountFen: number
  /** What `wx.requestMerchantTransfer` takes while WeChat waits for the borrower; null otherwise. */
  confirm: { mchId: string; appId: string; package: string } | null
  failReason: string | null
  /** Epoch ms. */
  createdAt: number
  succeededAt: number | null
}

/**
 * Called once when WeChat says the money arrived, inside the transaction that records it: if it
 * throws, nothing is recorded and the notification is answered 500 (WeChat sends it again).
 * The loans module passes `markDisbursed`.
 */
export type OnDisbursed = (loanId: string, at: number, tx: Transaction<Database>) => Promise<unknown>

export interface LoanDisbursementsDeps {
  db: Kysely<Database>
  /** The merchant client (throws when WeChat Pay is not configured). */
  pay: () => WechatPayClient
  appId: string
  mchId: string
  /** Origin WeChat posts notifications to: `<base>/api/loans/transfer-notify`. */
  notifyUrlBase: () => string
  now: () => number
  logger: Logger
  onDisbursed: OnDisbursed
  /** The transfer scene opened for this merchant (商户平台 → 商家转账). Default '1000'. */
  transferSceneId?: string
}

export interface LoanDisbursements {
  /**
   * Starts the loan's transfer, once per loan: a second call (a second tap, a retry, another API
   * instance) answers the same bill and its package. After a FAIL or CANCELLED bill, a new one.
   * A signed refusal from WeChat throws 409 LOAN_STATE_CONFLICT with WeChat's reason (the loan stays approved); an
   * unknown outcome (timeout, 5xx) answers the bill as `pending` — the sweep asks WeChat again.
   */
  start(input: StartDisbursementInput): Promise<Disbursement>
  /**
   * The loan's current (or last) disbursement; null before any. Pass the caller's transaction when
   * inside one (SQLite has one connection: a read outside it would wait for it forever).
   */
  get(loanId: string, db?: Kysely<Database>): Promise<Disbursement | null>
  /** The borrower's view of their own loan's disbursement, asking WeChat first while it waits. 404 when not theirs. */
  forBorrower(userId: string, loanId: string): Promise<Disbursement | null>
  /** The officer revokes a bill the borrower has not confirmed (WeChat: CANCELING, then CANCELLED). */
  cancel(loanId: string): Promise<Disbursement | null>
  /** WeChat's MCHTRANSFER.BILL.FINISHED, on the raw body. Throws NotifyRejected on a bad one. */
  handleNotification(headers: HeadersInput, rawBody: string): Promise<void>
  /** Asks WeChat about live bills untouched for `olderThanMs` (a lost notification). Returns how many were checked. */
  reconcile(olderThanMs?: number): Promise<number>
}

/** Shown to the borrower as the transfer's note (WeChat: at most 32 characters). */
export const DISBURSEMENT_REMARK = '惠农小贷放款'

const STATUS_WORDS: Record<DisbursementStatus, string> = {
  pending: '放款处理中',
  waiting_user: '请在微信中确认收款',
  succeeded: '已到账',
  failed: '放款没有成功，信贷员会重新放款',
  cancelled: '收款已撤销或超时，信贷员会重新放款',
}

const refusedByWechat = (message: string) => new AppError(409, 'LOAN_STATE_CONFLICT', `微信支付没有受理这笔放款（${message}）。借款仍是「已批准」，处理后可以重新放款`)

/** Only a signed business refusal (4xx other than 429) says WeChat did not take the bill. */
function isRefusal(error: unknown): error is WechatPayApiError {
  return error instanceof WechatPayApiError && error.signed && error.status >= 400 && error.status < 500 && error.status !== 429 && error.code !== 'SYSTEM_ERROR' && error.code !== 'FREQUENCY_LIMITED'
}

const statusOf = (state: TransferBillState): DisbursementStatus =>
  state === 'SUCCESS' ? 'succeeded' : state === 'FAIL' ? 'failed' : state === 'CANCELLED' ? 'cancelled' : state === 'WAIT_USER_CONFIRM' || state === 'TRANSFERING' ? 'waiting_user' : 'pending'

export function createLoanDisbursements(deps: LoanDisbursementsDeps): LoanDisbursements {
  const { now, logger } = deps
  const db = deps.db.withTables<{ loan_disbursements: LoanDisbursementsTable }>()

  const toDto = (row: DisbursementRow): Disbursement => ({
    id: row.id,
    loanId: row.loan_id,
    status: row.status,
    amountFen: Number(row.amount_fen),
    confirm: row.status === 'waiting_user' && row.package_info ? { mchId: deps.mchId, appId: deps.appId, package: row.package_info } : null,
    failReason: row.fail_reason,
    createdAt: Number(row.created_at),
    succeededAt: row.succeeded_at === null ? null : Number(row.succeeded_at),
  })

  const byId = (q: AnyDb, id: string) => q.selectFrom('loan_disbursements').selectAll().where('id', '=', id).executeTakeFirst()
  const latest = (q: AnyDb, loanId: string) =>
    q.selectFrom('loan_disbursements').selectAll().where('loan_id', '=', loanId).orderBy('created_at', 'desc').orderBy('id', 'desc').executeTakeFirst()
  const live = (q: AnyDb, loanId: string) =>
    q.selectFrom('loan_disbursements').selectAll().where('loan_id', '=', loanId).where('status', 'not in', ['failed', 'cancelled']).executeTakeFirst()
  /** The loan's one live (or paid-out) bill, else its last ended one (several may share a clock tick). */
  const current = async (q: AnyDb, loanId: string) => (await live(q, loanId)) ?? (await latest(q, loanId))

  /** The payee's real name for WeChat's check (required from 2,000 yuan; sent always: the money must reach the contract's borrower). */
  async function borrowerName(loanId: string): Promise<string | undefined> {
    const row = await (deps.db as unknown as Kysely<{ loans: { id: string; borrower_name: string } }>)
      .selectFrom('loans')
      .select('borrower_name')
      .where('id', '=', loanId)
      .executeTakeFirst()
    return row?.borrower_name || undefined
  }

  /** Sends (or sends again: same out_bill_no, same parameters) the row's bill to WeChat. */
  async function send(row: DisbursementRow): Promise<TransferBillCreated> {
    return deps.pay().createTransferBill({
      appid: deps.appId,
      out_bill_no: row.id,
      transfer_scene_id: deps.transferSceneId ?? '1000',
      openid: row.openid,
      user_name: await borrowerName(row.loan_id),
      transfer_amount: Number(row.amount_fen),
      transfer_remark: row.remark,
      notify_url: row.notify_url,
      user_recv_perception: '现金奖励',
      transfer_scene_report_infos: [{ info_type: '活动名称', info_content: row.remark }],
    })
  }

  /** Money arrived: the row → succeeded and onDisbursed, in one transaction, once. */
  async function recordSuccess(row: DisbursementRow, transferBillNo: string, at: number): Promise<boolean> {
    const won = await deps.db.transaction().execute(async (trx) => {
      const t = trx.withTables<{ loan_disbursements: LoanDisbursementsTable }>()
      const moved = await move(t, row.id, LIVE, { status: 'succeeded', wechat_state: 'SUCCESS', transfer_bill_no: transferBillNo, package_info: null, succeeded_at: at, updated_at: now() })
      if (!moved) return false
      await deps.onDisbursed(row.loan_id, at, trx)
      return true
    })
    if (won) logger.info({ disbursementId: row.id, loanId: row.loan_id, amountFen: Number(row.amount_fen) }, 'loan disbursed')
    return won
  }

  /** WeChat's final FAIL / CANCELLED: the bill leaves the once-per-loan index; the loan stays approved. */
  async function recordEnded(row: DisbursementRow, state: 'FAIL' | 'CANCELLED', failReason: string | undefined): Promise<void> {
    const ended = await move(db, row.id, LIVE, { status: state === 'FAIL' ? 'failed' : 'cancelled', wechat_state: state, package_info: null, fail_reason: failReason ?? null, updated_at: now() })
    if (ended) logger.warn({ disbursementId: row.id, loanId: row.loan_id, state, failReason }, 'loan disbursement ended without paying out: the loan stays approved')
  }

  /** Applies WeChat's word on a bill (create answer, query, notification). */
  async function apply(row: DisbursementRow, bill: { state: TransferBillState; transfer_bill_no: string; package_info?: string; fail_reason?: string; update_time?: string }): Promise<void> {
    if (bill.state === 'SUCCESS') {
      const at = bill.update_time ? Date.parse(bill.update_time) : NaN
      await recordSuccess(row, bill.transfer_bill_no, Number.isFinite(at) ? at : now())
      return
    }
    if (bill.state === 'FAIL' || bill.state === 'CANCELLED') return recordEnded(row, bill.state, bill.fail_reason)
    await move(db, row.id, LIVE, {
      status: statusOf(bill.state),
      wechat_state: bill.state,
      transfer_bill_no: bill.transfer_bill_no,
      // A query does not repeat package_info: keep the one the create answered.
      ...(bill.package_info ? { package_info: bill.package_info } : {}),
      updated_at: now(),
    })
  }

  /** Problems with a bill WeChat reports for this row (never trust, always compare). */
  function billProblem(row: DisbursementRow, bill: { mch_id?: string; out_bill_no?: string; transfer_amount?: number; openid?: string }): string | null {
    if (bill.mch_id !== undefined && bill.mch_id !== deps.mchId) return `mch_id ${bill.mch_id} is not ours`
    if (bill.out_bill_no !== row.id) return 'out_bill_no mismatch'
    if (bill.transfer_amount !== undefined && bill.transfer_amount !== Number(row.amount_fen)) return `amount ${bill.transfer_amount} ≠ ${Number(row.amount_fen)}`
    if (bill.openid !== undefined && bill.openid !== row.openid) return 'payee mismatch'
    return null
  }

  /** Asks WeChat about a live bill; one WeChat never received is sent again (same out_bill_no). Never throws. */
  async function refresh(row: DisbursementRow): Promise<void> {
    try {
      let bill: TransferBill | TransferBillCreated
      try {
        bill = await deps.pay().queryTransferBill(row.id)
        const problem = billProblem(row, bill)
        if (problem) {
          logger.error({ alarm: 'loan_disbursement', disbursementId: row.id, problem }, 'ALARM: WeChat reports a transfer bill that does not match ours: ignored, check by hand')
          return
        }
      } catch (error) {
        if (!(error instanceof WechatPayApiError && error.signed && error.status === 404)) throw error
        try {
          bill = await send(row)
          logger.info({ disbursementId: row.id }, 'transfer bill sent again (same out_bill_no)')
        } catch (sendError) {
          if (!isRefusal(sendError)) throw sendError
          await recordEnded(row, 'FAIL', `${sendError.code}: ${sendError.message}`.slice(0, 200))
          return
        }
      }
      await apply(row, bill)
    } catch (error) {
      logger.warn({ err: error, disbursementId: row.id }, 'transfer bill outcome still unknown: will ask WeChat again')
    }
  }

  const service: LoanDisbursements = {
    async start(input) {
      if (!Number.isSafeInteger(input.amountFen) || input.amountFen < 10) throw errors.validation([{ field: 'amountFen', message: '放款金额至少 0.1 元' }])
      if (!input.openid) throw errors.validation([{ field: 'openid', message: '借款人还没有微信身份，不能放款到微信零钱' }])
      for (let attempt = 0; attempt < 3; attempt++) {
        let row = await live(db, input.loanId)
        if (row && row.user_id !== input.userId) throw new AppError(409, 'LOAN_STATE_CONFLICT', '这笔借款的放款对象不一致，请刷新后再试')
        if (!row) {
          const t = now()
          const fresh: DisbursementRow = {
            id: `LD${randomBytes(15).toString('hex')}`,
            loan_id: input.loanId,
            user_id: input.userId,
            channel: 'wechat_balance',
            openid: input.openid,
            amount_fen: input.amountFen,
            remark: DISBURSEMENT_REMARK,
            notify_url: `${deps.notifyUrlBase()}/api/loans/transfer-notify`,
            status: 'pending',
            wechat_state: null,
            transfer_bill_no: null,
            package_info: null,
            fail_reason: null,
            created_at: t,
            updated_at: t,
            succeeded_at: null,
          }
          try {
            await db.insertInto('loan_disbursements').values(fresh).execute()
          } catch (error) {
            if (isUniqueViolation(error)) continue // another request started this loan's bill first: use that one
            throw error
          }
          row = fresh
          logger.info({ disbursementId: row.id, loanId: row.loan_id, amountFen: input.amountFen }, 'loan disbursement started')
        }
        if (row.status === 'pending') {
          try {
            await apply(row, await send(row))
          } catch (error) {
            if (isRefusal(error)) {
              logger.error({ err: error, disbursementId: row.id }, 'transfer bill refused by WeChat')
              await recordEnded(row, 'FAIL', `${error.code}: ${error.message}`.slice(0, 200))
              throw refusedByWechat(error.message)
            }
            // Unknown: WeChat may have the bill. It stays pending; the sweep asks and resends the same out_bill_no.
            logger.warn({ err: error, disbursementId: row.id }, 'transfer bill outcome unknown: kept pending, will ask WeChat again')
          }
        }
        return toDto((await byId(db, row.id)) ?? row)
      }
      throw new AppError(409, 'IDEMPOTENCY_IN_PROGRESS', '放款正在办理中，请稍等几秒再试', undefined, { 'Retry-After': '2' })
    },

    async get(loanId, q) {
      const row = await current(q ? q.withTables<{ loan_disbursements: LoanDisbursementsTable }>() : db, loanId)
      return row ? toDto(row) : null
    },

    async forBorrower(userId, loanId) {
      let row = await current(db, loanId)
      if (!row) return null
      if (row.user_id !== userId) throw errors.notFound('没有找到这笔贷款')
      // The phone's 确认收款 is not proof, and a notification may be late: ask WeChat while it waits.
      if ((LIVE as readonly string[]).includes(row.status)) {
        await refresh(row)
        row = (await byId(db, row.id)) ?? row
      }
      return toDto(row)
    },

    async cancel(loanId) {
      const row = await live(db, loanId)
      if (!row) return null
      if (row.status === 'succeeded') throw new AppError(409, 'LOAN_STATE_CONFLICT', '这笔放款已经到账，不能撤销')
      try {
        const answer = await deps.pay().cancelTransferBill(row.id)
        await move(db, row.id, LIVE, { wechat_state: answer.state, updated_at: now() })
        if (answer.state === 'CANCELLED') await recordEnded(row, 'CANCELLED', 'MERCHANT_REVOKED')
      } catch (error) {
        if (error instanceof WechatPayApiError && error.signed && error.status === 404) {
          // WeChat never got it: nothing can pay out; end it here.
          await recordEnded(row, 'CANCELLED', 'NEVER_RECEIVED')
        } else if (isRefusal(error)) {
          await refresh(row) // e.g. the borrower confirmed meanwhile: WeChat's state decides
          throw new AppError(409, 'LOAN_STATE_CONFLICT', `微信支付没有撤销这笔放款（${error.message}）`)
        } else {
          logger.warn({ err: error, disbursementId: row.id }, 'transfer bill cancel failed')
          throw new AppError(502, 'WECHAT_PAY_UNAVAILABLE', '暂时连不上微信支付，请稍后再撤销')
        }
      }
      return toDto((await byId(db, row.id)) ?? row)
    },

    async handleNotification(headers, rawBody) {
      let notification
      try {
        notification = deps.pay().parseNotification(headers, rawBody)
      } catch (error) {
        logger.warn({ reason: error instanceof Error ? error.message : String(error) }, 'transfer notification rejected')
        throw new NotifyRejected(400, error instanceof WechatPaySignatureError ? '签名验证失败' : '通知内容无法解析')
      }
      if (notification.kind !== 'transfer_bill') throw new NotifyRejected(400, '通知类型不对')
      const bill: TransferBillResource = notification.resource
      const row = typeof bill.out_bill_no === 'string' ? await byId(db, bill.out_bill_no) : undefined
      if (!row) throw new NotifyRejected(404, '单据不存在')
      const problem = billProblem(row, bill)
      if (problem) {
        logger.error({ alarm: 'loan_disbursement', disbursementId: row.id, problem }, 'ALARM: transfer notification does not match the bill: ignored')
        throw new NotifyRejected(400, '单据信息不一致')
      }
      if (row.status === 'succeeded' || row.status === 'failed' || row.status === 'cancelled') {
        // A repeat (or one for a bill already settled by a query): acknowledged, nothing changes.
        if (statusOf(bill.state) !== row.status) logger.error({ alarm: 'loan_disbursement', disbursementId: row.id, state: bill.state, status: row.status }, 'ALARM: WeChat reports a settled bill differently: check by hand')
        return
      }
      await apply(row, bill)
    },

    async reconcile(olderThanMs = 60_000) {
      const stale = await db
        .selectFrom('loan_disbursements')
        .selectAll()
        .where('status', 'in', [...LIVE])
        .where('updated_at', '<=', now() - olderThanMs)
        .orderBy('updated_at')
        .limit(100)
        .execute()
      for (const row of stale) await refresh(row)
      return stale.length
    },
  }
  return service
}

/** The disbursement as the loan shows it (LoanViewDeps.disbursementView). */
export async function disbursementView(disbursements: LoanDisbursements, loanId: string, db?: Kysely<Database>): Promise<LoanDisbursementView | null> {
  const d = await disbursements.get(loanId, db)
  if (!d) return null
  return {
    status: d.status,
    statusWord: STATUS_WORDS[d.status],
    amountFen: d.amountFen,
    startedAt: toShanghaiIso(d.createdAt),
    disbursedAt: d.succeededAt === null ? null : toShanghaiIso(d.succeededAt),
    confirm: d.confirm,
  }
}

/**
 * The disbursement's routes, mounted at /api/loans next to the loans router:
 * - `POST /transfer-notify` — WeChat's MCHTRANSFER.BILL.FINISHED (verify on the raw body, apply, 204;
 *   a failed check answers `{code: 'FAIL', message}` with 4xx/5xx and changes nothing; WeChat retries);
 * - `GET /my/:id/disbursement` — the borrower's own loan's transfer, asking WeChat while it waits
 *   (what the phone reads after wx.requestMerchantTransfer: the sheet's ok is not proof);
 * - `POST /officer/applications/:id/disbursement/cancel` — an officer revokes a bill the borrower has
 *   not confirmed (WeChat: CANCELING, then CANCELLED), so that 放款 can send a new one.
 */
export function disbursementRoutes(disbursements: LoanDisbursements, db: Kysely<Database>) {
  return new Hono<AppEnv>()
    .post('/transfer-notify', async (c: Context<AppEnv>) => {
      const contentType = c.req.header('content-type')
      if (contentType && !/^application\/json\s*(;|$)/i.test(contentType)) return c.json({ code: 'FAIL', message: '请求格式不对' }, 415)
      const rawBody = await c.req.text()
      try {
        await disbursements.handleNotification(c.req.raw.headers, rawBody)
      } catch (error) {
        if (error instanceof NotifyRejected) return c.json({ code: 'FAIL', message: error.message }, error.status)
        c.get('log').error({ err: error }, 'transfer notification processing failed')
        return c.json({ code: 'FAIL', message: '处理失败，请稍后重试' }, 500)
      }
      return c.body(null, 204)
    })
    .get('/my/:id/disbursement', requireUser, async (c) => {
      const id = c.req.param('id')
      if (!LoanId.safeParse(id).success) throw errors.notFound('没有找到这笔贷款')
      const d = await disbursements.forBorrower(signedIn(c).userId, id)
      if (!d) throw errors.notFound('这笔贷款还没有放款')
      const view = await disbursementView(disbursements, id)
      return c.json({ disbursement: view })
    })
    .post('/officer/applications/:id/disbursement/cancel', requireUser, async (c) => {
      const officer = await officerOf(loansDb(db), signedIn(c).userId)
      const id = c.req.param('id')
      if (!LoanId.safeParse(id).success) throw errors.notFound('没有找到这笔贷款')
      const loan = await loansDb(db).selectFrom('loans').select('user_id').where('id', '=', id).executeTakeFirst()
      if (!loan) throw errors.notFound('没有找到这笔贷款')
      if (loan.user_id === officer.user_id) throw new AppError(403, 'OWN_APPLICATION', '这是您本人的借款，按规定要由其他信贷员处理')
      const cancelled = await disbursements.cancel(id)
      if (!cancelled) throw new AppError(409, 'LOAN_STATE_CONFLICT', '这笔借款没有等待收款的放款，不用撤销')
      return c.json({ disbursement: await disbursementView(disbursements, id) })
    })
}
