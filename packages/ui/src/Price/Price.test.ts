import { formatFen, formatPrice } from './format'

describe('formatFen', () => {
  it.each([
    [0, '0.00'],
    [1, '0.01'],
    [99, '0.99'],
    [100, '1.00'],
    [1250, '12.50'],
    [123456, '1234.56'],
    [Number.MAX_SAFE_INTEGER, '90071992547409.91'],
  ])('%d fen → %s', (fen, text) => {
    expect(formatFen(fen)).toBe(text)
  })

  it('refuses a negative amount', () => {
    expect(() => formatFen(-1)).toThrow(RangeError)
    expect(() => formatFen(-100)).toThrow('must not be negative')
  })

  it('refuses anything that is not a whole number of fen', () => {
    for (const bad of [0.5, 12.5, NaN, Infinity, Number.MAX_SAFE_INTEGER + 1]) expect(() => formatFen(bad)).toThrow('whole number of fen')
  })

  it('never goes through floating point: 0.1 + 0.2 yuan is 30 fen', () => {
    expect(formatFen(10 + 20)).toBe('0.30')
    expect(formatFen(1005)).toBe('10.05') // 10.05 * 100 is 1004.9999… as a float
  })
})

describe('formatPrice', () => {
  it('writes ¥ before the amount by default, or 元 after it', () => {
    expect(formatPrice(1250)).toBe('¥12.50')
    expect(formatPrice(1250, { unit: '斤' })).toBe('¥12.50/斤')
    expect(formatPrice(1250, { notation: 'yuan' })).toBe('12.50元')
    expect(formatPrice(1250, { notation: 'yuan', unit: '斤' })).toBe('12.50元/斤')
    expect(formatPrice(0, { notation: 'yuan', unit: '箱' })).toBe('0.00元/箱')
  })

  it('refuses a negative price whatever the notation', () => {
    expect(() => formatPrice(-5, { notation: 'yuan' })).toThrow(RangeError)
  })
})
