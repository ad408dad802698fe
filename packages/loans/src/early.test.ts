import fc from 'fast-check'
import { duesTotal } from './allocation'
import { addDays, daysBetween } from './dates'
import { applyEarlyRepayment, quoteEarlyRepayment } from './early'
import { buildSchedule } from './schedule'
import { applyPayment, createLoanState, outstanding, totalPaid } from './state'
import { termsArb } from './test-arbitraries'
import type { EarlyRepaymentMode, LoanState, LoanTerms } from './types'

const excel: LoanTerms = { principalFen: 1_000_000, annualRateBp: 800, termMonths: 10, method: 'equal_installment', startDate: '2025-01-31', fees: [] }
const policy = { penaltyRateBp: 1200, graceDays: 3 }
const stateOf = (t: LoanTerms): LoanState => createLoanState(buildSchedule(t), policy)

function quote(state: LoanState, onDate: string, mode: EarlyRepaymentMode, amountFen?: number) {
  const r = quoteEarlyRepayment(state, onDate, { mode, amountFen })
  if (!r.ok) throw new Error(r.message)
  return r.value
}

describe('early repayment, full', () => {
  it('on the day of disbursement costs only the principal (upfront fees stay paid, monthly ones are not charged)', () => {
    const t: LoanTerms = { ...excel, fees: [{ kind: 'upfront', amountFen: 20_000 }, { kind: 'per_installment', amountFen: 300 }] }
    const q = quote(stateOf(t), t.startDate, 'full')
    expect(q).toMatchObject({ payFen: 1_000_000, accruedInterestFen: 0, accruedDays: 0, principalRepaidFen: 1_000_000, refundFen: 0 })
    expect(q.interestSavedFen).toBe(buildSchedule(t).totals.interestFen)
  })

  it('charges interest to the day, actual/365', () => {
    // 15 days on 10,000 yuan at 8 %: 10,000 × 0.08 × 15 / 365 = 32.876… → 32.88 yuan.
    const q = quote(stateOf(excel), '2025-02-15', 'full')
    expect(q).toMatchObject({ accruedDays: 15, accruedInterestFen: 3_288, payFen: 1_003_288 })
  })

  it('includes what is overdue with its penalty, then interest from the last due date', () => {
    // 15 Apr: installments of 28 Feb and 31 Mar unpaid; 15 days since 31 Mar on the 805,281 not yet due.
    const state = stateOf(excel)
    const q = quote(state, '2025-04-15', 'full')
    const o = outstanding(state, '2025-04-15')
    expect(q.dueNow).toEqual(o.dueNow)
    expect(q.accruedDays).toBe(15)
    // 805,281 × 0.08 × 15 / 365 = 2,647.49… → 2,647
    expect(q.accruedInterestFen).toBe(2_647)
    expect(q.payFen).toBe(o.dueNowFen + 2_647 + 805_281)
    const applied = applyEarlyRepayment(state, '2025-04-15', { mode: 'full', amountFen: q.payFen + 500 })
    if (!applied.ok) throw new Error(applied.message)
    expect(applied.value.leftoverFen).toBe(500)
    expect(outstanding(applied.value.state, '2025-04-16').settled).toBe(true)
  })

  it('never charges more interest than the period in progress has on the schedule', () => {
    // A harvest loan of 10,000 yuan at 6 % from 1 Jul for 6 months: 300 yuan at 1 Jan (184 days).
    // Repaid on 31 Dec, 183 days by the day would be 10,000 × 0.06 × 183 / 365 = 300.82 yuan.
    const t: LoanTerms = { ...excel, method: 'bullet', termMonths: 6, annualRateBp: 600, startDate: '2025-07-01' }
    expect(buildSchedule(t).installments[0]).toMatchObject({ dueDate: '2026-01-01', interestFen: 30_000 })
    const q = quote(stateOf(t), '2025-12-31', 'full')
    expect(q).toMatchObject({ accruedDays: 183, accruedInterestFen: 30_000, payFen: 1_030_000 })
    // Earlier, by the day: 91 days → 149.589… → 149.59 yuan.
    expect(quote(stateOf(t), '2025-09-30', 'full').accruedInterestFen).toBe(14_959)
  })

  it('counts installments paid in advance, refunding any excess', () => {
    const paid = applyPayment(stateOf(excel), 103_703 * 2, '2025-02-01')
    if (!paid.ok) throw new Error(paid.message)
    const q = quote(paid.value.state, '2025-02-10', 'full')
    expect(q.creditFen).toBe(103_703 * 2)
    // 10 days on 1,000,000 at 8 %: 2,191.78… → 2,192
    expect(q.payFen).toBe(1_000_000 + 2_192 - 2 * 103_703)
  })

  it('refuses what cannot be quoted, in zh-CN', () => {
    expect(quoteEarlyRepayment(stateOf(excel), '2025-01-30', { mode: 'full' })).toMatchObject({ ok: false, code: 'before_start' })
    expect(quoteEarlyRepayment(stateOf(excel), '2025-02-10', { mode: 'lower_installment' })).toMatchObject({ ok: false, code: 'invalid_amount' })
    expect(quoteEarlyRepayment(stateOf(excel), '2025-02-10', { mode: 'lower_installment', amountFen: 2_000 })).toMatchObject({
      ok: false,
      code: 'amount_too_small',
      message: expect.stringContaining('至少需要 21.93 元'),
    })
    expect(quoteEarlyRepayment(stateOf(excel), '2025-02-10', { mode: 'shorten_term', amountFen: 1_002_192 })).toMatchObject({
      ok: false,
      code: 'amount_too_large',
      message: expect.stringContaining('10,021.92'),
    })
    const done = applyEarlyRepayment(stateOf(excel), '2025-02-10', { mode: 'full' })
    if (!done.ok) throw new Error(done.message)
    expect(quoteEarlyRepayment(done.value.state, '2025-02-11', { mode: 'full' })).toMatchObject({ ok: false, code: 'settled', message: '这笔借款已经结清' })
  })
})

