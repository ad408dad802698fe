// The real API for the microloan's simulator suites, started in a child process (serve-api.ts)
// with a credit officer and three products, and reached over loopback as a phone reaches the
// server. Besides the phone under test, suites need other people: the credit officer who starts
// the review, approves and disburses (over HTTP, with the officer's own session, through the
// same endpoints the workbench calls), and WeChat, whose sandbox confirms a transfer or a payment.
import path from 'node:path'
import { idCheckDigit } from '@tianyuan/contracts/identity-rules'
import type {
  ConsentTextsResponse,
  CreatePaymentResponse,
  Loan,
  LoanApplicationResponse,
  LoanContractResponse,
  LoanMethod,
  LoanProduct,
  LoanQuote,
  LoanQuoteResponse,
  LoanResponse,
  LoansResponse,
  RepaymentQuote,
  RepaymentQuoteResponse,
  RepaymentResponse,
} from '@tianyuan/contracts/types'
import { startChildServer } from '@tianyuan/sim/child-server'
import { confirmInCashier, signIn } from '@tianyuan/sim/sandbox'
import type { MicroloanApiReady } from './serve-api'

const API_DIR = path.resolve(__dirname, '../../../api')

/**
 * A valid 18-digit ID number (GB 11643): 610629 (洛川县), the birth date (YYYYMMDD), two digits of
 * `seq`, the sex digit (odd for 男), and the MOD 11-2 check character.
 */
export function idNumberFor(birth: string, seq: number, gender: '男' | '女' = '男'): string {
  const first17 = `610629${birth}${String(seq % 100).padStart(2, '0')}${gender === '男' ? 1 : 2}`
  return first17 + idCheckDigit(first17)
}

/** A 19-digit debit card number that passes Luhn (the app only warns when it does not). */
export const GOOD_CARD = '6222020200112233446'
/** Passes the length rule, fails Luhn: a warning, not a refusal. */
export const LUHN_FAILING_CARD = '6222020200112233445'

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

export interface Plan {
  amountFen: number
  termMonths: number
  method: LoanMethod
}

export interface MicroloanPeople {
  /** The published products, as GET /api/loans/products lists them. */
  products: LoanProduct[]
  productNamed(name: string): LoanProduct
  /** A new API session token for this sandbox user. */
  signIn(user: string): Promise<string>
  /** The server's quote for a plan (what the calculator must agree with to the fen). */
  quote(productId: string, plan: Plan): Promise<LoanQuote>
  loansOf(user: string): Promise<LoansResponse['items']>
  loanOf(user: string, loanId: string): Promise<Loan>
  /** Applies over HTTP as `user` (a phone code from the sandbox, both consents): the loan, 已提交. */
  apply(user: string, productId: string, plan: Plan, seq?: number): Promise<Loan>
  /** The borrower accepts the contract whose text they were sent. */
  acceptContract(user: string, loanId: string): Promise<LoanContractResponse['contract']>
  /** What WeChat's 确认收款 does for the loan's pending transfer: the sandbox confirms it and notifies the API. */
  confirmTransfer(user: string, loanId: string): Promise<string>
  /** Applied, reviewed, approved, contract accepted, disbursed and received: a loan 还款中. */
  repayingLoan(user: string, productId: string, plan: Plan, seq?: number): Promise<Loan>
  /** The server's amount to the day for a repayment (what the phone must show before paying). */
  repaymentQuote(user: string, loanId: string, request: { scope: 'installments'; count: number } | { scope: 'payoff' }): Promise<RepaymentQuote>
  /** Pays the next `count` installments over HTTP, as another phone of the borrower would. */
  repay(user: string, loanId: string, count: number): Promise<RepaymentQuote>
  /** Polls the borrower's loan until `done` (≈10 s). */
  untilLoan(user: string, loanId: string, done: (loan: Loan) => boolean, what: string): Promise<Loan>
  officer: OfficerDesk
}

export interface OfficerDesk {
  name: string
  queue(status?: string): Promise<LoansResponse['items']>
  startReview(loanId: string): Promise<Loan>
  approve(loanId: string, reason: string): Promise<Loan>
  reject(loanId: string, reason: string): Promise<Loan>
  disburse(loanId: string): Promise<Loan>
}

export interface MicroloanApi extends MicroloanPeople {
  url: string
  close(): Promise<void>
}

export async function startMicroloanApi(): Promise<MicroloanApi> {
  // cwd in the API's package, so tsx, its config and its modules resolve as in `npm start`.
  const server = await startChildServer<MicroloanApiReady>({ script: path.join(__dirname, 'serve-api.ts'), cwd: API_DIR })
  const { url, products, officer } = server.ready
  return { url, ...microloanPeople(url, products, officer.name), close: () => server.close() }
}

