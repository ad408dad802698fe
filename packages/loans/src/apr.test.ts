import fc from 'fast-check'
import { annualisedRate, periodicIrr, toBasisPoints, xirr } from './apr'
import { buildSchedule } from './schedule'
import { termsArb } from './test-arbitraries'
import type { LoanFee, LoanTerms, PeriodCashFlow } from './types'

const npv = (flows: readonly PeriodCashFlow[], r: number) => flows.reduce((s, f) => s + f.amountFen / (1 + r) ** f.period, 0)

describe('IRR solver', () => {
  it('finds textbook roots', () => {
    // Borrow 100, repay 110 a period later: 10 % a period.
    expect(periodicIrr([{ period: 0, amountFen: 100 }, { period: 1, amountFen: -110 }])).toBeCloseTo(0.1, 12)
    // Repay less than borrowed: a negative rate.
    expect(periodicIrr([{ period: 0, amountFen: 100 }, { period: 2, amountFen: -81 }])).toBeCloseTo(-0.1, 12)
    // A loan-shark stream: borrow 100, repay 10,000 next month.
    expect(periodicIrr([{ period: 0, amountFen: 100 }, { period: 1, amountFen: -10_000 }])).toBeCloseTo(99, 9)
    // No sign change: no rate.
    expect(periodicIrr([{ period: 0, amountFen: 100 }, { period: 1, amountFen: 5 }])).toBeNull()
    expect(annualisedRate([{ period: 0, amountFen: 100 }, { period: 1, amountFen: -101 }])).toBeCloseTo(0.12, 12)
  })

  it('converges on every loan-shaped stream (NPV at the answer is 0)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1_000_000_000 }),
        // Small repayments too: a stream that repays almost nothing has its root next to −1.
        fc.array(fc.oneof(fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 100_000_000 })), { minLength: 1, maxLength: 360 }),
        (received, repayments) => {
          fc.pre(repayments.some((a) => a > 0))
          const flows = [{ period: 0, amountFen: received }, ...repayments.map((a, i) => ({ period: i + 1, amountFen: -a }))]
          const irr = periodicIrr(flows)
          expect(irr).not.toBeNull()
          expect(irr!).toBeGreaterThan(-1)
          // Converged: the NPV is 0 to within float precision, or changes sign within a relative
          // 1e-9 of (1 + rate) (or a few ulps) — near −1 (repaying almost nothing) 1 + rate loses
          // digits to cancellation and the NPV is too steep for the first.
          const scale = received + repayments.reduce((s, a) => s + a, 0)
          const step = Math.max(1e-9 * (1 + irr!), 4 * Number.EPSILON)
          const bracketed = Math.sign(npv(flows, irr! - step)) * Math.sign(npv(flows, irr! + step)) <= 0
          expect(Math.abs(npv(flows, irr!)) / scale < 1e-9 || bracketed).toBe(true)
        },
      ),
      { numRuns: 300 },
    )
  })

  it('finds a root right next to −1 and far above 1', () => {
    expect(periodicIrr([{ period: 0, amountFen: 1_000_000 }, { period: 1, amountFen: -1 }])).toBeCloseTo(-0.999999, 12)
    const flows = [{ period: 0, amountFen: 100_000 }, ...Array.from({ length: 54 }, (_, i) => ({ period: i + 1, amountFen: 0 })), { period: 55, amountFen: -100_000 }]
    expect(periodicIrr(flows)).toBeCloseTo(0, 12)
  })

  it('dated flows: a year of 365 days at 10 % (XIRR)', () => {
    expect(xirr([{ date: '2025-01-01', amountFen: 100_000 }, { date: '2026-01-01', amountFen: -110_000 }])).toBeCloseTo(0.1, 12)
  })

  it('rounds to basis points half-up', () => {
    expect(toBasisPoints(0.12)).toBe(1200)
    expect(toBasisPoints(0.108963)).toBe(1090)
    expect(toBasisPoints(0.12345)).toBe(1235)
  })
})

const base: LoanTerms = { principalFen: 1_000_000, annualRateBp: 1200, termMonths: 12, method: 'equal_installment', startDate: '2025-03-01', fees: [] }