describe('early repayment, partial', () => {
  it('lower_installment keeps the dates and lowers the installment', () => {
    // 15 Feb: 32.88 yuan of interest, then 5,000 yuan off the principal.
    const q = quote(stateOf(excel), '2025-02-15', 'lower_installment', 503_288)
    expect(q.principalRepaidFen).toBe(500_000)
    expect(q.remainingPrincipalFen).toBe(500_000)
    expect(q.newInstallments.map((r) => r.dueDate)).toEqual(buildSchedule(excel).installments.map((r) => r.dueDate))
    // The annuity on 5,000 over 10 months is half the original's: 518.51 (518.515 rounds up).
    expect(q.newInstallments[1]!.totalFen).toBe(51_852)
    // First installment: interest from 15 Feb to 28 Feb (13 days) on 5,000 yuan: 14.246… → 14.25.
    expect(q.newInstallments[0]!.interestFen).toBe(1_425)
    expect(q.interestSavedFen).toBeGreaterThan(0)
  })

  it('shorten_term keeps the installment and ends sooner', () => {
    const q = quote(stateOf(excel), '2025-02-15', 'shorten_term', 503_288)
    expect(q.newInstallments.slice(0, -1).every((r) => r.totalFen === 103_703)).toBe(true)
    expect(q.newInstallments.length).toBeLessThan(10)
    expect(q.newInstallments.at(-1)!.remainingPrincipalFen).toBe(0)
    const lower = quote(stateOf(excel), '2025-02-15', 'lower_installment', 503_288)
    // Paying the same faster costs less interest.
    expect(q.interestSavedFen).toBeGreaterThan(lower.interestSavedFen)
  })

  it('keeps every invariant: principals, paid money, remaining, no negatives, never dearer than waiting', () => {
    fc.assert(
      fc.property(
        termsArb({ maxTermMonths: 48, minPrincipalFen: 10_000 }),
        fc.integer({ min: 0, max: 1500 }),
        fc.constantFrom<EarlyRepaymentMode>('full', 'shorten_term', 'lower_installment'),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (t, dayOffset, mode, share) => {
          const state = createLoanState(buildSchedule(t), policy)
          const onDate = addDays(t.startDate, dayOffset)
          const full = quoteEarlyRepayment(state, onDate, { mode: 'full' })
          expect(full.ok).toBe(true)
          if (!full.ok) return
          // Never more than paying on as scheduled (penalty aside: it is already owed).
          const future = state.installments.filter((r) => daysBetween(onDate, r.dueDate) > 0)
          const scheduledRest = future.reduce((s, r) => s + r.totalFen, 0)
          expect(full.value.payFen - full.value.dueNow.penaltyFen - duesTotal({ ...full.value.dueNow, penaltyFen: 0 })).toBeLessThanOrEqual(scheduledRest)
          const minimum = duesTotal(full.value.dueNow) + full.value.accruedInterestFen + 1
          const amountFen = mode === 'full' ? undefined : Math.floor(minimum + share * (full.value.payFen - minimum - 1))
          const r = applyEarlyRepayment(state, onDate, { mode, amountFen })
          if (!r.ok) {
            // Only when nothing is left to repay early (every installment already due).
            expect(mode).not.toBe('full')
            expect(r.code === 'settled' || r.code === 'amount_too_large' || r.code === 'amount_too_small').toBe(true)
            return
          }
          const { state: after, quote: q, leftoverFen } = r.value
          expect(leftoverFen).toBe(0)
          expect(after.installments.reduce((s, row) => s + row.principalFen, 0)).toBe(t.principalFen)
          expect(duesTotal(totalPaid(after))).toBe(q.payFen)
          expect(outstanding(after, onDate).principalOutstandingFen).toBe(q.remainingPrincipalFen)
          // A partial repayment of a few fen can cost a few fen more interest: re-dividing the
          // principal per installment (equal principal, rounded down) moves up to one fen a month to
          // the last installment. Never more than that.
          expect(q.interestSavedFen).toBeGreaterThanOrEqual(-q.newInstallments.length)
          if (mode === 'full') expect(q.interestSavedFen).toBeGreaterThanOrEqual(0)
          const wrong: number[] = []
          let previous = q.remainingPrincipalFen
          for (const row of q.newInstallments) {
            if ([row.principalFen, row.interestFen, row.totalFen, row.remainingPrincipalFen].some((v) => v < 0)) wrong.push(row.n)
            if (row.remainingPrincipalFen !== previous - row.principalFen) wrong.push(row.n)
            previous = row.remainingPrincipalFen
          }
          expect(wrong).toEqual([])
          expect(previous).toBe(0)
          if (mode === 'full') expect(outstanding(after, onDate).settled).toBe(true)
        },
      ),
      { numRuns: 300 },
    )
  })
})

