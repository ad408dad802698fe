import fc from 'fast-check'
import type { Transaction } from 'kysely'
import type { ErrorBody, Loan, RepaymentQuote, RepaymentQuoteResponse, RepaymentResponse } from '@tianyuan/contracts'
import type { Database } from '../../platform/db'
import { describeEachDatabase, type TestDatabase } from '../../testing/databases'
import { createHarness, removeMediaDir, type Harness } from '../../testing/harness'
import { stateOf } from './applications'
import { totalPaid } from './arithmetic'
import { loanRepaymentKind } from './payable'
import { releaseExpiredRepayments } from './repayments'
import { loansDb } from './schema'
import { at, getLoan, json, newOfficer, newUser, publishDemoProducts, repayingLoan, settleRepayment, type TestUser } from './testing'

const DAY = 86_400_000

/**
 * Repayments through the payable kind loan_repayment, with WeChat's word played by onPaid at
 * chosen times (payments.test.ts goes through the sandbox): one installment, several, all early
 * with interest to the day, late with penalty interest, paid twice (refund due), and a ledger
 * whose sums always reconcile with the schedule — also over random sequences (fast-check).
 */
describeEachDatabase('loans: repayments and the ledger', (fresh) => {
  let database: TestDatabase
  let h: Harness
  let officer: TestUser
  let paymentSeq = 0

  beforeAll(async () => {
    database = await fresh()
    // Loans run for months of test time: sessions must outlive them.
    h = await createHarness(database, { env: { SESSION_TTL_HOURS: String(24 * 365) } })
    await publishDemoProducts(h)
    officer = await newOfficer(h)
  })
  afterAll(async () => {
    await h.close()
    removeMediaDir(h)
    await database.drop()
  })

  const quote = async (b: TestUser, loanId: string, body: object) =>
    (await json<RepaymentQuoteResponse>(await h.request('POST', `/api/loans/my/${loanId}/repayment-quote`, { token: b.token, json: body }), 200)).quote
  const start = async (b: TestUser, loanId: string, q: RepaymentQuote, status = 201) =>
    (
      await json<RepaymentResponse>(
        await h.request('POST', `/api/loans/my/${loanId}/repayments`, { token: b.token, json: q.scope === 'payoff' ? { scope: 'payoff', amountFen: q.amountFen } : { scope: 'installments', count: q.installmentSeqs.length, amountFen: q.amountFen } }),
        status,
      )
    ).repayment
  const paid = (amountFen: number, paidAt = h.clock.now()) => ({ paymentId: `pay-${process.pid}-${++paymentSeq}`, amountFen, transactionId: `42000${paymentSeq}`, paidAt })
  /** Quote, start and pay `count` installments (or a payoff) at the current test time. */
  const repay = async (b: TestUser, loanId: string, body: { scope: 'installments'; count: number } | { scope: 'payoff' }) => {
    const q = await quote(b, loanId, body)
    const r = await start(b, loanId, q)
    expect(await settleRepayment(h, r.id, paid(r.amountFen))).toBe(true)
    return { q, r }
  }

  /** Σ of the ledger by bucket equals Σ paid of the schedule; principal repaid + outstanding = the amount. */
  const expectReconciled = async (loan: Loan) => {
    const row = await loansDb(h.db.kysely).selectFrom('loans').selectAll().where('id', '=', loan.id).executeTakeFirstOrThrow()
    const state = stateOf(row)
    if (!state) throw new Error('not disbursed')
    const schedulePaid = totalPaid(state)
    const repayments = loan.ledger.filter((l) => l.kind === 'repayment')
    const sum = (k: 'principalFen' | 'interestFen' | 'penaltyFen' | 'feeFen') => repayments.reduce((s, l) => s + l[k], 0)
    expect({ principalFen: sum('principalFen'), interestFen: sum('interestFen'), penaltyFen: sum('penaltyFen'), feeFen: sum('feeFen') }).toEqual(schedulePaid)
    for (const l of repayments) expect(l.principalFen + l.interestFen + l.penaltyFen + l.feeFen + l.overpaidFen).toBe(l.amountFen)
    expect(loan.ledger.filter((l) => l.kind === 'disbursement')).toEqual([expect.objectContaining({ amountFen: loan.amountFen })])
    expect(sum('principalFen') + loan.outstandingPrincipalFen).toBe(loan.amountFen)
    // The schedule's principals still sum to the amount lent.
    expect(loan.schedule.reduce((s, i) => s + i.principalFen, 0)).toBe(loan.amountFen)
    if (loan.status === 'settled') expect(loan.outstandingPrincipalFen).toBe(0)
  }

  test('one installment, then several: the amount quoted first, applied penalty → fee → interest → principal, once', async () => {
    const b = await newUser(h)
    const loan = await repayingLoan(h, b, officer, { productId: 'machinery', amountFen: 18_000_00, termMonths: 12, method: 'equal_installment' })
    const first = loan.schedule[0]
    if (!first) throw new Error('no schedule')
    const q1 = await quote(b, loan.id, { scope: 'installments', count: 1 })
    expect(q1).toMatchObject({ installmentSeqs: [1], amountFen: first.totalFen, principalFen: first.principalFen, interestFen: first.interestFen, feeFen: first.feeFen, penaltyFen: 0 })
    const r1 = await start(b, loan.id, q1)
    expect(r1).toMatchObject({ status: 'awaiting_payment', statusWord: '待支付', amountFen: first.totalFen })
    // The same again (a retried tap): the same repayment; another kind while it waits → 409.
    expect((await start(b, loan.id, q1, 200)).id).toBe(r1.id)
    const payoffQuote = await quote(b, loan.id, { scope: 'payoff' })
    expect((await json<ErrorBody>(await h.request('POST', `/api/loans/my/${loan.id}/repayments`, { token: b.token, json: { scope: 'payoff', amountFen: payoffQuote.amountFen } }), 409)).code).toBe('CONFLICT')
    // A stale amount → 409 QUOTE_CHANGED with today's quote.
    await json(await h.request('POST', `/api/loans/my/${r1.loanId}/repayments/${r1.id}/cancel`, { token: b.token }), 200)
    const stale = await json<ErrorBody>(await h.request('POST', `/api/loans/my/${loan.id}/repayments`, { token: b.token, json: { scope: 'installments', count: 1, amountFen: q1.amountFen + 1 } }), 409)
    expect(stale).toMatchObject({ code: 'QUOTE_CHANGED', details: { quote: { amountFen: q1.amountFen } } })

    await repay(b, loan.id, { scope: 'installments', count: 1 })
    let now = await getLoan(h, b, loan.id)
    expect(now.schedule[0]).toMatchObject({ status: 'paid', owedFen: 0, paidPrincipalFen: first.principalFen, paidInterestFen: first.interestFen, paidFeeFen: first.feeFen })
    expect(now.nextDue?.seq).toBe(2)
    await expectReconciled(now)

    const q3 = await quote(b, loan.id, { scope: 'installments', count: 3 })
    expect(q3.installmentSeqs).toEqual([2, 3, 4])
    await repay(b, loan.id, { scope: 'installments', count: 3 })
    now = await getLoan(h, b, loan.id)
    expect(now.schedule.filter((i) => i.status === 'paid').map((i) => i.seq)).toEqual([1, 2, 3, 4])
    expect(now.ledger.filter((l) => l.kind === 'repayment')).toHaveLength(2)
    expect((await json<ErrorBody>(await h.request('POST', `/api/loans/my/${loan.id}/repayment-quote`, { token: b.token, json: { scope: 'installments', count: 9 } }), 400)).details).toEqual({
      issues: [{ field: 'count', message: '只剩 8 期没还，最多还 8 期' }],
    })
    await expectReconciled(now)
  })

  test('late: after the grace days the quote carries penalty interest, which the ledger shows as penalty', async () => {
    const b = await newUser(h)
    const loan = await repayingLoan(h, b, officer, { productId: 'livestock', amountFen: 10_000_00, termMonths: 6, method: 'equal_principal' })
    const due = Date.parse(`${loan.schedule[0]?.dueDate}T10:00:00+08:00`)
    await at(h, due + 10 * DAY, async () => {
      const q = await quote(b, loan.id, { scope: 'installments', count: 1 })
      expect(q.penaltyFen).toBeGreaterThan(0)
      expect(q.amountFen).toBe((loan.schedule[0]?.totalFen ?? 0) + q.penaltyFen)
      expect(q.note).toContain('逾期罚息')
      expect((await getLoan(h, b, loan.id)).status).toBe('overdue')
      await repay(b, loan.id, { scope: 'installments', count: 1 })
      const after = await getLoan(h, b, loan.id)
      expect(after.status).toBe('repaying')
      expect(after.ledger.at(-1)).toMatchObject({ kind: 'repayment', penaltyFen: q.penaltyFen, overpaidFen: 0 })
      await expectReconciled(after)
    })
  })

  test('all early: interest to the day, less than the schedule; 还款中 → 已结清 once', async () => {
    const b = await newUser(h)
    const loan = await repayingLoan(h, b, officer, { productId: 'livestock', amountFen: 20_000_00, termMonths: 12, method: 'equal_installment' })
    const scheduled = loan.schedule.reduce((s, i) => s + i.totalFen, 0)
    await at(h, h.clock.now() + 45 * DAY, async () => {
      await repay(b, loan.id, { scope: 'installments', count: 1 })
      const q = await quote(b, loan.id, { scope: 'payoff' })
      expect(q.installmentSeqs).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12])
      expect(q.savedFen).toBeGreaterThan(0)
      const paidSoFar = loan.schedule[0]?.totalFen ?? 0
      expect(q.amountFen + paidSoFar).toBeLessThan(scheduled)
      expect(q.principalFen).toBe(20_000_00 - (loan.schedule[0]?.principalFen ?? 0))
      await repay(b, loan.id, { scope: 'payoff' })
      const settled = await getLoan(h, b, loan.id)
      expect(settled).toMatchObject({ status: 'settled', statusWord: '已结清', outstandingPrincipalFen: 0, nextDue: null })
      expect(settled.settledAt).not.toBeNull()
      expect(settled.events.at(-1)).toMatchObject({ from: 'repaying', to: 'settled', actor: 'system', reason: '提前全部还清' })
      await expectReconciled(settled)
      expect((await json<ErrorBody>(await h.request('POST', `/api/loans/my/${loan.id}/repayment-quote`, { token: b.token, json: { scope: 'payoff' } }), 409)).message).toBe('这笔借款已经结清了，不用再还')
    })
  })

  test('paid twice: money for an installment already paid is not kept — all of it is due back (refund), the schedule unchanged', async () => {
    const b = await newUser(h)
    const loan = await repayingLoan(h, b, officer, { productId: 'livestock', amountFen: 12_000_00, termMonths: 6, method: 'equal_installment' })
    const q = await quote(b, loan.id, { scope: 'installments', count: 1 })
    const first = await start(b, loan.id, q)
    // Its hold ends while the borrower is still paying; a second repayment pays installment 1.
    expect(await releaseExpiredRepayments(loansDb(h.db.kysely), h.clock.now() + h.config.loans.repaymentHoldMs + 1)).toBe(1)
    const second = await start(b, loan.id, q)
    expect(second.id).not.toBe(first.id)
    expect(await settleRepayment(h, second.id, paid(second.amountFen))).toBe(true)
    const before = await getLoan(h, b, loan.id)
    // Then the first payment goes through after all (WeChat's word for the cancelled repayment).
    const late = paid(first.amountFen)
    const kind = loanRepaymentKind({ db: loansDb(h.db.kysely), now: h.clock.now })
    const revived = await h.db.kysely.transaction().execute((tx: Transaction<Database>) => kind.reviveLatePayment(tx, first.id, late))
    expect(revived).toBe(true)
    const after = await getLoan(h, b, loan.id)
    expect(after.schedule).toEqual(before.schedule)
    expect(after.repayments.find((r) => r.id === first.id)).toMatchObject({ status: 'paid', refundDueFen: first.amountFen, refundedFen: 0 })
    expect(after.ledger.at(-1)).toMatchObject({ kind: 'repayment', amountFen: first.amountFen, overpaidFen: first.amountFen, principalFen: 0, interestFen: 0 })
    // The same word again (a replayed notification): nothing more.
    expect(await h.db.kysely.transaction().execute((tx: Transaction<Database>) => kind.reviveLatePayment(tx, first.id, late))).toBe(false)
    expect(await h.db.kysely.transaction().execute((tx: Transaction<Database>) => kind.markPaid(tx, first.id, late))).toBe(false)
    expect((await getLoan(h, b, loan.id)).ledger).toHaveLength(after.ledger.length)
    await expectReconciled(after)
  })

  test('random sequences of repayments (fast-check): the ledger always reconciles with the schedule, and it ends 已结清 when all is paid', async () => {
    const action = fc.oneof(
      fc.record({ kind: fc.constant('installments' as const), count: fc.integer({ min: 1, max: 3 }), days: fc.integer({ min: 0, max: 70 }) }),
      fc.record({ kind: fc.constant('payoff' as const), days: fc.integer({ min: 0, max: 70 }) }),
    )
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(
          { productId: 'farm-supplies', termMonths: 6, method: 'equal_installment' as const, amountFen: 3_500_00 },
          { productId: 'farm-supplies', termMonths: 3, method: 'bullet' as const, amountFen: 20_000_00 },
          { productId: 'livestock', termMonths: 6, method: 'interest_monthly' as const, amountFen: 8_000_00 },
          { productId: 'livestock', termMonths: 6, method: 'equal_principal' as const, amountFen: 19_000_00 },
        ),
        fc.array(action, { minLength: 1, maxLength: 5 }),
        async (figures, actions) => {
          const b = await newUser(h)
          const start0 = h.clock.now()
          const loan = await repayingLoan(h, b, officer, figures)
          let t = start0
          try {
            for (const a of actions) {
              t += a.days * DAY
              h.clock.t = t
              const current = await getLoan(h, b, loan.id)
              if (current.status === 'settled') break
              const left = current.schedule.filter((i) => i.status !== 'paid').length
              await repay(b, loan.id, a.kind === 'payoff' ? { scope: 'payoff' } : { scope: 'installments', count: Math.min(a.count, left) })
              await expectReconciled(await getLoan(h, b, loan.id))
            }
            const last = await getLoan(h, b, loan.id)
            if (last.schedule.every((i) => i.status === 'paid')) expect(last.status).toBe('settled')
          } finally {
            h.clock.t = start0
          }
        },
      ),
      { numRuns: 12 },
    )
    // Twelve loans, each with up to five repayments through the API: generous on a busy machine.
  }, 180_000)
})
