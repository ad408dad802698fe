import type { Transaction } from 'kysely'
import { idCheckDigit, shanghaiDate, type ConsentTextsResponse, type Loan, type LoanApplicationRequest, type LoanApplicationResponse, type LoanContractResponse, type LoanResponse } from '@tianyuan/contracts'
import type { Database } from '../../platform/db'
import type { Harness } from '../../testing/harness'
import type { PaidEvent } from '../payments'
import { createOfficer, markDisbursed } from './applications'
import { publishProduct } from './products'
import { markRepaymentPaid } from './repayments'
import { loansDb, type LoanTables } from './schema'
import { DEMO_LOAN_PRODUCTS } from '../../seed/loans'

// Helpers for the loans' suites: the demo products, an officer (a user linked to a loan_officers
// row), a borrower's application with both consents, the steps to a disbursed loan.

export async function json<T>(res: Response, status?: number): Promise<T> {
  const text = await res.text()
  if (status !== undefined && res.status !== status) throw new Error(`expected ${status}, got ${res.status}: ${text}`)
  return JSON.parse(text) as T
}

/** A valid 18-digit ID number for a birth date (YYYYMMDD), with its check digit. */
export function idNumber(birth: string, seq = '123', area = '610629'): string {
  const first17 = `${area}${birth}${seq}`
  return first17 + idCheckDigit(first17)
}

/** A card number that passes Luhn (中国农业银行-like 19 digits). */
export const GOOD_CARD = '6228480402564890018'
/** A real-looking card that fails Luhn (allowed, with a warning). */
export const LUHN_FAILING_CARD = '6228480402564890019'

export async function publishDemoProducts(h: Harness): Promise<void> {
  const db = loansDb(h.db.kysely)
  for (const [i, p] of DEMO_LOAN_PRODUCTS.entries()) {
    const { id, ...request } = p
    if (await db.selectFrom('loan_products').select('id').where('id', '=', id).executeTakeFirst()) continue
    await publishProduct(db, h.config.loans, request, h.clock.now(), { id, sort: i, today: shanghaiDate(h.clock.now()) })
  }
}

export interface TestUser {
  token: string
  userId: string
  openid: string
}

let userSeq = 0

export async function newUser(h: Harness): Promise<TestUser> {
  const openid = `loans-${process.pid}-${++userSeq}-${Math.random().toString(36).slice(2, 8)}`
  const login = await h.login(openid)
  return { token: login.token, userId: login.user.id, openid }
}

/** The same user signed in again (after the test clock has moved past their session). */
export async function signInAgain(h: Harness, user: TestUser): Promise<TestUser> {
  const login = await h.login(user.openid)
  return { ...user, token: login.token }
}

/** Runs `work` with the test clock at `t`, then puts it back (also when `work` fails). */
export async function at<T>(h: Harness, t: number, work: () => Promise<T>): Promise<T> {
  const before = h.clock.t
  h.clock.t = t
  try {
    return await work()
  } finally {
    h.clock.t = before
  }
}

export async function newOfficer(h: Harness, name = '测试信贷员'): Promise<TestUser & { officerId: string }> {
  const u = await newUser(h)
  const officerId = await createOfficer(loansDb(h.db.kysely), { userId: u.userId, name, branch: '测试支行' }, h.clock.now())
  return { ...u, officerId }
}

export async function consents(h: Harness): Promise<LoanApplicationRequest['consents']> {
  const { items } = await json<ConsentTextsResponse>(await h.request('GET', '/api/loans/consents'), 200)
  const of = (kind: string) => {
    const c = items.find((i) => i.kind === kind)
    if (!c) throw new Error(`no consent ${kind}`)
    return { version: c.version, sha256: c.sha256, agreed: true as const }
  }
  return { loanTerms: of('loan_terms'), sensitivePersonalInfo: of('sensitive_personal_info') }
}

let seq = 100

export async function applicationBody(h: Harness, overrides: Partial<LoanApplicationRequest> = {}): Promise<LoanApplicationRequest> {
  return {
    productId: 'livestock',
    purpose: '买 20 头猪崽和三个月的饲料',
    amountFen: 20_000_00,
    termMonths: 12,
    method: 'equal_installment',
    name: '王建国',
    idNumber: idNumber('19800315', String(++seq)),
    phoneCode: h.wechat.issuePhoneCode('13812345678'),
    bankCard: GOOD_CARD,
    bankName: '中国农业银行洛川支行',
    consents: await consents(h),
    ...overrides,
  }
}

export async function applyFor(h: Harness, borrower: TestUser, overrides: Partial<LoanApplicationRequest> = {}): Promise<Loan> {
  const res = await h.request('POST', '/api/loans/applications', { token: borrower.token, json: await applicationBody(h, overrides) })
  return (await json<LoanApplicationResponse>(res, 201)).loan
}

export async function officerStep(h: Harness, officer: TestUser, loanId: string, step: 'start-review' | 'approve' | 'reject', reason = '收入稳定，养殖场已实地查看'): Promise<Response> {
  return h.request('POST', `/api/loans/officer/applications/${loanId}/${step}`, { token: officer.token, json: step === 'start-review' ? undefined : { reason } })
}

export async function approve(h: Harness, officer: TestUser, loanId: string): Promise<Loan> {
  await json(await officerStep(h, officer, loanId, 'start-review'), 200)
  return (await json<LoanResponse>(await officerStep(h, officer, loanId, 'approve'), 200)).loan
}

export async function acceptContract(h: Harness, borrower: TestUser, loanId: string): Promise<LoanContractResponse['contract']> {
  const { contract } = await json<LoanContractResponse>(await h.request('GET', `/api/loans/my/${loanId}/contract`, { token: borrower.token }), 200)
  return (await json<LoanContractResponse>(await h.request('POST', `/api/loans/my/${loanId}/contract/accept`, { token: borrower.token, json: { sha256: contract.sha256 } }), 200)).contract
}

/** The disbursement's callback (disbursement.ts calls it when WeChat says the transfer arrived). */
export function disburse(h: Harness, loanId: string, at = h.clock.now()): Promise<boolean> {
  return markDisbursed({ db: loansDb(h.db.kysely), settings: h.config.loans }, loanId, at)
}

/** Applied, approved, contract accepted and disbursed: a loan in 还款中. */
export async function repayingLoan(h: Harness, borrower: TestUser, officer: TestUser, overrides: Partial<LoanApplicationRequest> = {}): Promise<Loan> {
  const loan = await applyFor(h, borrower, overrides)
  await approve(h, officer, loan.id)
  await acceptContract(h, borrower, loan.id)
  if (!(await disburse(h, loan.id))) throw new Error('not disbursed')
  return getLoan(h, borrower, loan.id)
}

export async function getLoan(h: Harness, borrower: TestUser, loanId: string): Promise<Loan> {
  return (await json<LoanResponse>(await h.request('GET', `/api/loans/my/${loanId}`, { token: borrower.token }), 200)).loan
}

/**
 * What the payments module does when WeChat says a repayment is paid: onPaid inside its
 * transaction (here without WeChat, for arithmetic at chosen times; payments.test.ts goes through the sandbox).
 */
export async function settleRepayment(h: Harness, repaymentId: string, paid: PaidEvent): Promise<boolean> {
  return h.db.kysely.transaction().execute((tx: Transaction<Database>) => markRepaymentPaid(tx.withTables<LoanTables>(), repaymentId, paid))
}
