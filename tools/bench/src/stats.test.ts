import { formatRatio, formatValue, median, ratio } from './stats'

describe('median', () => {
  it('takes the middle of an odd count and the mean of the two middles of an even count', () => {
    expect(median([3, 1, 2])).toBe(2)
    expect(median([4, 1, 3, 2])).toBe(2.5)
  })
  it('ignores missing and non-finite values, and is null when nothing is left', () => {
    expect(median([null, 5, undefined, Number.NaN, 7])).toBe(6)
    expect(median([null, undefined])).toBeNull()
    expect(median([])).toBeNull()
  })
})

describe('ratio', () => {
  it('is baseline ÷ value', () => {
    expect(ratio(300, 100)).toBe(3)
    expect(ratio(100, 400)).toBe(0.25)
  })
  it('is null for a missing value or a zero divisor', () => {
    expect(ratio(null, 3)).toBeNull()
    expect(ratio(3, null)).toBeNull()
    expect(ratio(3, 0)).toBeNull()
  })
  it('formats with one decimal from 1 to 10, none above, two significant digits below 1', () => {
    expect(formatRatio(3.14)).toBe('3.1×')
    expect(formatRatio(12.6)).toBe('13×')
    expect(formatRatio(0.046)).toBe('0.046×')
    expect(formatRatio(null)).toBe('—')
  })
})

describe('formatValue', () => {
  it('shows bytes as KB/MB, ms as s past 10 s', () => {
    expect(formatValue(2048, 'B')).toBe('2.0 KB')
    expect(formatValue(3 * 1024 * 1024, 'B')).toBe('3.00 MB')
    expect(formatValue(950, 'ms')).toBe('950 ms')
    expect(formatValue(12_340, 'ms')).toBe('12.3 s')
    expect(formatValue(null, 'ms')).toBe('—')
    expect(formatValue(1234.4, 'req/s')).toBe('1,234 req/s')
  })
})
