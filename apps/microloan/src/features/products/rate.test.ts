import { dailyRateWords, formatRateBp, termWords } from './rate'

test('basis points become a percentage with two decimals, without floats', () => {
  expect(formatRateBp(723)).toBe('7.23%')
  expect(formatRateBp(1200)).toBe('12.00%')
  expect(formatRateBp(5)).toBe('0.05%')
  expect(() => formatRateBp(7.5)).toThrow(RangeError)
})

test('the simple daily figure is the annual one ÷ 365, rounded half-up to four decimals', () => {
  expect(dailyRateWords(1200)).toBe('0.0329%') // 12 % / 365 = 0.032876…
  expect(dailyRateWords(365)).toBe('0.0100%')
  expect(dailyRateWords(3650)).toBe('0.1000%')
})

test('terms in months, whole years said too', () => {
  expect(termWords(6)).toBe('6 个月')
  expect(termWords(24)).toBe('24 个月（2 年）')
})
