// The annualised rate by the internal-rate-of-return method (PBOC announcement 2021 No. 3,
// 内部收益率法): the one rate at which everything the borrower receives equals the present value of
// everything they pay, fees included. For a schedule paid every month, the annualised rate is the
// monthly IRR × 12 — the convention Chinese lenders disclose, under which a loan at 1 % a month with
// equal installments has an APR of exactly 12 %. For a single payment at harvest the payment period
// is the whole term, so the IRR over that period × (12 / months) is the simple annualised rate.
import { daysBetween } from './dates'
import type { DatedCashFlow, PeriodCashFlow } from './types'

const TOLERANCE = 1e-12
const MAX_ITERATIONS = 200

// (1 + rate)^−period for each flow. Schedules come in whole consecutive periods, so the discount
// factor is carried from one flow to the next by multiplication (a 360-month schedule is solved
// ~10× faster than with a power per flow — it runs on old phones in the offline calculator); any
// other period falls back to Math.pow.
function discountFactors(flows: readonly PeriodCashFlow[], rate: number): number[] {
  const v = 1 / (1 + rate)
  const out: number[] = []
  let prevPeriod = 0
  let prev = 1
  for (const f of flows) {
    const step = f.period - prevPeriod
    prev = step === 0 ? prev : step === 1 ? prev * v : Math.pow(1 + rate, -f.period)
    prevPeriod = f.period
    out.push(prev)
  }
  return out
}

/** Net present value at `rate` per period. */
function npv(flows: readonly PeriodCashFlow[], rate: number): number {
  const d = discountFactors(flows, rate)
  let sum = 0
  // Zero flows are skipped: 0 × (1 + rate)^−k is NaN once the power overflows near rate = −1.
  for (const [i, f] of flows.entries()) if (f.amountFen !== 0) sum += f.amountFen * d[i]!
  return sum
}

function npvDerivative(flows: readonly PeriodCashFlow[], rate: number): number {
  const d = discountFactors(flows, rate)
  let sum = 0
  for (const [i, f] of flows.entries()) if (f.amountFen !== 0 && f.period !== 0) sum -= (f.period * f.amountFen * d[i]!) / (1 + rate)
  return sum
}

/**
 * The rate per period at which the flows' NPV is 0: Newton's method kept inside a bracket that
 * always holds the root, falling back to bisection whenever a Newton step would leave it, so it
 * converges for every loan-shaped stream. `null` when no root exists: the flows do not change sign.
 * Periods may be fractional (dated flows are converted to years by the caller).
 */
export function periodicIrr(flows: readonly PeriodCashFlow[]): number | null {
  const hasPositive = flows.some((f) => f.amountFen > 0)
  const hasNegative = flows.some((f) => f.amountFen < 0)
  if (!hasPositive || !hasNegative) return null
  // NPV → (sign of the latest non-zero flows) as rate → −1, and → (flow at period 0) as rate → ∞:
  // widen the bracket towards both ends until the signs differ.
  let lo = -0.9
  let hi = 1
  let fLo = npv(flows, lo)
  let fHi = npv(flows, hi)
  for (let i = 0; i < 400 && Math.sign(fLo) === Math.sign(fHi); i++) {
    if (i % 2 === 0 && hi < 1e12) {
      hi = hi * 2 + 1
      fHi = npv(flows, hi)
    } else if (lo > -1 + 1e-15) {
      lo = -1 + (1 + lo) / 10
      fLo = npv(flows, lo)
    }
  }
  if (fLo === 0) return lo
  if (fHi === 0) return hi
  if (Number.isNaN(fLo) || Number.isNaN(fHi) || Math.sign(fLo) === Math.sign(fHi)) return null
  let rate = 0.01
  if (rate <= lo || rate >= hi) rate = (lo + hi) / 2
  for (let i = 0; i < MAX_ITERATIONS; i++) {
    const f = npv(flows, rate)
    if (f === 0) return rate
    // Shrink the bracket around the root with what this evaluation taught us.
    if (Math.sign(f) === Math.sign(fLo)) {
      lo = rate
      fLo = f
    } else {
      hi = rate
    }
    const d = npvDerivative(flows, rate)
    let next = d !== 0 ? rate - f / d : Number.NaN
    if (!Number.isFinite(next) || next <= lo || next >= hi) next = (lo + hi) / 2
    // Relative to 1 + rate near −1 (a stream that repays almost nothing), to |rate| far above 1.
    const tolerance = TOLERANCE * Math.min(Math.max(1, Math.abs(next)), 1 + next)
    if (Math.abs(next - rate) <= tolerance || hi - lo <= tolerance) return next
    rate = next
  }
  return rate
}

/**
 * The annualised rate as a fraction: the periodic IRR × `periodsPerYear` (nominal annualisation,
 * 12 for monthly flows). `null` when the flows have no IRR.
 */
export function annualisedRate(flows: readonly PeriodCashFlow[], periodsPerYear = 12): number | null {
  const irr = periodicIrr(flows)
  return irr === null ? null : irr * periodsPerYear
}

/**
 * The effective annual IRR of dated flows (like Excel's XIRR): Σ amount × (1 + rate)^(−days/365) = 0,
 * days counted actual/365 from the earliest flow. For irregular streams (a loan after an early
 * repayment, say); `annualisedRate` is the disclosed figure for a schedule.
 */
export function xirr(flows: readonly DatedCashFlow[]): number | null {
  if (flows.length === 0) return null
  const first = flows.reduce((a, b) => (b.date < a ? b.date : a), flows[0]!.date)
  return periodicIrr(flows.map((f) => ({ period: daysBetween(first, f.date) / 365, amountFen: f.amountFen })))
}

/** A fraction (0.1268) → whole basis points rounded half-up (1268). */
export function toBasisPoints(rate: number): number {
  return Math.floor(rate * 10_000 + 0.5 + 1e-9)
}
