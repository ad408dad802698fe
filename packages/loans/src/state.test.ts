import fc from 'fast-check'
import { duesTotal } from './allocation'
import { addDays } from './dates'
import { buildSchedule } from './schedule'
import { applyPayment, createLoanState, outstanding, totalPaid, validatePenaltyPolicy } from './state'
import { termsArb } from './test-arbitraries'
import type { LoanState, LoanTerms } from './types'

// The Excel loan: 10,000 yuan at 8 % over 10 months from 31 Jan; installments of 1,037.03.
const excel: LoanTerms = { principalFen: 1_000_000, annualRateBp: 800, termMonths: 10, method: 'equal_installment', startDate: '2025-01-31', fees: [] }
const policy = { penaltyRateBp: 1200, graceDays: 3 }
const fresh = (): LoanState => createLoanState(buildSchedule(excel), policy)

function pay(state: LoanState, amount: number, onDate: string) {
  const r = applyPayment(state, amount, onDate)
  if (!r.ok) throw new Error(r.message)
  return r.value
}

describe('overdue and penalty interest', () => {
  it('costs nothing within the grace period', () => {
    // Due 28 Feb, grace 3 days: paid on 3 Mar, exactly the installment.
    const r = pay(fresh(), 103_703, '2025-03-03')
    expect(r.leftoverFen).toBe(0)
    expect(r.applied.penaltyFen).toBe(0)
    expect(outstanding(fresh(), '2025-03-03').overdue).toBe(false)
    expect(outstanding(fresh(), '2025-03-03').dueNowFen).toBe(103_703)
  })

  it('charges penalty for the days after the grace period, actual/365, half-up', () => {
    // 10 Mar is 10 days late, 7 after grace: 1,037.03 yuan × 12 % × 7 / 365 = 2.3866… → 2.39 yuan.
    const o = outstanding(fresh(), '2025-03-10')
    expect(o.overdue).toBe(true)
    expect(o.dueNow).toEqual({ penaltyFen: 239, feeFen: 0, interestFen: 6_667, principalFen: 97_036 })
    expect(o.installments[0]).toMatchObject({ daysLate: 10, overdue: true, settled: false })
    // The payment covers the penalty first and leaves 2.39 yuan of principal unpaid.
    const r = pay(fresh(), 103_703, '2025-03-10')
    expect(r.applied).toEqual({ penaltyFen: 239, feeFen: 0, interestFen: 6_667, principalFen: 96_797 })
    expect(outstanding(r.state, '2025-03-10').dueNow).toEqual({ penaltyFen: 0, feeFen: 0, interestFen: 0, principalFen: 239 })
  })

  it('follows part-payments: penalty accrues on what is still unpaid since the last charge', () => {
    // Half paid on 10 Mar (after 239 of penalty), the rest on 20 Mar.
    const first = pay(fresh(), 50_000, '2025-03-10')
    const unpaid = 103_703 + 239 - 50_000 // penalty, interest and part of the principal were paid
    expect(duesTotal(outstanding(first.state, '2025-03-10').dueNow)).toBe(unpaid)
    // 10 more days on the unpaid principal + interest (53,942): × 12 % × 10 / 365 = 177.34… → 177.
    expect(outstanding(first.state, '2025-03-20').dueNow.penaltyFen).toBe(177)
  })

  it('states and refuses bad input in zh-CN', () => {
    expect(applyPayment(fresh(), 0, '2025-03-01')).toMatchObject({ ok: false, code: 'invalid_amount' })
    expect(applyPayment(fresh(), 100, '2025-02-30')).toMatchObject({ ok: false, code: 'invalid_date' })
    expect(applyPayment(fresh(), 100, '2025-01-01')).toMatchObject({ ok: false, code: 'before_start', message: '还款日期早于放款日期' })
    expect(validatePenaltyPolicy({ penaltyRateBp: -1, graceDays: 3 })[0]).toContain('罚息')
    expect(validatePenaltyPolicy({ penaltyRateBp: 1200, graceDays: 1000 })[0]).toContain('宽限期')
    expect(validatePenaltyPolicy(policy)).toEqual([])
  })
})

describe('repayments', () => {
  it('pays installments oldest first, ahead of time as scheduled, and returns what is not owed', () => {
    const r = pay(fresh(), 3 * 103_703, '2025-02-10')
    expect(r.allocations.map((a) => a.n)).toEqual([1, 2, 3])
    const o = outstanding(r.state, '2025-02-10')
    expect(o.next?.n).toBe(4)
    expect(o.dueNowFen).toBe(0)
    const all = pay(r.state, 10_000_000, '2025-02-11')
    expect(all.leftoverFen).toBe(10_000_000 - (1_037_034 - 3 * 103_703))
    expect(outstanding(all.state, '2025-02-11')).toMatchObject({ settled: true, principalOutstandingFen: 0, next: null })
  })

  it('does not change the state it was given', () => {
    const state = fresh()
    const before = JSON.stringify(state)
    pay(state, 50_000, '2025-04-30')
    expect(JSON.stringify(state)).toBe(before)
  })

  it('a ledger of random payments reconciles: Σ paid + Σ returned = Σ received, per bucket within what was owed', () => {
    fc.assert(
      fc.property(
        termsArb({ maxTermMonths: 36 }),
        fc.record({ penaltyRateBp: fc.integer({ min: 0, max: 3000 }), graceDays: fc.integer({ min: 0, max: 10 }) }),
        fc.array(fc.record({ amount: fc.integer({ min: 1, max: 2_000_000 }), days: fc.integer({ min: 0, max: 60 }) }), { maxLength: 12 }),
        (t, penalty, payments) => {
          const schedule = buildSchedule(t)
          let state = createLoanState(schedule, penalty)
          let day = t.startDate
          let received = 0
          let returned = 0
          for (const p of payments) {
            day = addDays(day, p.days)
            const r = pay(state, p.amount, day)
            received += p.amount
            returned += r.leftoverFen
            expect(r.leftoverFen).toBeGreaterThanOrEqual(0)
            state = r.state
          }
          const paid = totalPaid(state)
          expect(duesTotal(paid) + returned).toBe(received)
          expect(paid.principalFen).toBeLessThanOrEqual(t.principalFen)
          expect(paid.interestFen).toBeLessThanOrEqual(schedule.totals.interestFen)
          const o = outstanding(state, day)
          expect(o.principalOutstandingFen + paid.principalFen).toBe(t.principalFen)
          expect(o.installments.flatMap((s) => Object.values(s.owed)).filter((v) => v < 0)).toEqual([])
          if (returned > 0) expect(o.settled).toBe(true)
        },
      ),
    )
  })
})
