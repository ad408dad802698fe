import { formatYuan, parseYuan, shortYuan, yuanWords } from './money'

test('fen become yuan with thousands separators, whole yuan without .00, never through floats', () => {
  expect(formatYuan(1036152)).toBe('10,361.52')
  expect(formatYuan(1000000)).toBe('10,000')
  expect(formatYuan(1000000, { keepCents: true })).toBe('10,000.00')
  expect(formatYuan(7)).toBe('0.07')
  expect(formatYuan(123456789012)).toBe('1,234,567,890.12')
  expect(yuanWords(50)).toBe('0.50 元')
})

test('a negative or fractional amount is a bug upstream: it throws', () => {
  expect(() => formatYuan(-1)).toThrow(RangeError)
  expect(() => formatYuan(1.5)).toThrow(RangeError)
})

test('round amounts get the short form pickers show', () => {
  expect(shortYuan(5_000_000)).toBe('5 万')
  expect(shortYuan(1_500_000)).toBe('1.5 万')
  expect(shortYuan(300_000)).toBe('3 千')
  expect(shortYuan(123_400)).toBe('1,234')
})

test('typed yuan become fen; anything else is not an amount', () => {
  expect(parseYuan('5000')).toBe(500000)
  expect(parseYuan(' 5,000.5 ')).toBe(500050)
  expect(parseYuan('0.07')).toBe(7)
  expect(parseYuan('')).toBeUndefined()
  expect(parseYuan('5e3')).toBeUndefined()
  expect(parseYuan('1.234')).toBeUndefined()
  expect(parseYuan('-5')).toBeUndefined()
})
