import type { Kysely, Transaction } from 'kysely'
import {
  BORROWER_MAX_AGE,
  BORROWER_MIN_AGE,
  INSTALLMENT_STATUS_WORDS,
  LEDGER_ENTRY_WORDS,
  LOAN_ACTOR_WORDS,
  LOAN_CONSENT_WORDS,
  LOAN_METHOD_WORDS,
  LOAN_STATUS_WORDS,
  ageOn,
  bankCardWarning,
  formatRatePercent,
  formatYuan,
  idBirthDate,
  maskBankCard,
  maskIdNumber,
  maskPhone,
  passesLuhn,
  shanghaiDate,
  toShanghaiIso,
  type LedgerEntry,
  type Loan,
  type LoanApplicationRequest,
  type LoanCheck,
  type LoanDisbursementView,
  type LoanInstallment,
  type LoanStatus,
  type LoanSummary,
  type Repayment,
} from '@tianyuan/contracts'
import type { LoanState } from '@tianyuan/loans'
import type { Database } from '../../platform/db'
import { lockUserRow } from '../../platform/db/user-lock'
import { AppError } from '../../platform/errors'
import { transition as transitionRow } from '../../platform/db/transition'
import { answerInTransaction } from '../../platform/idempotency'
import { newId } from '../../platform/ids'
import type { WeChatClient } from '../../platform/wechat/client'
import { outstanding, scheduleOf, stateAtDisbursement, type LoanFigures } from './arithmetic'
import { scheduleInstallmentReminders, type ReminderScheduler } from '../reminders/schedule'
import { consentProblem, CONSENT_TEXTS } from './consents'
import { checkAgainstProduct, getProduct } from './products'
import { toRepayment } from './repayment-view'
import type { LoanRow, LoanTables, LoansDatabase, LoansDb } from './schema'
import { loanErrors, sortableId, type LoanDisbursementStarter, type LoansDeps } from './shared'

/**
 * The loan state machine. Every change is one conditional UPDATE (`… WHERE status IN <from>`,
 * platform/db/transition) whose affected-row count decides who won, and writes one audit row
 * (who, when, from, to, why) in the same transaction.
 *
 *   submitted 已提交 ──start-review (officer)──▶ under_review 审核中 ──approve (officer, reason)──▶ approved 已批准
 *        │                                             └──reject (officer, reason)──▶ rejected 已拒绝
 *        └──automatic checks fail (system, at submission)──▶ rejected 已拒绝
 *   approved ──money arrives (disbursement's onDisbursed; the contract accepted first)──▶ repaying 还款中
 *   repaying ──the last installment paid──▶ settled 已结清
 * 逾期 (overdue) is not a stored state: a repaying loan reads as overdue while an installment is past
 * its due date and grace days and unpaid (computed on every read from the schedule — never stale,
 * no job to miss it).
 */
export const LOAN_TRANSITIONS = {
  startReview: { from: ['submitted'], to: 'under_review' },
  autoReject: { from: ['submitted'], to: 'rejected' },
  approve: { from: ['under_review'], to: 'approved' },
  reject: { from: ['under_review'], to: 'rejected' },
  disburse: { from: ['approved'], to: 'repaying' },
  settle: { from: ['repaying'], to: 'settled' },
} as const satisfies Record<string, { from: readonly LoanStatus[]; to: LoanStatus }>
export type LoanTransition = keyof typeof LOAN_TRANSITIONS

/** Loans that count towards "loans at once": everything not finished. */
export const LIVE_STATUSES: LoanStatus[] = ['submitted', 'under_review', 'approved', 'repaying']

type AnyDb = Kysely<LoansDatabase> | Transaction<LoansDatabase>
export type Actor = { kind: 'borrower' | 'officer'; userId: string } | { kind: 'system' }

/**
 * One transition of one loan, with its audit row; true if this call made it (false: someone else
 * did, or the loan is not in a `from` state). `set` carries the columns that change with it.
 */
