import fc from 'fast-check'
import { z } from 'zod'
import {
  AcceptContractRequest,
  CreateRepaymentRequest,
  LoanApplicationRequest,
  LoanDecisionRequest,
  LoanQuoteRequest,
  OfficerQueueQuery,
  PublishLoanProductRequest,
  RepaymentQuoteRequest,
  type Loan,
} from '@tianyuan/contracts'
import { describeEachDatabase, type TestDatabase } from '../../testing/databases'
import { createHarness, removeMediaDir, type Harness } from '../../testing/harness'
import { Empty, expectRefused, mutationsOf, snapshotTables, sweepRoutes, sweepUnprintableText, unprintableQueryText, type SweepRoute } from '../../testing/bad-input-sweep'
import { loansDb, type LoanTables } from './schema'
import { GOOD_CARD, applyFor, consents, idNumber, newOfficer, newUser, publishDemoProducts, repayingLoan, type TestUser } from './testing'

/**
 * The loans' routes in the bad-input sweep (the same rules as ../bad-input.test.ts and the
 * clinic's): generated malformed JSON, wrong types, unknown fields, negative and huge numbers and
 * oversize bodies each get a 4xx in the one error shape with a zh-CN message, no stack trace, and
 * every loans table is left exactly as it was.
 */
const TABLES = ['users', 'loan_products', 'loan_officers', 'loans', 'loan_consents', 'loan_events', 'loan_repayments', 'loan_ledger'] as const satisfies readonly (keyof LoanTables | 'users')[]

const snapshot = (h: Harness): Promise<string> => snapshotTables(loansDb(h.db.kysely), TABLES)