describe('APR as the PBOC asks (IRR over every cash flow, monthly IRR × 12)', () => {
  it('a loan at 1 % a month with equal installments has an APR of exactly 12 %', () => {
    const s = buildSchedule(base)
    expect(s.aprBp).toBe(1200)
    // Only the fen rounding of the installments moves it: by less than 0.05 of a basis point.
    expect(Math.abs(s.apr - 0.12)).toBeLessThan(5e-6)
  })

  it('a flat monthly fee shows its true APR, not the fee × 12', () => {
    // 10,000 yuan over 12 months, no interest, 50 yuan a month (0.5 % "monthly rate"; fee × 12 = 6 %).
    // Installments: 833.33 + 50 eleven times, 833.37 + 50 last. The monthly IRR of
    // +1,000,000, −88,333 × 11, −88,337 was computed independently with Python's decimal module
    // (50 digits, 200 bisection steps on Σ flow/(1+i)^k): 0.0090802895981 → × 12 = 10.8963475177 %.
    const s = buildSchedule({ ...base, annualRateBp: 0, fees: [{ kind: 'per_installment', amountFen: 5_000 }] })
    expect(s.installments.slice(0, 11).every((r) => r.totalFen === 88_333)).toBe(true)
    expect(s.installments[11]!.totalFen).toBe(88_337)
    expect(s.apr).toBeCloseTo(0.108963475177, 10)
    expect(s.aprBp).toBe(1090)
    expect(s.aprBp).not.toBe(600)
  })

  it('an upfront fee on a harvest loan: the simple annualised rate over the term', () => {
    // 10,000 yuan for 6 months at 6 %: interest 300 yuan; fee 100 yuan at disbursement.
    // Received 9,900, repaid 10,300: (10,300 / 9,900 − 1) × 12 / 6 = 8.0808… %.
    const s = buildSchedule({ ...base, method: 'bullet', termMonths: 6, annualRateBp: 600, fees: [{ kind: 'upfront', amountFen: 10_000 }] })
    expect(s.apr).toBeCloseTo((1_030_000 / 990_000 - 1) * 2, 12)
    expect(s.aprBp).toBe(808)
  })

  it('the APR of a fee-free loan equals its nominal rate, up to what rounding interest to the fen moves it', () => {
    // Interest is charged on the balance actually owed each month, so the IRR is the nominal
    // monthly rate exactly but for each installment's rounding of its interest (≤ 0.5 fen). Those
    // errors move the IRR by at most Σ 0.5 / Σ balances per period; twice that is the tolerance.
    // For a 10,000-yuan loan that is well under a hundredth of a basis point.
    fc.assert(
      fc.property(termsArb({ fees: false, minPrincipalFen: 10_000 }), (t) => {
        const s = buildSchedule(t)
        const balances = s.installments.reduce((sum, r) => sum + r.remainingPrincipalFen + r.principalFen, 0)
        const periodsPerYear = t.method === 'bullet' ? 12 / t.termMonths : 12
        const tolerance = ((2 * 0.5 * s.installments.length) / balances) * periodsPerYear + 1e-12
        expect(Math.abs(s.apr - t.annualRateBp / 10_000)).toBeLessThanOrEqual(tolerance)
        if (tolerance < 0.5e-4) expect(s.aprBp).toBe(t.annualRateBp)
      }),
      { numRuns: 300 },
    )
  })

  it('a typical farm loan (≥ 10,000 yuan, fee-free) discloses exactly its nominal rate in basis points', () => {
    fc.assert(
      fc.property(termsArb({ fees: false, minPrincipalFen: 1_000_000, maxTermMonths: 60 }), (t) => {
        expect(buildSchedule(t).aprBp).toBe(t.annualRateBp)
      }),
    )
  })

  it('more fees → higher APR; fees → APR above the nominal rate', () => {
    const feeKind = fc.constantFrom<LoanFee['kind']>('upfront', 'per_installment')
    fc.assert(
      fc.property(
        termsArb({ fees: false, minPrincipalFen: 200_001, maxPrincipalFen: 100_000_000, maxTermMonths: 120 }),
        feeKind,
        fc.integer({ min: 0, max: 100_000 }),
        fc.integer({ min: 1, max: 100_000 }),
        (t, kind, fee, extra) => {
          const a = buildSchedule({ ...t, fees: [{ kind, amountFen: fee }] })
          const b = buildSchedule({ ...t, fees: [{ kind, amountFen: fee + extra }] })
          expect(b.apr).toBeGreaterThan(a.apr)
          expect(b.apr).toBeGreaterThan(buildSchedule(t).apr)
        },
      ),
    )
  })
})