export async function moveLoan(db: AnyDb, loanId: string, step: LoanTransition, actor: Actor, reason: string, at: number, set: Partial<LoanRow> = {}, where?: Parameters<typeof transitionRow<LoansDatabase, 'loans'>>[3]['where']): Promise<boolean> {
  const t = LOAN_TRANSITIONS[step]
  const won = await transitionRow(db, 'loans', loanId, { from: t.from, to: t.to, set: { ...set, updated_at: at }, where })
  if (!won) return false
  await db
    .insertInto('loan_events')
    .values({ id: sortableId(Date.now()), loan_id: loanId, from_status: t.from[0], to_status: t.to, actor: actor.kind, actor_user_id: actor.kind === 'system' ? null : actor.userId, reason, at })
    .execute()
  return true
}

// ---------------------------------------------------------------- reading a loan

export function figuresOf(row: LoanRow): LoanFigures {
  return { amountFen: Number(row.amount_fen), termMonths: Number(row.term_months), method: row.method, annualRateBp: Number(row.annual_rate_bp), installmentFeeBp: Number(row.installment_fee_bp) }
}

export function stateOf(row: LoanRow): LoanState | null {
  return row.state ? (JSON.parse(row.state) as LoanState) : null
}

/** The schedule as the borrower sees it today: the loan's own once disbursed, else the one quoted at application. */
function installmentsOf(row: LoanRow, today: string): { rows: LoanInstallment[]; overdue: boolean; outstandingPrincipalFen: number; repaidFen: number } {
  const state = stateOf(row)
  if (!state) {
    const s = scheduleOf(figuresOf(row), shanghaiDate(Number(row.submitted_at)))
    const rows = s.installments.map((i) => ({
      seq: i.n,
      dueDate: i.dueDate,
      principalFen: i.principalFen,
      interestFen: i.interestFen,
      feeFen: i.feeFen,
      totalFen: i.totalFen,
      remainingPrincipalFen: i.remainingPrincipalFen,
      paidPrincipalFen: 0,
      paidInterestFen: 0,
      paidFeeFen: 0,
      paidPenaltyFen: 0,
      penaltyDueFen: 0,
      owedFen: i.totalFen,
      status: 'unpaid' as const,
      statusWord: INSTALLMENT_STATUS_WORDS.unpaid,
      paidAt: null,
    }))
    return { rows, overdue: false, outstandingPrincipalFen: row.status === 'rejected' ? 0 : Number(row.amount_fen), repaidFen: 0 }
  }
  const o = outstanding(state, today)
  let repaidFen = 0
  const rows = state.installments.map((i, index) => {
    const s = o.installments[index]
    const paidTotal = i.paid.principalFen + i.paid.interestFen + i.paid.feeFen + i.paid.penaltyFen
    repaidFen += paidTotal
    const status = s?.settled ? 'paid' : s?.overdue ? 'overdue' : paidTotal > 0 ? 'partly_paid' : 'unpaid'
    return {
      seq: i.n,
      dueDate: i.dueDate,
      principalFen: i.principalFen,
      interestFen: i.interestFen,
      feeFen: i.feeFen,
      totalFen: i.totalFen,
      remainingPrincipalFen: i.remainingPrincipalFen,
      paidPrincipalFen: i.paid.principalFen,
      paidInterestFen: i.paid.interestFen,
      paidFeeFen: i.paid.feeFen,
      paidPenaltyFen: i.paid.penaltyFen,
      penaltyDueFen: s ? s.owed.penaltyFen : 0,
      owedFen: s ? s.owedFen : 0,
      status,
      statusWord: INSTALLMENT_STATUS_WORDS[status],
      paidAt: null,
    } satisfies LoanInstallment
  })
  return { rows, overdue: o.overdue, outstandingPrincipalFen: o.principalOutstandingFen, repaidFen }
}

export interface LoanViewDeps {
  /** The disbursement as the loan shows it (disbursement.ts); null before one starts. */
  disbursementView?: (db: Kysely<Database>, loanId: string) => Promise<LoanDisbursementView | null>
}

