import fc from 'fast-check'
import { allocatePayment, duesTotal } from './allocation'

const duesArb = fc.record({
  penaltyFen: fc.integer({ min: 0, max: 1_000_000 }),
  feeFen: fc.integer({ min: 0, max: 1_000_000 }),
  interestFen: fc.integer({ min: 0, max: 1_000_000 }),
  principalFen: fc.integer({ min: 0, max: 100_000_000 }),
})

describe('allocatePayment: penalty → fees → interest → principal', () => {
  it('fills the buckets in order', () => {
    const dues = { penaltyFen: 100, feeFen: 200, interestFen: 300, principalFen: 1_000 }
    expect(allocatePayment(250, dues)).toEqual({
      applied: { penaltyFen: 100, feeFen: 150, interestFen: 0, principalFen: 0 },
      remaining: { penaltyFen: 0, feeFen: 50, interestFen: 300, principalFen: 1_000 },
      leftoverFen: 0,
    })
    expect(allocatePayment(700, dues).applied).toEqual({ penaltyFen: 100, feeFen: 200, interestFen: 300, principalFen: 100 })
    expect(allocatePayment(2_000, dues)).toMatchObject({ remaining: { penaltyFen: 0, feeFen: 0, interestFen: 0, principalFen: 0 }, leftoverFen: 400 })
  })

  it('refuses negative or fractional money', () => {
    expect(() => allocatePayment(-1, { penaltyFen: 0, feeFen: 0, interestFen: 0, principalFen: 0 })).toThrow(RangeError)
    expect(() => allocatePayment(1.5, { penaltyFen: 0, feeFen: 0, interestFen: 0, principalFen: 0 })).toThrow(RangeError)
  })

  it('conserves money, never overpays a bucket, and pays a later bucket only when the earlier ones are cleared', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 200_000_000 }), duesArb, (amount, dues) => {
        const { applied, remaining, leftoverFen } = allocatePayment(amount, dues)
        expect(duesTotal(applied) + leftoverFen).toBe(amount)
        const order = ['penaltyFen', 'feeFen', 'interestFen', 'principalFen'] as const
        for (const [i, k] of order.entries()) {
          expect(applied[k] + remaining[k]).toBe(dues[k])
          expect(applied[k]).toBeGreaterThanOrEqual(0)
          expect(remaining[k]).toBeGreaterThanOrEqual(0)
          if (applied[k] > 0) for (const earlier of order.slice(0, i)) expect(remaining[earlier]).toBe(0)
        }
        if (leftoverFen > 0) expect(duesTotal(remaining)).toBe(0)
      }),
    )
  })
})
