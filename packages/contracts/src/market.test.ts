import fc from 'fast-check'
import { CreateOrderRequest, MergeCartRequest, MobilePhone, ProductSearchQuery, PublishProductRequest, Quantity, UnitPriceFen } from './index'

const product = {
  categoryId: 'fruit',
  title: '洛川红富士苹果',
  grade: '一级',
  origin: '陕西省洛川县凤栖镇',
  harvestDate: '2026-11-08',
  unit: '斤',
  priceFen: 680,
  stock: 100,
  photoIds: ['AAAAAAAAAAAAAAAAAAAAAA'],
}

describe('market contracts', () => {
  test('a valid product passes; money, stock, unit, date and photos are checked field by field', () => {
    expect(PublishProductRequest.safeParse(product).success).toBe(true)
    const refused: [string, unknown][] = [
      ['priceFen', -1],
      ['priceFen', 0],
      ['priceFen', 6.8],
      ['priceFen', 1e12],
      ['stock', -1],
      ['stock', 2.5],
      ['unit', '两'],
      ['harvestDate', '2026-02-30'],
      ['harvestDate', '2026/11/08'],
      ['photoIds', []],
      ['photoIds', ['AAAAAAAAAAAAAAAAAAAAAA', 'AAAAAAAAAAAAAAAAAAAAAA']],
      ['title', '   '],
    ]
    for (const [field, value] of refused) {
      const result = PublishProductRequest.safeParse({ ...product, [field]: value })
      expect([field, value, result.success]).toEqual([field, value, false])
      expect(result.error?.issues[0]?.path[0]).toBe(field)
    }
    expect(PublishProductRequest.safeParse({ ...product, totalFen: 1 }).success).toBe(false)
  })

  test('quantities and unit prices are positive integers within bounds', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 9999 }), (n) => Quantity.safeParse(n).success))
    fc.assert(fc.property(fc.oneof(fc.integer({ max: 0 }), fc.integer({ min: 10_000 }), fc.double({ noInteger: true })), (n) => !Quantity.safeParse(n).success))
    fc.assert(fc.property(fc.integer({ min: 1, max: 10_000_000 }), (n) => UnitPriceFen.safeParse(n).success))
  })

  test('mainland mobile numbers', () => {
    for (const ok of ['13800138000', '19912345678']) expect(MobilePhone.safeParse(ok).success).toBe(true)
    for (const bad of ['12345678901', '1380013800', '+8613800138000', '138-0013-8000', '']) expect(MobilePhone.safeParse(bad).success).toBe(false)
  })

  test('orders and carts: no duplicate lines, at least one line for an order, a delivery choice', () => {
    const line = { productId: 'p1', quantity: 1 }
    expect(CreateOrderRequest.safeParse({ items: [line], delivery: { kind: 'pickup', pickupPointId: 'pp1' } }).success).toBe(true)
    expect(CreateOrderRequest.safeParse({ items: [], delivery: { kind: 'pickup', pickupPointId: 'pp1' } }).success).toBe(false)
    expect(CreateOrderRequest.safeParse({ items: [line, line], delivery: { kind: 'pickup', pickupPointId: 'pp1' } }).success).toBe(false)
    expect(CreateOrderRequest.safeParse({ items: [line], delivery: { kind: 'drone' } }).success).toBe(false)
    expect(MergeCartRequest.safeParse({ items: [] }).success).toBe(true)
    expect(MergeCartRequest.safeParse({ items: [{ productId: 'p1', quantity: 0 }] }).success).toBe(false)
  })

  test('search queries: strings in, numbers out, size capped at 50', () => {
    expect(ProductSearchQuery.parse({ q: '苹果', page: '2', size: '50', sort: 'price_asc' })).toEqual({ q: '苹果', page: 2, size: 50, sort: 'price_asc' })
    for (const bad of [{ size: '51' }, { size: '0' }, { page: '0' }, { page: '1.5' }, { sort: 'cheap' }, { other: '1' }]) expect(ProductSearchQuery.safeParse(bad).success).toBe(false)
  })
})