function summaryOf(row: LoanRow, productName: string, category: LoanSummary['category'], view: ReturnType<typeof installmentsOf>): LoanSummary {
  const status = row.status === 'repaying' && view.overdue ? 'overdue' : row.status
  const next = row.status === 'repaying' ? view.rows.find((r) => r.status !== 'paid') : undefined
  return {
    id: row.id,
    productId: row.product_id,
    productName,
    category,
    amountFen: Number(row.amount_fen),
    termMonths: Number(row.term_months),
    method: row.method,
    methodWord: LOAN_METHOD_WORDS[row.method],
    apr: Number(row.apr_bp) / 10000,
    aprText: formatRatePercent(Number(row.apr_bp) / 10000),
    status,
    statusWord: LOAN_STATUS_WORDS[status],
    borrowerName: row.borrower_name,
    submittedAt: toShanghaiIso(Number(row.submitted_at)),
    nextDue: next ? { seq: next.seq, dueDate: next.dueDate, owedFen: next.owedFen, overdue: next.status === 'overdue' } : null,
    outstandingPrincipalFen: view.outstandingPrincipalFen,
  }
}

async function productOf(db: AnyDb, productId: string): Promise<{ name: string; category: LoanSummary['category'] }> {
  const p = await db.selectFrom('loan_products').select(['name', 'category']).where('id', '=', productId).executeTakeFirstOrThrow()
  return { name: p.name, category: p.category }
}

/** The whole loan, every sensitive field masked. */
export async function toLoan(db: AnyDb, row: LoanRow, today: string, deps: LoanViewDeps = {}): Promise<Loan> {
  const [product, events, consents, ledger, repayments] = await Promise.all([
    productOf(db, row.product_id),
    db.selectFrom('loan_events').selectAll().where('loan_id', '=', row.id).orderBy('id').execute(),
    db.selectFrom('loan_consents').selectAll().where('loan_id', '=', row.id).orderBy('kind').execute(),
    db.selectFrom('loan_ledger').selectAll().where('loan_id', '=', row.id).orderBy('id').execute(),
    db.selectFrom('loan_repayments').selectAll().where('loan_id', '=', row.id).orderBy('created_at').orderBy('id').execute(),
  ])
  const view = installmentsOf(row, today)
  const s = scheduleOf(figuresOf(row), shanghaiDate(Number(row.submitted_at)))
  const state = stateOf(row)
  const totals = state
    ? state.installments.reduce((t, i) => ({ interest: t.interest + i.interestFen, fee: t.fee + i.feeFen, all: t.all + i.totalFen }), { interest: 0, fee: 0, all: 0 })
    : { interest: s.totals.interestFen, fee: s.totals.feesFen, all: s.totals.repaymentFen }
  const checks = JSON.parse(row.checks) as LoanCheck[]
  const decided = row.decided_at !== null && row.decision_reason !== null
  const disbursement = deps.disbursementView ? await deps.disbursementView(db as unknown as Kysely<Database>, row.id) : null
  return {
    ...summaryOf(row, product.name, product.category, view),
    purpose: row.purpose,
    annualRateBp: Number(row.annual_rate_bp),
    borrower: {
      name: row.borrower_name,
      idNumberMasked: maskIdNumber(row.id_number),
      phoneMasked: maskPhone(row.phone),
      bankCardMasked: maskBankCard(row.bank_card),
      bankName: row.bank_name,
      ageAtApplication: Number(row.age_at_application),
    },
    schedule: view.rows,
    totalInterestFen: totals.interest,
    totalFeeFen: totals.fee,
    totalRepayFen: totals.all,
    repaidFen: view.repaidFen,
    checks,
    consents: consents.map((c) => ({ kind: c.kind, kindWord: LOAN_CONSENT_WORDS[c.kind], version: c.version, sha256: c.sha256, agreedAt: toShanghaiIso(Number(c.agreed_at)) })),
    contract: row.contract_sha256 && row.contract_accepted_at !== null ? { sha256: row.contract_sha256, acceptedAt: toShanghaiIso(Number(row.contract_accepted_at)) } : null,
    decision: decided ? { approved: ['approved', 'repaying', 'settled'].includes(row.status), reason: row.decision_reason as string, at: toShanghaiIso(Number(row.decided_at)) } : null,
    disbursement,
    disbursedAt: row.disbursed_at !== null ? toShanghaiIso(Number(row.disbursed_at)) : null,
    settledAt: row.settled_at !== null ? toShanghaiIso(Number(row.settled_at)) : null,
    events: events.map((e) => ({
      from: e.from_status,
      to: e.to_status,
      toWord: LOAN_STATUS_WORDS[e.to_status],
      actor: e.actor,
      actorWord: LOAN_ACTOR_WORDS[e.actor],
      reason: e.reason,
      at: toShanghaiIso(Number(e.at)),
    })),
    ledger: ledger.map(
      (l): LedgerEntry => ({
        id: l.id,
        kind: l.kind,
        kindWord: LEDGER_ENTRY_WORDS[l.kind],
        amountFen: Number(l.amount_fen),
        principalFen: Number(l.principal_fen),
        interestFen: Number(l.interest_fen),
        penaltyFen: Number(l.penalty_fen),
        feeFen: Number(l.fee_fen),
        overpaidFen: Number(l.overpaid_fen),
        installmentSeq: null,
        paymentId: l.payment_id,
        at: toShanghaiIso(Number(l.at)),
      }),
    ),
    repayments: repayments.map((r): Repayment => toRepayment(r)),
  }
}

