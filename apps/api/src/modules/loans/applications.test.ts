import type { ErrorBody, Loan, LoanApplicationResponse, LoanContractResponse, LoanProductsResponse, LoanQuoteResponse, LoanResponse, LoansResponse, MeResponse, OfficerLoanResponse } from '@tianyuan/contracts'
import { describeEachDatabase, type TestDatabase } from '../../testing/databases'
import { createHarness, removeMediaDir, type Harness } from '../../testing/harness'
import { loansDb } from './schema'
import {
  LUHN_FAILING_CARD,
  acceptContract,
  applicationBody,
  applyFor,
  approve,
  at,
  consents,
  disburse,
  getLoan,
  idNumber,
  json,
  newOfficer,
  newUser,
  officerStep,
  publishDemoProducts,
  signInAgain,
  type TestUser,
} from './testing'

/**
 * 惠农小贷 applications: products with the APR first, quotes, the application with identity and
 * two separate consents, masking, automatic checks, every allowed and refused transition with its
 * audit row, the officer's workbench and who may do what.
 */
describeEachDatabase('loans: products, applications and the state machine', (fresh) => {
  let database: TestDatabase
  let h: Harness
  let officer: TestUser
  let otherOfficer: TestUser

  beforeAll(async () => {
    database = await fresh()
    h = await createHarness(database)
    await publishDemoProducts(h)
    officer = await newOfficer(h, '李建华')
    otherOfficer = await newOfficer(h, '赵敏')
  })
  afterAll(async () => {
    await h.close()
    removeMediaDir(h)
    await database.drop()
  })

  const error = async (res: Response, status: number) => json<ErrorBody>(res, status)

  test('products: APR (IRR, fees included) first, as a range over what is offered; a fee shows its true cost', async () => {
    const { items, aprNote } = await json<LoanProductsResponse>(await h.request('GET', '/api/loans/products'), 200)
    expect(items.map((p) => p.id)).toEqual(['spring-planting', 'livestock', 'machinery', 'farm-supplies'])
    expect(Object.keys(items[0] as object)[0]).toBe('id')
    expect(aprNote).toMatch(/内部收益率/)
    const fee = items.find((p) => p.id === 'machinery') as (typeof items)[number]
    // 7.20 % nominal + 0.05 % of the amount a month: the APR is well above 7.20 %, not 7.20 + 0.6.
    expect(fee.apr.min).toBeGreaterThan(0.08)
    expect(fee.apr.text).toMatch(/^\d+\.\d\d%–\d+\.\d\d%$/)
    const free = items.find((p) => p.id === 'livestock') as (typeof items)[number]
    expect(free.apr).toMatchObject({ min: 0.066, max: 0.066, text: '6.60%' })
    for (const p of items) expect(p.apr.max).toBeLessThanOrEqual(h.config.loans.aprCapBp / 10000)
  })

  test('quote: the schedule and APR for amount/term/method, principals summing to the amount', async () => {
    const { quote } = await json<LoanQuoteResponse>(await h.request('POST', '/api/loans/quote', { json: { productId: 'livestock', amountFen: 10_000_00, termMonths: 12, method: 'equal_installment' } }), 200)
    expect(quote).toMatchObject({ aprText: '6.60%', methodWord: '等额本息', termMonths: 12 })
    expect(quote.schedule).toHaveLength(12)
    expect(quote.schedule.reduce((s, i) => s + i.principalFen, 0)).toBe(10_000_00)
    expect(quote.totalRepayFen).toBe(10_000_00 + quote.totalInterestFen + quote.totalFeeFen)
    const bullet = await json<LoanQuoteResponse>(await h.request('POST', '/api/loans/quote', { json: { productId: 'spring-planting', amountFen: 8_000_00, termMonths: 9, method: 'bullet' } }), 200)
    expect(bullet.quote.schedule).toHaveLength(1)
    expect(bullet.quote.schedule[0]?.principalFen).toBe(8_000_00)
  })

  test('bad input → 400 with zh-CN messages naming the field', async () => {
    const quote = (body: object) => h.request('POST', '/api/loans/quote', { json: { productId: 'livestock', amountFen: 10_000_00, termMonths: 12, method: 'equal_installment', ...body } })
    const outside = await error(await quote({ amountFen: 200_000_00 }), 400)
    expect(outside.details).toEqual({ issues: [{ field: 'amountFen', message: '「养殖贷」可借 5000.00 元到 20000.00 元' }] })
    expect(outside.message).toContain('amountFen')
    const term = await error(await quote({ termMonths: 9 }), 400)
    expect(term.details).toEqual({ issues: [{ field: 'termMonths', message: '「养殖贷」的期限只有 6、12、18、24 个月' }] })
    const method = await error(await quote({ method: 'bullet' }), 400)
    expect(method.details).toMatchObject({ issues: [{ field: 'method' }] })

    const borrower = await newUser(h)
    const apply = async (overrides: object) => h.request('POST', '/api/loans/applications', { token: borrower.token, json: { ...(await applicationBody(h)), ...overrides } })
    const good = idNumber('19800315', '777')
    const wrongDigit = good.slice(0, 17) + (good[17] === '0' ? '1' : '0')
    expect((await error(await apply({ idNumber: wrongDigit }), 400)).details).toEqual({ issues: [{ field: 'idNumber', message: '身份证号校验位不对，请逐位核对' }] })
    expect((await error(await apply({ amountFen: 1_000_00 }), 400)).details).toMatchObject({ issues: [{ field: 'amountFen' }] })
    expect((await error(await apply({ termMonths: 7 }), 400)).details).toMatchObject({ issues: [{ field: 'termMonths' }] })
    expect((await error(await apply({ bankCard: '1234' }), 400)).details).toEqual({ issues: [{ field: 'bankCard', message: '银行卡号应为 12 到 19 位数字' }] })
    const stale = { ...(await consents(h)), sensitivePersonalInfo: { version: 'pipl-2025.01', sha256: 'a'.repeat(64), agreed: true } }
    expect((await error(await apply({ consents: stale }), 400)).details).toMatchObject({ issues: [{ field: 'consents.sensitivePersonalInfo', message: expect.stringContaining('重新阅读') }] })
    const notAgreed = { ...(await consents(h)), loanTerms: { ...(await consents(h)).loanTerms, agreed: false } }
    expect((await error(await apply({ consents: notAgreed }), 400)).details).toMatchObject({ issues: [{ field: 'consents.loanTerms.agreed' }] })
    // Nothing was written.
    expect(await loansDb(h.db.kysely).selectFrom('loans').select('id').where('user_id', '=', borrower.userId).execute()).toEqual([])
  })

  test('apply: 已提交, both consents recorded with version and hash, sensitive fields masked everywhere and never logged', async () => {
    const borrower = await newUser(h)
    const body = await applicationBody(h, { bankCard: LUHN_FAILING_CARD })
    const res = await h.request('POST', '/api/loans/applications', { token: borrower.token, json: body })
    const raw = await res.text()
    expect(res.status).toBe(201)
    const { loan, warnings } = JSON.parse(raw) as LoanApplicationResponse
    expect(loan).toMatchObject({ status: 'submitted', statusWord: '已提交', amountFen: 20_000_00, aprText: '6.60%' })
    expect(loan.borrower).toEqual({
      name: '王建国',
      idNumberMasked: `${body.idNumber.slice(0, 4)}**********${body.idNumber.slice(-4)}`,
      phoneMasked: '138****5678',
      bankCardMasked: `**** **** ${LUHN_FAILING_CARD.slice(-4)}`,
      bankName: '中国农业银行洛川支行',
      ageAtApplication: 46,
    })
    // Luhn is a warning only: the application stands.
    expect(warnings).toEqual([expect.stringContaining('核对')])
    expect(loan.checks.find((c) => c.name === 'bank_card')).toMatchObject({ passed: false, warningOnly: true })
    expect(loan.consents.map((c) => [c.kind, c.version, c.sha256])).toEqual([
      ['loan_terms', 'terms-2026.12', body.consents.loanTerms.sha256],
      ['sensitive_personal_info', 'pipl-2026.12', body.consents.sensitivePersonalInfo.sha256],
    ])
    expect(loan.events).toEqual([expect.objectContaining({ from: null, to: 'submitted', actor: 'borrower' })])
    const full = [body.idNumber, LUHN_FAILING_CARD, '13812345678', body.idNumber.slice(6, 14) + body.idNumber.slice(14)]
    const readsOfIt = [
      raw,
      await (await h.request('GET', `/api/loans/my/${loan.id}`, { token: borrower.token })).text(),
      await (await h.request('GET', '/api/loans/my', { token: borrower.token })).text(),
      await (await h.request('GET', `/api/loans/officer/applications/${loan.id}`, { token: officer.token })).text(),
      await (await h.request('GET', '/api/loans/officer/applications', { token: officer.token })).text(),
      h.logs.join('\n'),
    ]
    for (const text of readsOfIt) for (const secret of full) expect(text).not.toContain(secret)
  })

  test('automatic checks: under 18 or over 65 (from the ID number) → 已拒绝 by the system, with the reason', async () => {
    for (const [birth, age] of [
      ['20100101', 16],
      ['19580101', 68],
    ] as const) {
      const loan = await applyFor(h, await newUser(h), { idNumber: idNumber(birth, '555') })
      expect(loan).toMatchObject({ status: 'rejected', statusWord: '已拒绝' })
      expect(loan.borrower.ageAtApplication).toBe(age)
      expect(loan.events.map((e) => [e.from, e.to, e.actor])).toEqual([
        [null, 'submitted', 'borrower'],
        ['submitted', 'rejected', 'system'],
      ])
      expect(loan.decision).toMatchObject({ approved: false, reason: expect.stringContaining('18–65') })
    }
  })

  test('loans at once: a second application while one is in progress → 409, also when both arrive together', async () => {
    const borrower = await newUser(h)
    const bodies = await Promise.all([applicationBody(h), applicationBody(h)])
    const answers = await Promise.all(bodies.map((json) => h.request('POST', '/api/loans/applications', { token: borrower.token, json })))
    expect(answers.map((r) => r.status).sort()).toEqual([201, 409])
    const refused = answers.find((r) => r.status === 409) as Response
    expect(await refused.json()).toMatchObject({ code: 'QUOTA_EXCEEDED', message: expect.stringContaining('最多 1 笔') })
    const mine = await json<LoansResponse>(await h.request('GET', '/api/loans/my', { token: borrower.token }), 200)
    expect(mine.items).toHaveLength(1)
    // A third try is refused before WeChat's one-time phone code is spent.
    const phoneCalls = h.wechat.calls.phone
    expect((await h.request('POST', '/api/loans/applications', { token: borrower.token, json: await applicationBody(h) })).status).toBe(409)
    expect(h.wechat.calls.phone).toBe(phoneCalls)
  })

  test('every allowed transition, each with its audit row; 逾期 on read; 已结清 comes from repayments (repayments.test.ts)', async () => {
    const borrower = await newUser(h)
    const loan = await applyFor(h, borrower)
    const reviewing = await json<LoanResponse>(await officerStep(h, officer, loan.id, 'start-review'), 200)
    expect(reviewing.loan.status).toBe('under_review')
    // The same step again (a retried tap): unchanged, no second audit row.
    expect((await json<LoanResponse>(await officerStep(h, officer, loan.id, 'start-review'), 200)).loan.events).toHaveLength(2)
    const approved = await json<LoanResponse>(await officerStep(h, officer, loan.id, 'approve', '养殖场已实地查看，收入稳定'), 200)
    expect(approved.loan).toMatchObject({ status: 'approved', statusWord: '已批准', decision: { approved: true, reason: '养殖场已实地查看，收入稳定' } })

    // The contract: APR first, the schedule, accepted with the SHA-256 of the exact text.
    const { contract } = await json<LoanContractResponse>(await h.request('GET', `/api/loans/my/${loan.id}/contract`, { token: borrower.token }), 200)
    const firstRate = contract.text.search(/\d+\.\d\d%/)
    expect(contract.text.slice(0, firstRate)).toMatch(/年化利率：$/)
    expect(contract.text).not.toMatch(/日利率|月利率/)
    expect(contract.text.split('\n').filter((l) => /^\d+｜/.test(l))).toHaveLength(12)
    expect(contract.acceptedAt).toBeNull()
    const wrong = await h.request('POST', `/api/loans/my/${loan.id}/contract/accept`, { token: borrower.token, json: { sha256: 'b'.repeat(64) } })
    expect(wrong.status).toBe(409)
    const accepted = await acceptContract(h, borrower, loan.id)
    expect(accepted).toMatchObject({ sha256: contract.sha256, text: contract.text })
    expect(accepted.acceptedAt).not.toBeNull()
    const { createHash } = await import('node:crypto')
    expect(createHash('sha256').update(accepted.text, 'utf8').digest('hex')).toBe(accepted.sha256)

    // The money arrives (the disbursement's callback), several times: once.
    const results = await Promise.all([disburse(h, loan.id), disburse(h, loan.id), disburse(h, loan.id)])
    expect(results.filter(Boolean)).toHaveLength(1)
    const repaying = await getLoan(h, borrower, loan.id)
    expect(repaying).toMatchObject({ status: 'repaying', statusWord: '还款中' })
    expect(repaying.ledger).toEqual([expect.objectContaining({ kind: 'disbursement', amountFen: 20_000_00, principalFen: 20_000_00 })])
    expect(repaying.events.map((e) => [e.from, e.to, e.actor])).toEqual([
      [null, 'submitted', 'borrower'],
      ['submitted', 'under_review', 'officer'],
      ['under_review', 'approved', 'officer'],
      ['approved', 'approved', 'borrower'],
      ['approved', 'repaying', 'system'],
    ])

    // 逾期: computed on read once the first installment is past its due date and the grace days.
    const due = repaying.schedule[0]?.dueDate as string
    const lateDay = Date.parse(`${due}T12:00:00+08:00`) + (h.config.loans.graceDays + 1) * 86_400_000
    const late = await at(h, lateDay, async () => getLoan(h, await signInAgain(h, borrower), loan.id))
    expect(late).toMatchObject({ status: 'overdue', statusWord: '逾期', nextDue: { seq: 1, overdue: true } })
    expect(late.schedule[0]).toMatchObject({ status: 'overdue', statusWord: '已逾期' })
    expect(late.schedule[0]?.penaltyDueFen).toBeGreaterThan(0)
    // Within the grace days: not yet 逾期, no penalty.
    const grace = await at(h, Date.parse(`${due}T12:00:00+08:00`) + 86_400_000, async () => getLoan(h, await signInAgain(h, borrower), loan.id))
    expect(grace.status).toBe('repaying')
    expect(grace.schedule[0]?.penaltyDueFen).toBe(0)
    // …and the next payment is not flagged overdue either (the summary agrees with the status).
    expect(grace.nextDue).toMatchObject({ seq: 1, overdue: false })
  })

  test('reject: 审核中 → 已拒绝 with the reason', async () => {
    const loan = await applyFor(h, await newUser(h))
    await json(await officerStep(h, officer, loan.id, 'start-review'), 200)
    const rejected = await json<LoanResponse>(await officerStep(h, officer, loan.id, 'reject', '申请金额超过养殖规模所需'), 200)
    expect(rejected.loan).toMatchObject({ status: 'rejected', decision: { approved: false, reason: '申请金额超过养殖规模所需' } })
    expect(rejected.loan.events.at(-1)).toMatchObject({ from: 'under_review', to: 'rejected', actor: 'officer', reason: '申请金额超过养殖规模所需' })
  })

  test('every refused transition → 409 saying what the loan is now, nothing changed', async () => {
    const borrower = await newUser(h)
    const loan = await applyFor(h, borrower)
    const refused = async (res: Promise<Response>, code = 'LOAN_STATE_CONFLICT') => {
      const body = await error(await res, 409)
      expect(body.code).toBe(code)
      return body
    }
    // submitted: approve / reject before review; contract; disburse.
    expect((await refused(officerStep(h, officer, loan.id, 'approve'))).message).toContain('「已提交」')
    await refused(officerStep(h, officer, loan.id, 'reject'))
    await refused(h.request('GET', `/api/loans/my/${loan.id}/contract`, { token: borrower.token }))
    await refused(h.request('POST', `/api/loans/officer/applications/${loan.id}/disburse`, { token: officer.token }))
    expect(await disburse(h, loan.id)).toBe(false)
    await refused(h.request('POST', `/api/loans/my/${loan.id}/repayment-quote`, { token: borrower.token, json: { scope: 'payoff' } }))
    // approved without the contract accepted: no disbursement.
    await approve(h, officer, loan.id)
    await refused(officerStep(h, officer, loan.id, 'start-review'))
    await refused(officerStep(h, officer, loan.id, 'reject'))
    expect((await refused(h.request('POST', `/api/loans/officer/applications/${loan.id}/disburse`, { token: officer.token }))).message).toContain('确认借款合同')
    expect(await disburse(h, loan.id)).toBe(false)
    // rejected: nothing more.
    const other = await applyFor(h, await newUser(h))
    await json(await officerStep(h, officer, other.id, 'start-review'), 200)
    await json(await officerStep(h, officer, other.id, 'reject', '资料不全'), 200)
    await refused(officerStep(h, officer, other.id, 'approve'))
    await refused(officerStep(h, officer, other.id, 'start-review'))
    expect(await disburse(h, other.id)).toBe(false)
    const after = await getLoan(h, borrower, loan.id)
    expect(after.status).toBe('approved')
    expect(after.events).toHaveLength(3)
  })

  test('authorization: a borrower never sees another’s loan (404); non-officers 403; an officer cannot decide their own application', async () => {
    const owner = await newUser(h)
    const stranger = await newUser(h)
    const loan = await applyFor(h, owner)
    for (const [method, path, body] of [
      ['GET', `/api/loans/my/${loan.id}`, undefined],
      ['GET', `/api/loans/my/${loan.id}/contract`, undefined],
      ['POST', `/api/loans/my/${loan.id}/contract/accept`, { sha256: 'c'.repeat(64) }],
      ['POST', `/api/loans/my/${loan.id}/repayment-quote`, { scope: 'payoff' }],
      ['POST', `/api/loans/my/${loan.id}/repayments`, { scope: 'payoff', amountFen: 100 }],
    ] as const) {
      expect((await h.request(method, path, { token: stranger.token, json: body })).status).toBe(404)
    }
    expect((await json<LoansResponse>(await h.request('GET', '/api/loans/my', { token: stranger.token }), 200)).items).toEqual([])
    for (const [method, path, body] of [
      ['GET', '/api/loans/officer/me', undefined],
      ['GET', '/api/loans/officer/applications', undefined],
      ['GET', `/api/loans/officer/applications/${loan.id}`, undefined],
      ['POST', `/api/loans/officer/applications/${loan.id}/start-review`, undefined],
      ['POST', `/api/loans/officer/applications/${loan.id}/approve`, { reason: '同意' }],
      ['POST', `/api/loans/officer/applications/${loan.id}/reject`, { reason: '不同意' }],
      ['POST', `/api/loans/officer/applications/${loan.id}/disburse`, undefined],
    ] as const) {
      const res = await h.request(method, path, { token: owner.token, json: body })
      expect(res.status).toBe(403)
      expect(await res.json()).toMatchObject({ code: 'NOT_A_LOAN_OFFICER' })
    }
    expect((await h.request('GET', '/api/loans/officer/applications')).status).toBe(401)
    // An officer applying for themselves: another officer decides, never they.
    const own = await applyFor(h, officer)
    const seen = await json<OfficerLoanResponse>(await h.request('GET', `/api/loans/officer/applications/${own.id}`, { token: officer.token }), 200)
    expect(seen.ownApplication).toBe(true)
    for (const step of ['start-review', 'approve', 'reject'] as const) {
      const res = await officerStep(h, officer, own.id, step)
      expect(res.status).toBe(403)
      expect(await res.json()).toMatchObject({ code: 'OWN_APPLICATION' })
    }
    await json(await officerStep(h, otherOfficer, own.id, 'start-review'), 200)
    expect((await officerStep(h, officer, own.id, 'approve')).status).toBe(403)
    expect((await json<LoanResponse>(await officerStep(h, otherOfficer, own.id, 'approve'), 200)).loan.status).toBe('approved')
    // The role shows in /api/me.
    expect((await json<MeResponse>(await h.request('GET', '/api/me', { token: officer.token }), 200)).roles).toContain('loan_officer')
    expect((await json<MeResponse>(await h.request('GET', '/api/me', { token: owner.token }), 200)).roles).not.toContain('loan_officer')
  })

  test('the officer’s queue: 已提交 and 审核中, oldest first', async () => {
    const queue = await json<LoansResponse>(await h.request('GET', '/api/loans/officer/applications', { token: officer.token }), 200)
    expect(queue.items.every((l) => l.status === 'submitted' || l.status === 'under_review')).toBe(true)
    const times = queue.items.map((l) => l.submittedAt)
    expect([...times].sort()).toEqual(times)
    const rejected = await json<LoansResponse>(await h.request('GET', '/api/loans/officer/applications?status=rejected', { token: officer.token }), 200)
    expect(rejected.items.length).toBeGreaterThan(0)
    expect(rejected.items.every((l: Loan | LoansResponse['items'][number]) => l.status === 'rejected')).toBe(true)
  })

  test('publishing: an officer publishes; a fee pushing the APR over the cap → 400 naming installmentFeeBp; non-officers 403', async () => {
    const product = {
      name: '大棚贷',
      category: 'spring_planting',
      description: '建蔬菜大棚',
      minAmountFen: 10_000_00,
      maxAmountFen: 20_000_00,
      termsMonths: [12],
      methods: ['equal_installment'],
      annualRateBp: 800,
    }
    const overFee = await error(await h.request('POST', '/api/loans/officer/products', { token: officer.token, json: { ...product, installmentFeeBp: 30 } }), 400)
    expect(overFee.details).toMatchObject({ issues: [{ field: 'installmentFeeBp', message: expect.stringMatching(/超过上限 12\.00%/) }] })
    // A loan is paid out by one WeChat transfer to the borrower's balance, which pays at most the
    // configured single-bill amount: a product lending more could be approved and never paid.
    const tooLarge = await error(await h.request('POST', '/api/loans/officer/products', { token: officer.token, json: { ...product, maxAmountFen: 50_000_00 } }), 400)
    expect(tooLarge.details).toMatchObject({ issues: [{ field: 'maxAmountFen', message: expect.stringMatching(/最多 20000\.00 元/) }] })
    const overRate = await error(await h.request('POST', '/api/loans/officer/products', { token: officer.token, json: { ...product, annualRateBp: 1300 } }), 400)
    expect(overRate.details).toMatchObject({ issues: [{ field: 'annualRateBp' }] })
    expect((await h.request('POST', '/api/loans/officer/products', { token: (await newUser(h)).token, json: product })).status).toBe(403)
    const ok = await json<{ product: { id: string; apr: { text: string } } }>(await h.request('POST', '/api/loans/officer/products', { token: officer.token, json: { ...product, installmentFeeBp: 5 } }), 201)
    expect(ok.product.apr.text).toMatch(/^9\.\d\d%$/)
    const listed = await json<LoanProductsResponse>(await h.request('GET', '/api/loans/products'), 200)
    expect(listed.items.map((p) => p.id)).toContain(ok.product.id)
  })
})
