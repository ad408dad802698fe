import fc from 'fast-check'
import { divRoundHalfUp, formatFen, formatRateBp, mulDivRoundHalfUp, roundFen } from './money'

// BigInt is the independent oracle here (the package itself avoids it: older WeChat clients lack it).
const oracle = (n: bigint, d: bigint) => {
  const q = n / d
  const r = n - q * d
  return Number(2n * r >= d ? q + 1n : q)
}

describe('rounding to the fen', () => {
  it('rounds half up', () => {
    expect(divRoundHalfUp(5, 2)).toBe(3)
    expect(divRoundHalfUp(7, 2)).toBe(4)
    expect(divRoundHalfUp(4, 3)).toBe(1)
    expect(divRoundHalfUp(5, 3)).toBe(2)
    expect(roundFen(103702.94)).toBe(103703)
    expect(roundFen(2.5)).toBe(3)
    expect(roundFen(2.4999)).toBe(2)
  })

  it('divides exactly like integer arithmetic', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 50 }), fc.integer({ min: 1, max: 10_000_000 }), (n, d) => {
        expect(divRoundHalfUp(n, d)).toBe(oracle(BigInt(n), BigInt(d)))
      }),
    )
  })

  it('multiplies then divides exactly even beyond 2^53', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2e13 }), fc.integer({ min: 0, max: 40_000 }), (a, days) => {
        expect(mulDivRoundHalfUp(a, days, 3_650_000)).toBe(oracle(BigInt(a) * BigInt(days), 3_650_000n))
      }),
    )
  })

  it('formats for display', () => {
    expect(formatFen(103703)).toBe('1,037.03')
    expect(formatFen(185402)).toBe('1,854.02')
    expect(formatFen(5)).toBe('0.05')
    expect(formatFen(123456789)).toBe('1,234,567.89')
    expect(formatRateBp(1268)).toBe('12.68%')
    expect(formatRateBp(800)).toBe('8.00%')
  })
})