export async function loanRow(db: AnyDb, loanId: string): Promise<LoanRow | undefined> {
  return db.selectFrom('loans').selectAll().where('id', '=', loanId).executeTakeFirst()
}

/** The borrower's own loan (another's → 404, never 403: its existence is not told). */
export async function ownLoanRow(db: AnyDb, userId: string, loanId: string): Promise<LoanRow> {
  const row = await db.selectFrom('loans').selectAll().where('id', '=', loanId).where('user_id', '=', userId).executeTakeFirst()
  if (!row) throw loanErrors.loanNotFound()
  return row
}

export async function getOwnLoan(deps: LoansDeps & LoanViewDeps, userId: string, loanId: string): Promise<Loan> {
  return toLoan(deps.db, await ownLoanRow(deps.db, userId, loanId), shanghaiDate(deps.now()), deps)
}

async function summaries(db: LoansDb, rows: LoanRow[], today: string): Promise<LoanSummary[]> {
  const products = new Map<string, { name: string; category: LoanSummary['category'] }>()
  const out: LoanSummary[] = []
  for (const row of rows) {
    let p = products.get(row.product_id)
    if (!p) {
      p = await productOf(db, row.product_id)
      products.set(row.product_id, p)
    }
    out.push(summaryOf(row, p.name, p.category, installmentsOf(row, today)))
  }
  return out
}

export async function listOwnLoans(deps: LoansDeps, userId: string): Promise<LoanSummary[]> {
  const rows = await deps.db.selectFrom('loans').selectAll().where('user_id', '=', userId).orderBy('submitted_at', 'desc').orderBy('id', 'desc').limit(50).execute()
  return summaries(deps.db, rows, shanghaiDate(deps.now()))
}

// ---------------------------------------------------------------- applying

/** The automatic checks at submission; `loansBefore`: the borrower's loans in progress. */
export function automaticChecks(input: { age: number; amountFen: number; termMonths: number; bankCard: string }, product: { name: string; minAmountFen: number; maxAmountFen: number; termsMonths: number[] }, loansBefore: number, loansAtOnce: number): LoanCheck[] {
  const ageOk = input.age >= BORROWER_MIN_AGE && input.age <= BORROWER_MAX_AGE
  return [
    { name: 'age', label: '年龄', passed: ageOk, warningOnly: false, detail: ageOk ? `${input.age} 岁，在 ${BORROWER_MIN_AGE}–${BORROWER_MAX_AGE} 岁之间` : `${input.age} 岁，借款人须在 ${BORROWER_MIN_AGE}–${BORROWER_MAX_AGE} 岁之间` },
    { name: 'amount', label: '金额', passed: true, warningOnly: false, detail: `${formatYuan(input.amountFen)} 元，在「${product.name}」的 ${formatYuan(product.minAmountFen)}–${formatYuan(product.maxAmountFen)} 元之内` },
    { name: 'term', label: '期限', passed: true, warningOnly: false, detail: `${input.termMonths} 个月，是产品提供的期限` },
    { name: 'loans_at_once', label: '同时在办的借款', passed: loansBefore < loansAtOnce, warningOnly: false, detail: `申请前有 ${loansBefore} 笔在办或在还，上限 ${loansAtOnce} 笔` },
    {
      name: 'bank_card',
      label: '银行卡号',
      passed: passesLuhn(input.bankCard),
      warningOnly: true,
      detail: passesLuhn(input.bankCard) ? '通过常见校验' : '没有通过常见的卡号校验（部分银行的卡本来就不通过），放款前请与借款人核实',
    },
  ]
}

