import { Hono, type Context } from 'hono'
import { z } from 'zod'
import {
  AcceptContractRequest,
  CreateRepaymentRequest,
  LoanApplicationRequest,
  LoanDecisionRequest,
  LoanId,
  LoanQuoteRequest,
  OfficerQueueQuery,
  PublishLoanProductRequest,
  RepaymentQuoteRequest,
  shanghaiDate,
  type ConsentTextsResponse,
  type LoanApplicationResponse,
  type LoanContractResponse,
  type LoanOfficerMeResponse,
  type LoanProductResponse,
  type LoanProductsResponse,
  type LoanQuoteResponse,
  type LoanResponse,
  type LoansResponse,
  type OfficerLoanResponse,
  type RepaymentQuoteResponse,
  type RepaymentResponse,
} from '@tianyuan/contracts'
import type { AppEnv } from '../../platform/context'
import type { Logger } from '../../platform/logging'
import { requireUser, signedIn } from '../../platform/auth/sessions'
import { readEmptyBody, readJson, readQuery } from '../../platform/validation'
import type { WeChatClient } from '../../platform/wechat/client'
import type { PaymentsService } from '../payments'
import { apply, decide, getOwnLoan, listOwnLoans, officerLoan, officerOf, officerQueue, requestDisbursement, type LoanViewDeps } from './applications'
import { consentTexts } from './consents'
import { acceptContract, getContract } from './contract'
import { startDueRepaymentRefunds } from './payable'
import { APR_NOTE, getProduct, listProducts, publishProduct, quote } from './products'
import { cancelRepayment, createRepayment, quoteRepayment } from './repayments'
import { loanErrors, type LoanDisbursementStarter, type LoansDeps } from './shared'

const NoQuery = z.strictObject({})

/** An id that cannot be one of ours is simply not found. */
function idParam(c: Context<AppEnv>, name: string, notFound: () => Error): string {
  const raw = c.req.param(name) ?? ''
  if (!LoanId.safeParse(raw).success) throw notFound()
  return raw
}
const loanId = (c: Context<AppEnv>) => idParam(c, 'id', loanErrors.loanNotFound)

export interface LoansRouteDeps extends LoansDeps, LoanViewDeps {
  wechat: WeChatClient
  payments: PaymentsService | null
  /** modules/loans/disbursement.ts (WeChat Pay's merchant transfer); absent → 放款 answers 503. */
  disbursements?: LoanDisbursementStarter | null
  logger: Logger
}

/**
 * 惠农小贷: mounted at /api/loans. Public: products, quotes, consent texts. Borrower (signed in):
 * apply, my loans, contract, repayments. Officer (a loan_officers row for the user; else 403):
 * queue, detail, start-review / approve / reject with a reason, disburse, publish a product.
 * Request bodies are never logged here (ID number, card, phone); the request log line has none.
 */
