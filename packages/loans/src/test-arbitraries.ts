// fast-check generators shared by this package's tests (not exported from the package).
import fc from 'fast-check'
import { REPAYMENT_METHODS } from './labels'
import { validateTerms } from './schedule'
import type { CivilDate, LoanFee, LoanTerms, RepaymentMethod } from './types'

/** A date 2000–2099 formatted by the host's Date (UTC), independent of dates.ts. */
export const civilDateArb: fc.Arbitrary<CivilDate> = fc
  .integer({ min: Date.UTC(2000, 0, 1) / 86_400_000, max: Date.UTC(2099, 11, 31) / 86_400_000 })
  .map((day) => new Date(day * 86_400_000).toISOString().slice(0, 10))

export const methodArb: fc.Arbitrary<RepaymentMethod> = fc.constantFrom(...REPAYMENT_METHODS)

export const feeArb: fc.Arbitrary<LoanFee> = fc.oneof(
  fc.record({ kind: fc.constant('upfront' as const), amountFen: fc.integer({ min: 0, max: 50_000 }) }),
  fc.record({ kind: fc.constant('per_installment' as const), amountFen: fc.integer({ min: 0, max: 5_000 }) }),
)

export interface TermsArbOptions {
  minPrincipalFen?: number
  maxPrincipalFen?: number
  maxRateBp?: number
  maxTermMonths?: number
  methods?: readonly RepaymentMethod[]
  fees?: boolean
}

export function termsArb(o: TermsArbOptions = {}): fc.Arbitrary<LoanTerms> {
  return fc.record({
    principalFen: fc.integer({ min: o.minPrincipalFen ?? 100, max: o.maxPrincipalFen ?? 1_000_000_000 }),
    annualRateBp: fc.integer({ min: 0, max: o.maxRateBp ?? 3_600 }),
    termMonths: fc.integer({ min: 1, max: o.maxTermMonths ?? 360 }),
    method: o.methods ? fc.constantFrom(...o.methods) : methodArb,
    startDate: civilDateArb,
    fees: o.fees === false ? fc.constant([]) : fc.array(feeArb, { maxLength: 3 }),
  })
  // Upfront fees at or above the amount are refused by validateTerms (tested there).
  .filter((t) => validateTerms(t).length === 0)
}