export type ParsedApplication = Omit<LoanApplicationRequest, 'idNumber' | 'bankCard'> & { idNumber: string; bankCard: string }

/**
 * Submits an application: the figures checked against the product (400), both consents to the
 * current texts (400), the phone number from WeChat's phone-number code, then — under the
 * borrower's row lock, so two submissions at once count each other — the limit on loans at once
 * (409), the loan written 已提交 with its consents and audit row, and the automatic checks: a
 * failed age check rejects it at once (system, with the reason); else it waits for an officer.
 */
export async function apply(
  deps: LoansDeps & LoanViewDeps & { wechat: WeChatClient },
  userId: string,
  body: ParsedApplication,
): Promise<{ loan: Loan; warnings: string[] }> {
  const { db, settings } = deps
  const product = await getProduct(db, body.productId)
  const figures = checkAgainstProduct(product, body)
  for (const [field, kind] of [
    ['consents.loanTerms', 'loan_terms'],
    ['consents.sensitivePersonalInfo', 'sensitive_personal_info'],
  ] as const) {
    const given = kind === 'loan_terms' ? body.consents.loanTerms : body.consents.sensitivePersonalInfo
    const problem = consentProblem(kind, given)
    if (problem) throw loanErrors.field(field, problem)
  }
  const birthDate = idBirthDate(body.idNumber)
  if (!birthDate) throw loanErrors.field('idNumber', '身份证号里的出生日期不对，请核对')
  const now = deps.now()
  const today = shanghaiDate(now)
  const age = ageOn(birthDate, today)
  // The limit is checked before WeChat's phone code is spent (a code works once), and again under the lock.
  const liveCount = async (q: AnyDb) =>
    Number((await q.selectFrom('loans').select((eb) => eb.fn.countAll<string | number>().as('n')).where('user_id', '=', userId).where('status', 'in', LIVE_STATUSES).executeTakeFirstOrThrow()).n)
  const tooMany = (n: number) => loanErrors.quota(`您已有 ${n} 笔借款在办理或还款中，每人同时最多 ${settings.loansAtOnce} 笔。请先还清或等审批结果后再申请`)
  const already = await liveCount(db)
  if (already >= settings.loansAtOnce) throw tooMany(already)
  const phone = (await deps.wechat.exchangePhoneCode(body.phoneCode)).purePhoneNumber
  const apr = scheduleOf(figures, today).aprBp
  const warnings = [bankCardWarning(body.bankCard)].filter((w): w is string => w !== null)

  return db.transaction().execute(async (trx) => {
    await lockUserRow(trx, userId)
    const loansBefore = await liveCount(trx)
    if (loansBefore >= settings.loansAtOnce) throw tooMany(loansBefore)
    const checks = automaticChecks({ age, amountFen: body.amountFen, termMonths: body.termMonths, bankCard: body.bankCard }, product, loansBefore, settings.loansAtOnce)
    const id = newId()
    await trx
      .insertInto('loans')
      .values({
        id,
        user_id: userId,
        product_id: product.id,
        status: 'submitted',
        purpose: body.purpose,
        amount_fen: figures.amountFen,
        term_months: figures.termMonths,
        method: figures.method,
        annual_rate_bp: figures.annualRateBp,
        installment_fee_bp: figures.installmentFeeBp,
        apr_bp: apr,
        borrower_name: body.name,
        id_number: body.idNumber,
        birth_date: birthDate,
        age_at_application: age,
        phone,
        bank_card: body.bankCard,
        bank_name: body.bankName,
        checks: JSON.stringify(checks),
        state: null,
        state_version: 0,
        reviewer_officer_id: null,
        decision_reason: null,
        decided_at: null,
        contract_version: null,
        contract_text: null,
        contract_sha256: null,
        contract_accepted_at: null,
        disbursed_at: null,
        settled_at: null,
        submitted_at: now,
        updated_at: now,
      })
      .execute()
    for (const [kind, given] of [
      ['loan_terms', body.consents.loanTerms],
      ['sensitive_personal_info', body.consents.sensitivePersonalInfo],
    ] as const) {
      await trx.insertInto('loan_consents').values({ loan_id: id, kind, version: CONSENT_TEXTS[kind].version, sha256: given.sha256, agreed_at: now }).execute()
    }
    await trx.insertInto('loan_events').values({ id: sortableId(Date.now()), loan_id: id, from_status: null, to_status: 'submitted', actor: 'borrower', actor_user_id: userId, reason: '提交借款申请', at: now }).execute()
    const failed = checks.find((c) => !c.passed && !c.warningOnly)
    if (failed) {
      await moveLoan(trx, id, 'autoReject', { kind: 'system' }, `自动检查未通过：${failed.label}——${failed.detail}`, now, { decision_reason: `自动检查未通过：${failed.detail}`, decided_at: now })
    }
    const loan = await toLoan(trx, (await loanRow(trx, id)) as LoanRow, today, deps)
    const answer = { loan, warnings }
    await answerInTransaction(trx, 201, answer)
    return answer
  })
}