/** Everyone but the phone under test, acting over HTTP on the API at `url` (a child server's, or the browser suites' preview). */
export function microloanPeople(url: string, products: LoanProduct[], officerName: string): MicroloanPeople {
  const origin = new URL(url).origin
  const sessions = new Map<string, Promise<string>>()
  const tokenOf = (user: string): Promise<string> => {
    let token = sessions.get(user)
    if (!token) {
      token = signIn(origin, user)
      token.catch(() => sessions.delete(user))
      sessions.set(user, token)
    }
    return token
  }
  const call = async <T>(user: string | null, method: string, p: string, body?: unknown): Promise<T> => {
    const headers: Record<string, string> = body === undefined ? {} : { 'content-type': 'application/json' }
    if (user) headers.authorization = `Bearer ${await tokenOf(user)}`
    const res = await fetch(`${origin}/api${p}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) })
    const text = await res.text()
    if (!res.ok) throw new Error(`${user ?? 'anyone'}: ${method} /api${p}: ${res.status} ${text}`)
    return JSON.parse(text) as T
  }
  const sandbox = async <T>(p: string, body: unknown): Promise<T> => {
    const res = await fetch(`${origin}/wechat-sandbox${p}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
    const text = await res.text()
    if (!res.ok) throw new Error(`sandbox ${p}: ${res.status} ${text}`)
    return JSON.parse(text) as T
  }
  const my = (id: string) => `/loans/my/${encodeURIComponent(id)}`
  const desk = (id: string) => `/loans/officer/applications/${encodeURIComponent(id)}`

  const loanOf = async (user: string, loanId: string) => (await call<LoanResponse>(user, 'GET', my(loanId))).loan
  const untilLoan = async (user: string, loanId: string, done: (loan: Loan) => boolean, what: string): Promise<Loan> => {
    let loan: Loan | undefined
    for (let i = 0; i < 100; i++) {
      loan = await loanOf(user, loanId)
      if (done(loan)) return loan
      await sleep(100)
    }
    throw new Error(`loan ${loanId} never became ${what} (last: ${loan?.status}, disbursement ${JSON.stringify(loan?.disbursement)})`)
  }

  const apply = async (user: string, productId: string, plan: Plan, seq = 1): Promise<Loan> => {
    const { items: texts } = await call<ConsentTextsResponse>(null, 'GET', '/loans/consents')
    const consent = (kind: string) => {
      const t = texts.find((c) => c.kind === kind)
      if (!t) throw new Error(`no consent text ${kind}`)
      return { version: t.version, sha256: t.sha256, agreed: true }
    }
    const { code } = await sandbox<{ code: string }>('/sandbox/phone-code', { user, phoneNumber: '13912345678' })
    const body = {
      productId,
      purpose: '买化肥和玉米种子',
      ...plan,
      name: user,
      idNumber: idNumberFor('19700315', seq),
      phoneCode: code,
      bankCard: GOOD_CARD,
      bankName: '农村信用社',
      consents: { loanTerms: consent('loan_terms'), sensitivePersonalInfo: consent('sensitive_personal_info') },
    }
    return (await call<LoanApplicationResponse>(user, 'POST', '/loans/applications', body)).loan
  }

  const officer: OfficerDesk = {
    name: officerName,
    queue: async (status) => (await call<LoansResponse>(officerName, 'GET', `/loans/officer/applications${status ? `?status=${status}` : ''}`)).items,
    startReview: async (id) => (await call<LoanResponse>(officerName, 'POST', `${desk(id)}/start-review`, {})).loan,
    approve: async (id, reason) => (await call<LoanResponse>(officerName, 'POST', `${desk(id)}/approve`, { reason })).loan,
    reject: async (id, reason) => (await call<LoanResponse>(officerName, 'POST', `${desk(id)}/reject`, { reason })).loan,
    disburse: async (id) => (await call<LoanResponse>(officerName, 'POST', `${desk(id)}/disburse`, {})).loan,
  }

  const acceptContract = async (user: string, loanId: string) => {
    const { contract } = await call<LoanContractResponse>(user, 'GET', `${my(loanId)}/contract`)
    return (await call<LoanContractResponse>(user, 'POST', `${my(loanId)}/contract/accept`, { sha256: contract.sha256 })).contract
  }

  const confirmTransfer = async (user: string, loanId: string): Promise<string> => {
    const loan = await untilLoan(user, loanId, (l) => Boolean(l.disbursement?.confirm), 'waiting for the borrower to confirm the transfer')
    const { errMsg } = await sandbox<{ errMsg: string }>('/sandbox/transfer/confirm', loan.disbursement?.confirm)
    return errMsg
  }

  return {
    products,
    productNamed(name) {
      const p = products.find((x) => x.name === name)
      if (!p) throw new Error(`no product named ${name} (there are ${products.map((x) => x.name).join('、')})`)
      return p
    },
    signIn: (user) => signIn(origin, user),
    quote: async (productId, plan) => (await call<LoanQuoteResponse>(null, 'POST', '/loans/quote', { productId, ...plan })).quote,
    loansOf: async (user) => (await call<LoansResponse>(user, 'GET', '/loans/my')).items,
    loanOf,
    apply,
    acceptContract,
    confirmTransfer,
    async repayingLoan(user, productId, plan, seq) {
      const loan = await apply(user, productId, plan, seq)
      await officer.startReview(loan.id)
      await officer.approve(loan.id, '用途清楚，金额合理')
      await acceptContract(user, loan.id)
      await officer.disburse(loan.id)
      const errMsg = await confirmTransfer(user, loan.id)
      if (!/:ok$/.test(errMsg)) throw new Error(`the sandbox transfer said: ${errMsg}`)
      return untilLoan(user, loan.id, (l) => l.status === 'repaying', '还款中')
    },
    repaymentQuote: async (user, loanId, request) => (await call<RepaymentQuoteResponse>(user, 'POST', `${my(loanId)}/repayment-quote`, request)).quote,
    async repay(user, loanId, count) {
      const { quote } = await call<RepaymentQuoteResponse>(user, 'POST', `${my(loanId)}/repayment-quote`, { scope: 'installments', count })
      const { repayment } = await call<RepaymentResponse>(user, 'POST', `${my(loanId)}/repayments`, { scope: 'installments', count, amountFen: quote.amountFen })
      const created = await call<CreatePaymentResponse>(user, 'POST', '/payments', { kind: 'loan_repayment', orderId: repayment.id })
      const errMsg = await confirmInCashier(origin, created.requestPayment)
      if (errMsg !== 'requestPayment:ok') throw new Error(`the sandbox cashier said: ${errMsg}`)
      return quote
    },
    untilLoan,
    officer,
  }
}
