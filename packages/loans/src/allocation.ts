// Allocation order of a payment (Apache Fineract's default): penalty → fees → interest → principal.
// Penalties and fees are settled before interest, and principal last, so a short payment never
// leaves a penalty running on principal that could have been cleared instead — and what reduces
// the debt is always visible in `remaining`.
import type { Allocation, Dues } from './types'

export const ALLOCATION_ORDER = ['penaltyFen', 'feeFen', 'interestFen', 'principalFen'] as const satisfies readonly (keyof Dues)[]

export const ZERO_DUES: Readonly<Dues> = Object.freeze({ penaltyFen: 0, feeFen: 0, interestFen: 0, principalFen: 0 })

export function duesTotal(d: Dues): number {
  return d.penaltyFen + d.feeFen + d.interestFen + d.principalFen
}

export function addDues(a: Dues, b: Dues): Dues {
  return {
    penaltyFen: a.penaltyFen + b.penaltyFen,
    feeFen: a.feeFen + b.feeFen,
    interestFen: a.interestFen + b.interestFen,
    principalFen: a.principalFen + b.principalFen,
  }
}

/**
 * Splits `amountFen` over `dues` in the order penalty → fees → interest → principal. Money is
 * conserved: Σ applied + leftover = amount, and applied + remaining = dues, bucket by bucket.
 * Throws a RangeError for a negative or non-integer amount or dues.
 */
export function allocatePayment(amountFen: number, dues: Dues): Allocation {
  if (!Number.isInteger(amountFen) || amountFen < 0) throw new RangeError('还款金额应为非负整数分')
  let left = amountFen
  const applied: Dues = { ...ZERO_DUES }
  const remaining: Dues = { ...ZERO_DUES }
  for (const bucket of ALLOCATION_ORDER) {
    const owed = dues[bucket]
    if (!Number.isInteger(owed) || owed < 0) throw new RangeError('应还金额应为非负整数分')
    const take = Math.min(left, owed)
    applied[bucket] = take
    remaining[bucket] = owed - take
    left -= take
  }
  return { applied, remaining, leftoverFen: left }
}