// ---------------------------------------------------------------- the credit officer (信贷员)

export interface OfficerRow {
  id: string
  user_id: string
  name: string
  branch: string
}

export async function officerOf(db: AnyDb, userId: string): Promise<OfficerRow> {
  const o = await db.selectFrom('loan_officers').select(['id', 'user_id', 'name', 'branch']).where('user_id', '=', userId).executeTakeFirst()
  if (!o) throw loanErrors.notAnOfficer()
  return o
}

export async function createOfficer(db: LoansDb, input: { userId: string; name: string; branch: string }, at: number): Promise<string> {
  const existing = await db.selectFrom('loan_officers').select('id').where('user_id', '=', input.userId).executeTakeFirst()
  if (existing) return existing.id
  const id = newId()
  await db.insertInto('loan_officers').values({ id, user_id: input.userId, name: input.name, branch: input.branch, created_at: at }).execute()
  return id
}

/** The queue: by default 已提交 and 审核中, oldest first (first come, first served). */
export async function officerQueue(deps: LoansDeps, status: LoanStatus | undefined): Promise<LoanSummary[]> {
  const rows = await deps.db
    .selectFrom('loans')
    .selectAll()
    .where('status', 'in', status ? [status] : ['submitted', 'under_review'])
    .orderBy('submitted_at')
    .orderBy('id')
    .limit(100)
    .execute()
  return summaries(deps.db, rows, shanghaiDate(deps.now()))
}

export async function officerLoan(deps: LoansDeps & LoanViewDeps, officer: OfficerRow, loanId: string): Promise<{ loan: Loan; ownApplication: boolean }> {
  const row = await loanRow(deps.db, loanId)
  if (!row) throw loanErrors.loanNotFound()
  return { loan: await toLoan(deps.db, row, shanghaiDate(deps.now()), deps), ownApplication: row.user_id === officer.user_id }
}

const STATE_WORDS = (s: LoanStatus) => `「${LOAN_STATUS_WORDS[s]}」`

/**
 * An officer's step on an application: start-review, approve or reject. Never on their own
 * application (403); from the wrong state → 409 saying what the loan is now. The same step again
 * on a loan already there answers it unchanged (a retried tap).
 */
export async function decide(deps: LoansDeps & LoanViewDeps, officer: OfficerRow, loanId: string, step: 'startReview' | 'approve' | 'reject', reason: string): Promise<Loan> {
  const { db } = deps
  const row = await loanRow(db, loanId)
  if (!row) throw loanErrors.loanNotFound()
  if (row.user_id === officer.user_id) throw loanErrors.ownApplication()
  const now = deps.now()
  const t = LOAN_TRANSITIONS[step]
  return db.transaction().execute(async (trx) => {
    const set: Partial<LoanRow> = step === 'startReview' ? { reviewer_officer_id: officer.id } : { reviewer_officer_id: officer.id, decision_reason: reason, decided_at: now }
    const won = await moveLoan(trx, loanId, step, { kind: 'officer', userId: officer.user_id }, reason, now, set)
    const current = (await loanRow(trx, loanId)) as LoanRow
    if (!won && current.status !== t.to) {
      const hint = step === 'startReview' ? '只有「已提交」的申请可以开始审核' : '只有「审核中」的申请可以审批，请先点「开始审核」'
      throw loanErrors.state(`这笔申请现在是${STATE_WORDS(current.status)}，${hint}`)
    }
    const loan = await toLoan(trx, current, shanghaiDate(now), deps)
    await answerInTransaction(trx, 200, { loan })
    return loan
  })
}

