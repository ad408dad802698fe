import { describeStock, formatHarvestDate } from './format'

describe('catalogue wording', () => {
  test('stock in plain words, with kg read as 公斤', () => {
    expect(describeStock(30, 'kg')).toBe('库存 30 公斤')
    expect(describeStock(3, '斤')).toBe('只剩 3 斤')
    expect(describeStock(0, '箱')).toBe('已卖完')
  })

  test('a harvest day reads as month and day', () => {
    expect(formatHarvestDate('2026-11-05')).toBe('11月5日')
  })
})