export function loansRoutes(deps: LoansRouteDeps) {
  const { db } = deps
  const today = () => shanghaiDate(deps.now())
  const officer = async (c: Context<AppEnv>) => officerOf(db, signedIn(c).userId)

  return (
    new Hono<AppEnv>()
      // ---------------------------------------------------------------- public
      .get('/products', async (c) => {
        readQuery(c, NoQuery)
        const result: LoanProductsResponse = { items: await listProducts(db), aprNote: APR_NOTE }
        return c.json(result)
      })
      .get('/products/:id', async (c) => {
        const id = idParam(c, 'id', loanErrors.productNotFound)
        readQuery(c, NoQuery)
        const result: LoanProductResponse = { product: await getProduct(db, id) }
        return c.json(result)
      })
      .post('/quote', async (c) => {
        const body = await readJson(c, LoanQuoteRequest)
        const result: LoanQuoteResponse = { quote: await quote(db, body, today()) }
        return c.json(result)
      })
      .get('/consents', async (c) => {
        readQuery(c, NoQuery)
        const result: ConsentTextsResponse = { items: consentTexts() }
        return c.json(result)
      })

      // ---------------------------------------------------------------- the borrower
      .post('/applications', requireUser, async (c) => {
        const body = await readJson(c, LoanApplicationRequest)
        const { userId } = signedIn(c)
        const result: LoanApplicationResponse = await apply(deps, userId, body)
        // Ids only: never the body (ID number, card, phone).
        c.get('log').info({ userId, loanId: result.loan.id, status: result.loan.status }, 'loan application submitted')
        return c.json(result, 201)
      })
      .get('/my', requireUser, async (c) => {
        readQuery(c, NoQuery)
        const result: LoansResponse = { items: await listOwnLoans(deps, signedIn(c).userId) }
        return c.json(result)
      })
      .get('/my/:id', requireUser, async (c) => {
        const id = loanId(c)
        readQuery(c, NoQuery)
        const { userId } = signedIn(c)
        let loan = await getOwnLoan(deps, userId, id)
        // Money paid twice goes back as soon as the borrower looks (the sweep does it within a minute otherwise).
        if (deps.payments && loan.repayments.some((r) => r.refundDueFen > r.refundedFen)) {
          if (await startDueRepaymentRefunds(deps.payments, db, c.get('log'), { loanId: id })) loan = await getOwnLoan(deps, userId, id)
        }
        const result: LoanResponse = { loan }
        return c.json(result)
      })
      .get('/my/:id/contract', requireUser, async (c) => {
        const id = loanId(c)
        readQuery(c, NoQuery)
        const result: LoanContractResponse = { contract: await getContract(deps, signedIn(c).userId, id) }
        return c.json(result)
      })
      .post('/my/:id/contract/accept', requireUser, async (c) => {
        const id = loanId(c)
        const body = await readJson(c, AcceptContractRequest)
        const result: LoanContractResponse = { contract: await acceptContract(deps, signedIn(c).userId, id, body.sha256) }
        return c.json(result)
      })
      .post('/my/:id/repayment-quote', requireUser, async (c) => {
        const id = loanId(c)
        const body = await readJson(c, RepaymentQuoteRequest)
        const result: RepaymentQuoteResponse = { quote: await quoteRepayment(deps, signedIn(c).userId, id, body) }
        return c.json(result)
      })
      .post('/my/:id/repayments', requireUser, async (c) => {
        const id = loanId(c)
        const body = await readJson(c, CreateRepaymentRequest)
        const { repayment, created } = await createRepayment(deps, signedIn(c).userId, id, body)
        const result: RepaymentResponse = { repayment }
        return c.json(result, created ? 201 : 200)
      })
      .post('/my/:id/repayments/:rid/cancel', requireUser, async (c) => {
        const id = loanId(c)
        const rid = idParam(c, 'rid', loanErrors.repaymentNotFound)
        await readEmptyBody(c)
        const result: RepaymentResponse = { repayment: await cancelRepayment(deps, signedIn(c).userId, id, rid) }
        return c.json(result)
      })

      // ---------------------------------------------------------------- the credit officer's workbench
      .get('/officer/me', requireUser, async (c) => {
        readQuery(c, NoQuery)
        const o = await officer(c)
        const result: LoanOfficerMeResponse = { officer: { id: o.id, name: o.name, branch: o.branch } }
        return c.json(result)
      })
      .get('/officer/applications', requireUser, async (c) => {
        const query = readQuery(c, OfficerQueueQuery)
        await officer(c)
        const result: LoansResponse = { items: await officerQueue(deps, query.status) }
        return c.json(result)
      })
      .get('/officer/applications/:id', requireUser, async (c) => {
        const id = loanId(c)
        readQuery(c, NoQuery)
        const result: OfficerLoanResponse = await officerLoan(deps, await officer(c), id)
        return c.json(result)
      })
      .post('/officer/applications/:id/start-review', requireUser, async (c) => {
        const id = loanId(c)
        await readEmptyBody(c)
        const result: LoanResponse = { loan: await decide(deps, await officer(c), id, 'startReview', '开始审核') }
        return c.json(result)
      })
      .post('/officer/applications/:id/approve', requireUser, async (c) => {
        const id = loanId(c)
        const body = await readJson(c, LoanDecisionRequest)
        const result: LoanResponse = { loan: await decide(deps, await officer(c), id, 'approve', body.reason) }
        return c.json(result)
      })
      .post('/officer/applications/:id/reject', requireUser, async (c) => {
        const id = loanId(c)
        const body = await readJson(c, LoanDecisionRequest)
        const result: LoanResponse = { loan: await decide(deps, await officer(c), id, 'reject', body.reason) }
        return c.json(result)
      })
      .post('/officer/applications/:id/disburse', requireUser, async (c) => {
        const id = loanId(c)
        await readEmptyBody(c)
        const result: LoanResponse = { loan: await requestDisbursement(deps, await officer(c), id) }
        return c.json(result)
      })
      .post('/officer/products', requireUser, async (c) => {
        const body = await readJson(c, PublishLoanProductRequest)
        const o = await officer(c)
        const result: LoanProductResponse = { product: await publishProduct(db, deps.settings, body, deps.now(), { createdBy: o.user_id, today: today() }) }
        return c.json(result, 201)
      })
  )
}