/**
 * The money has reached the borrower (disbursement.ts calls this from WeChat's transfer
 * notification, or its query): 已批准 → 还款中 with the loan's schedule counted from that day, the
 * disbursement written to the ledger — exactly once however often it is called (a conditional
 * update; the ledger's unique (kind, source) index). Runs in `tx` when given (the caller's
 * transaction that records the transfer). True if this call moved it.
 */
export async function markDisbursed(
  deps: Pick<LoansDeps, 'db' | 'settings'> & { scheduler?: ReminderScheduler | null },
  loanId: string,
  at: number,
  tx?: Transaction<Database>,
): Promise<boolean> {
  const run = async (trx: Transaction<Database & LoanTables>) => {
    const row = await loanRow(trx, loanId)
    if (!row || row.status !== 'approved' || row.contract_accepted_at === null) return false
    const state = stateAtDisbursement(figuresOf(row), shanghaiDate(at), deps.settings)
    const won = await moveLoan(trx, loanId, 'disburse', { kind: 'system' }, '放款到账，开始还款', at, { disbursed_at: at, state: JSON.stringify(state), state_version: Number(row.state_version) + 1 }, (q) =>
      q.where('contract_accepted_at', 'is not', null),
    )
    if (!won) return false
    await trx
      .insertInto('loan_ledger')
      .values({
        id: sortableId(Date.now()),
        loan_id: loanId,
        kind: 'disbursement',
        source_id: loanId,
        amount_fen: Number(row.amount_fen),
        principal_fen: Number(row.amount_fen),
        interest_fen: 0,
        penalty_fen: 0,
        fee_fen: 0,
        overpaid_fen: 0,
        repayment_id: null,
        payment_id: null,
        at,
      })
      .execute()
    // The repayment reminders of every installment (3 days before, on the due day), in this transaction (modules/reminders).
    await scheduleInstallmentReminders<LoansDatabase>(deps.scheduler, trx, loanId, state.installments)
    return true
  }
  if (tx) return run(tx.withTables<LoanTables>())
  return deps.db.transaction().execute((trx) => run(trx))
}

/**
 * The officer's 放款 on an approved loan whose contract the borrower has accepted: starts the
 * disbursement (disbursement.ts: WeChat Pay's merchant transfer, once per loan — a second tap
 * answers the same transfer). The loan turns 还款中 when the money arrives (markDisbursed).
 */
export async function requestDisbursement(
  deps: LoansDeps & LoanViewDeps & { disbursements?: LoanDisbursementStarter | null },
  officer: OfficerRow,
  loanId: string,
): Promise<Loan> {
  const { db } = deps
  const row = await loanRow(db, loanId)
  if (!row) throw loanErrors.loanNotFound()
  if (row.user_id === officer.user_id) throw loanErrors.ownApplication()
  if (row.status !== 'approved') throw loanErrors.state(`这笔借款现在是${STATE_WORDS(row.status)}，只有「已批准」的借款可以放款`)
  if (row.contract_accepted_at === null) throw loanErrors.state('借款人还没有确认借款合同，确认后才能放款')
  if (!deps.disbursements) throw new AppError(503, 'WECHAT_PAY_UNAVAILABLE', '放款通道暂时不可用，请稍后再试')
  const user = await db.selectFrom('users').select('openid').where('id', '=', row.user_id).executeTakeFirstOrThrow()
  await deps.disbursements.start({ loanId, userId: row.user_id, openid: user.openid, amountFen: Number(row.amount_fen) })
  return toLoan(db, (await loanRow(db, loanId)) as LoanRow, shanghaiDate(deps.now()), deps)
}