describeEachDatabase('loans: bad input on every route', (fresh) => {
  let database: TestDatabase
  let h: Harness
  let officer: TestUser
  let borrower: TestUser
  let submitted: Loan
  let repaying: Loan
  let given: Awaited<ReturnType<typeof consents>>

  beforeAll(async () => {
    database = await fresh()
    h = await createHarness(database)
    await publishDemoProducts(h)
    officer = await newOfficer(h)
    borrower = await newUser(h)
    repaying = await repayingLoan(h, borrower, officer)
    submitted = await applyFor(h, await newUser(h))
    given = await consents(h)
  })
  afterAll(async () => {
    await h.close()
    removeMediaDir(h)
    await database.drop()
  })

  const applicationValid = () => ({
    productId: 'livestock',
    purpose: '买猪崽',
    amountFen: 20_000_00,
    termMonths: 12,
    method: 'equal_installment',
    name: '王建国',
    idNumber: idNumber('19800315', '909'),
    phoneCode: 'phonecode-none',
    bankCard: GOOD_CARD,
    bankName: '中国农业银行',
    consents: given,
  })
  const quoteValid = () => ({ productId: 'livestock', amountFen: 10_000_00, termMonths: 12, method: 'equal_installment' })
  const productValid = () => ({ name: '大棚贷', category: 'spring_planting', description: '建大棚', minAmountFen: 10_000_00, maxAmountFen: 20_000_00, termsMonths: [12], methods: ['equal_installment'], annualRateBp: 800 })

  const routes: SweepRoute[] = [
    { method: 'POST', name: '/api/loans/quote', path: () => '/api/loans/quote', token: () => undefined, schema: LoanQuoteRequest, valid: quoteValid },
    { method: 'POST', name: '/api/loans/applications', path: () => '/api/loans/applications', token: () => borrower.token, schema: LoanApplicationRequest, valid: applicationValid },
    { method: 'POST', name: '/api/loans/my/:id/contract/accept', path: () => `/api/loans/my/${repaying.id}/contract/accept`, token: () => borrower.token, schema: AcceptContractRequest },
    { method: 'POST', name: '/api/loans/my/:id/repayment-quote', path: () => `/api/loans/my/${repaying.id}/repayment-quote`, token: () => borrower.token, schema: RepaymentQuoteRequest, valid: () => ({ scope: 'installments', count: 1 }) },
    {
      method: 'POST',
      name: '/api/loans/my/:id/repayments',
      path: () => `/api/loans/my/${repaying.id}/repayments`,
      token: () => borrower.token,
      schema: CreateRepaymentRequest,
      valid: () => ({ scope: 'installments', count: 1, amountFen: 1 }),
    },
    { method: 'POST', name: '/api/loans/officer/applications/:id/start-review', path: () => `/api/loans/officer/applications/${submitted.id}/start-review`, token: () => officer.token, schema: Empty },
    { method: 'POST', name: '/api/loans/officer/applications/:id/approve', path: () => `/api/loans/officer/applications/${submitted.id}/approve`, token: () => officer.token, schema: LoanDecisionRequest, valid: () => ({ reason: '同意' }) },
    { method: 'POST', name: '/api/loans/officer/applications/:id/reject', path: () => `/api/loans/officer/applications/${submitted.id}/reject`, token: () => officer.token, schema: LoanDecisionRequest, valid: () => ({ reason: '不同意' }) },
    { method: 'POST', name: '/api/loans/officer/applications/:id/disburse', path: () => `/api/loans/officer/applications/${submitted.id}/disburse`, token: () => officer.token, schema: Empty },
    { method: 'POST', name: '/api/loans/officer/products', path: () => '/api/loans/officer/products', token: () => officer.token, schema: PublishLoanProductRequest, valid: productValid },
  ]

  const poison = fc.constantFrom<unknown>(-1, 0, -100, 1.5, 1e15, 2 ** 53, '100', null, true, false, [], {}, '2026-02-30', '110105194912310021', '', 'x'.repeat(3000), 'interest_only')

  sweepRoutes(routes, {
    harness: () => h,
    snapshot,
    numRuns: 25,
    hugeNumbers: fc.constantFrom('{"amountFen": 1e400}', '{"termMonths": -1e309}', '{"count": 123456789012345678901234567890}', '[1e400]', '1e999'),
    shapes: (route) => mutationsOf(route.valid, poison),
    formBody: 'a=b',
    oversize: { purpose: 'a'.repeat(200_000) },
  })

  sweepUnprintableText(routes, { harness: () => h, snapshot })

  test('amounts, terms, methods and ID numbers the schema allows but the product or the check does not → 400 naming the field, nothing written', async () => {
    const before = await snapshot(h)
    const wrongDigit = (() => {
      const good = idNumber('19800315', '910')
      return good.slice(0, 17) + (good[17] === '0' ? '1' : '0')
    })()
    const cases: [string, Record<string, unknown>, string][] = [
      ['/api/loans/quote', { ...quoteValid(), amountFen: 4_999_00 }, 'amountFen'],
      ['/api/loans/quote', { ...quoteValid(), amountFen: 10_000_50 }, 'amountFen'],
      ['/api/loans/quote', { ...quoteValid(), termMonths: 36 }, 'termMonths'],
      ['/api/loans/quote', { ...quoteValid(), method: 'bullet' }, 'method'],
      ['/api/loans/applications', { ...applicationValid(), idNumber: wrongDigit }, 'idNumber'],
      ['/api/loans/applications', { ...applicationValid(), idNumber: idNumber('19800230', '911') }, 'idNumber'],
      ['/api/loans/applications', { ...applicationValid(), amountFen: 100_001_00 }, 'amountFen'],
      ['/api/loans/applications', { ...applicationValid(), termMonths: 3 }, 'termMonths'],
      ['/api/loans/applications', { ...applicationValid(), bankCard: '62284804' }, 'bankCard'],
      ['/api/loans/officer/products', { ...productValid(), installmentFeeBp: 40 }, 'installmentFeeBp'],
      ['/api/loans/officer/products', { ...productValid(), minAmountFen: 30_000_00 }, 'maxAmountFen'],
    ]
    for (const [url, body, field] of cases) {
      const token = url.includes('officer') ? officer.token : borrower.token
      const res = await h.request('POST', url, { token, json: body })
      expect([url, field, res.status]).toEqual([url, field, 400])
      const error = (await res.json()) as { message: string; details: { issues: { field: string }[] } }
      expect(error.details.issues[0]?.field).toBe(field)
      expect(error.message).toContain(`「${field}」`)
      expect(error.message).toMatch(/[\u4e00-\u9fff]/)
    }
    expect(await snapshot(h)).toBe(before)
  })

  test('GET routes: generated bad query strings → 400, database unchanged', async () => {
    const before = await snapshot(h)
    const key = fc.constantFrom('status', 'page', 'q', 'x')
    const value = fc.oneof(fc.string({ maxLength: 8 }), fc.integer().map(String), unprintableQueryText, fc.constantFrom('overdue', 'paid', '-1', 'x'.repeat(70)))
    const gets: [string, z.ZodType, TestUser | undefined][] = [
      ['/api/loans/products', Empty, undefined],
      ['/api/loans/products/livestock', Empty, undefined],
      ['/api/loans/consents', Empty, undefined],
      ['/api/loans/my', Empty, borrower],
      [`/api/loans/my/${repaying.id}`, Empty, borrower],
      [`/api/loans/my/${repaying.id}/contract`, Empty, borrower],
      ['/api/loans/officer/me', Empty, officer],
      ['/api/loans/officer/applications', OfficerQueueQuery, officer],
      [`/api/loans/officer/applications/${submitted.id}`, Empty, officer],
    ]
    await fc.assert(
      fc.asyncProperty(fc.dictionary(key, value, { minKeys: 1, maxKeys: 3 }), async (query) => {
        const qs = new URLSearchParams(query).toString()
        for (const [url, schema, who] of gets) {
          if (schema.safeParse(query).success) continue
          await expectRefused(await h.request('GET', `${url}?${qs}`, { token: who?.token }))
        }
      }),
      { numRuns: 20 },
    )
    expect(await snapshot(h)).toBe(before)
  })
})