describe('early repayment after earlier payments', () => {
  it('Σ paid grows by exactly the cash kept, whatever was paid before (the ledger reconciles)', () => {
    fc.assert(
      fc.property(
        termsArb({ maxTermMonths: 36, minPrincipalFen: 10_000 }),
        fc.array(fc.record({ amount: fc.integer({ min: 1, max: 3_000_000 }), days: fc.integer({ min: 0, max: 90 }) }), { maxLength: 4 }),
        fc.integer({ min: 0, max: 400 }),
        fc.constantFrom<EarlyRepaymentMode>('full', 'shorten_term', 'lower_installment'),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (t, payments, extraDays, mode, share) => {
          let state = createLoanState(buildSchedule(t), policy)
          let day = t.startDate
          for (const p of payments) {
            day = addDays(day, p.days)
            const r = applyPayment(state, p.amount, day)
            if (r.ok) state = r.value.state
          }
          day = addDays(day, extraDays)
          const full = quoteEarlyRepayment(state, day, { mode: 'full' })
          if (!full.ok) {
            expect(full.code).toBe('settled')
            return
          }
          const cash = mode === 'full' ? full.value.payFen + Math.floor(share * 1000) : Math.max(1, Math.floor(share * full.value.payFen))
          const r = applyEarlyRepayment(state, day, { mode, amountFen: cash })
          if (!r.ok) return // a partial amount outside what a partial repayment can be (tested above)
          const before = duesTotal(totalPaid(state))
          const after = duesTotal(totalPaid(r.value.state))
          expect(after - before).toBe(cash - r.value.leftoverFen)
          expect(r.value.state.installments.reduce((s, row) => s + row.principalFen, 0)).toBe(t.principalFen)
          expect(r.value.state.installments.flatMap((row) => Object.values(row.paid)).filter((v) => v < 0)).toEqual([])
          const o = outstanding(r.value.state, day)
          expect(o.principalOutstandingFen).toBe(r.value.quote.remainingPrincipalFen)
          if (mode === 'full') expect(o.settled).toBe(true)
        },
      ),
      { numRuns: 200 },
    )
  })
})
