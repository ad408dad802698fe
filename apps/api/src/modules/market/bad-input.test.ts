import fc from 'fast-check'
import { z } from 'zod'
import {
  CreateAddressRequest,
  CreateAfterSaleRequest,
  CreateOrderRequest,
  CreatePickupPointRequest,
  CreateShopRequest,
  DecideAfterSaleRequest,
  MergeCartRequest,
  OrderListQuery,
  ProductSearchQuery,
  PublishProductRequest,
  ShipOrderRequest,
  UpdateAddressRequest,
  UpdateProductRequest,
  UpdateShopRequest,
  type Order,
  type Product,
} from '@tianyuan/contracts'
import { describeEachDatabase, type TestDatabase } from '../../testing/databases'
import { createHarness, removeMediaDir, type Harness } from '../../testing/harness'
import { Empty, UNPRINTABLE_IN_URL, expectRefused, mutationsOf, snapshotTables, sweepRoutes, sweepUnprintableText, unprintableQueryText, type SweepRoute } from '../../testing/bad-input-sweep'
import { markOrderPaid } from './orders'
import { marketDb, type MarketTables } from './schema'
import { json, newBuyer, newSeller, placeOrder, publish, type TestBuyer, type TestSeller } from './testing'

/**
 * The market's routes in the bad-input sweep (the same rules as ../bad-input.test.ts): generated
 * malformed JSON, wrong types, unknown fields, negative and huge numbers, impossible dates and
 * oversize bodies each get a 4xx in the one error shape with a zh-CN message, no stack trace, and
 * the database — every table, the market's included — is left exactly as it was.
 */
const TABLES = [
  'users',
  'sessions',
  'media',
  'market_shops',
  'market_pickup_points',
  'market_products',
  'market_cart_items',
  'market_addresses',
  'market_orders',
  'market_order_items',
  'market_order_events',
  'market_after_sales',
] as const satisfies readonly (keyof MarketTables | 'users' | 'sessions' | 'media')[]

const snapshot = (h: Harness): Promise<string> => snapshotTables(marketDb(h.db.kysely), TABLES)

describeEachDatabase('market: bad input on every route', (fresh) => {
  let database: TestDatabase
  let h: Harness
  let seller: TestSeller
  let buyer: TestBuyer
  let product: Product
  let order: Order

  beforeAll(async () => {
    database = await fresh()
    h = await createHarness(database)
    seller = await newSeller(h)
    buyer = await newBuyer(h)
    product = await publish(h, seller, { stock: 50 })
    order = await placeOrder(h, buyer, [{ productId: product.id, quantity: 1 }])
    await markOrderPaid(marketDb(h.db.kysely), order.id, h.clock.now())
    await json(await h.request('PUT', '/api/market/cart', { token: buyer.token, json: { items: [{ productId: product.id, quantity: 2 }] } }), 200)
  })
  afterAll(async () => {
    await h.close()
    removeMediaDir(h)
    await database.drop()
  })

  const productValid = () => ({
    categoryId: 'fruit',
    title: '洛川苹果',
    grade: '一级',
    origin: '陕西洛川',
    harvestDate: '2026-11-20',
    unit: '斤',
    priceFen: 680,
    stock: 10,
    photoIds: [seller.photo.id],
  })

  const routes: SweepRoute[] = [
    { method: 'PUT', name: '/api/market/cart', path: () => '/api/market/cart', token: () => buyer.token, schema: MergeCartRequest, valid: () => ({ items: [{ productId: product.id, quantity: 1 }] }) },
    {
      method: 'POST',
      name: '/api/market/addresses',
      path: () => '/api/market/addresses',
      token: () => buyer.token,
      schema: CreateAddressRequest,
      valid: () => ({ name: '李大姐', phone: '13800138000', region: '湖北省', detail: '黄坪村' }),
    },
    { method: 'PATCH', name: '/api/market/addresses/:id', path: () => `/api/market/addresses/${buyer.address.id}`, token: () => buyer.token, schema: UpdateAddressRequest, valid: () => ({ phone: '13800138001' }) },
    { method: 'DELETE', name: '/api/market/addresses/:id', path: () => `/api/market/addresses/${buyer.address.id}`, token: () => buyer.token, schema: Empty },
    {
      method: 'POST',
      name: '/api/market/orders',
      path: () => '/api/market/orders',
      token: () => buyer.token,
      schema: CreateOrderRequest,
      valid: () => ({ items: [{ productId: product.id, quantity: 1 }], delivery: { kind: 'courier', addressId: buyer.address.id } }),
    },
    { method: 'POST', name: '/api/market/orders/:id/cancel', path: () => `/api/market/orders/${order.id}/cancel`, token: () => buyer.token, schema: Empty },
    { method: 'POST', name: '/api/market/orders/:id/confirm-receipt', path: () => `/api/market/orders/${order.id}/confirm-receipt`, token: () => buyer.token, schema: Empty },
    {
      method: 'POST',
      name: '/api/market/orders/:id/after-sale',
      path: () => `/api/market/orders/${order.id}/after-sale`,
      token: () => buyer.token,
      schema: CreateAfterSaleRequest,
      valid: () => ({ reason: '坏了', refundFen: 100 }),
    },
    { method: 'POST', name: '/api/market/seller/shop', path: () => '/api/market/seller/shop', token: () => buyer.token, schema: CreateShopRequest, valid: () => ({ name: '新店', village: '某村', intro: '' }) },
    { method: 'PATCH', name: '/api/market/seller/shop', path: () => '/api/market/seller/shop', token: () => seller.token, schema: UpdateShopRequest, valid: () => ({ name: '改名' }) },
    {
      method: 'POST',
      name: '/api/market/seller/pickup-points',
      path: () => '/api/market/seller/pickup-points',
      token: () => seller.token,
      schema: CreatePickupPointRequest,
      valid: () => ({ name: '村口', address: '村口小卖部' }),
    },
    { method: 'POST', name: '/api/market/seller/products', path: () => '/api/market/seller/products', token: () => seller.token, schema: PublishProductRequest, valid: productValid },
    {
      method: 'PATCH',
      name: '/api/market/seller/products/:id',
      path: () => `/api/market/seller/products/${product.id}`,
      token: () => seller.token,
      schema: UpdateProductRequest,
      valid: () => ({ priceFen: 700, stock: 20 }),
    },
    { method: 'POST', name: '/api/market/seller/products/:id/unlist', path: () => `/api/market/seller/products/${product.id}/unlist`, token: () => seller.token, schema: Empty },
    {
      method: 'POST',
      name: '/api/market/seller/orders/:id/ship',
      path: () => `/api/market/seller/orders/${order.id}/ship`,
      token: () => seller.token,
      schema: ShipOrderRequest,
      valid: () => ({ carrier: '顺丰', trackingNo: 'SF123456789' }),
    },
    {
      method: 'POST',
      name: '/api/market/seller/orders/:id/after-sale/approve',
      path: () => `/api/market/seller/orders/${order.id}/after-sale/approve`,
      token: () => seller.token,
      schema: DecideAfterSaleRequest,
    },
    {
      method: 'POST',
      name: '/api/market/seller/orders/:id/after-sale/reject',
      path: () => `/api/market/seller/orders/${order.id}/after-sale/reject`,
      token: () => seller.token,
      schema: DecideAfterSaleRequest,
    },
    {
      method: 'POST',
      name: '/api/market/seller/orders/:id/after-sale/refund',
      path: () => `/api/market/seller/orders/${order.id}/after-sale/refund`,
      token: () => seller.token,
      schema: Empty,
    },
  ]

  /** Values that no money, quantity, stock or date field may take. */
  const poison = fc.constantFrom<unknown>(-1, 0, -100, 1.5, 1e15, 2 ** 53, Number.MAX_SAFE_INTEGER, '100', null, true, [], {}, '2026-02-30', '2099-12-31', '', 'x'.repeat(2000))

  sweepRoutes(routes, {
    harness: () => h,
    snapshot,
    numRuns: 40,
    hugeNumbers: fc.constantFrom('{"priceFen": 1e400}', '{"quantity": -1e309}', '{"stock": 123456789012345678901234567890}', '[1e400]', '1e999'),
    shapes: (route) => mutationsOf(route.valid, poison),
    formBody: 'a=b',
    oversize: { note: 'a'.repeat(200_000) },
  })

  sweepUnprintableText(routes, { harness: () => h, snapshot })

  test('GET /api/market/products?q= with NUL or another unprintable character → 400 naming q (no login; was a 500 on PostgreSQL)', async () => {
    for (const bad of UNPRINTABLE_IN_URL) {
      for (const q of [bad, `苹果${bad}`]) {
        const res = await h.request('GET', `/api/market/products?${new URLSearchParams({ q }).toString()}`)
        expect([bad.codePointAt(0), res.status]).toEqual([bad.codePointAt(0), 400])
        const error = (await res.json()) as { code: string; message: string }
        expect(error.code).toBe('VALIDATION_FAILED')
        expect(error.message).toContain('「q」')
      }
    }
    // Percent-encoded by hand, as the probe sent it.
    const nul = await h.request('GET', '/api/market/products?q=%00')
    expect(nul.status).toBe(400)
    await expectRefused(nul)
  })

  test('money, quantity and date fields: named in the zh-CN message', async () => {
    const before = await snapshot(h)
    const cases: [string, string, Record<string, unknown>, string][] = [
      ['POST', '/api/market/seller/products', { ...productValid(), priceFen: -1 }, 'priceFen'],
      ['POST', '/api/market/seller/products', { ...productValid(), priceFen: 1e12 }, 'priceFen'],
      ['POST', '/api/market/seller/products', { ...productValid(), harvestDate: '2026-02-30' }, 'harvestDate'],
      ['POST', '/api/market/seller/products', { ...productValid(), harvestDate: '2027-01-01' }, 'harvestDate'],
      ['PATCH', `/api/market/seller/products/${product.id}`, { stock: -5 }, 'stock'],
      ['POST', '/api/market/orders', { items: [{ productId: product.id, quantity: 0 }], delivery: { kind: 'courier', addressId: buyer.address.id } }, 'items.0.quantity'],
      ['POST', '/api/market/orders', { items: [{ productId: product.id, quantity: -2 }], delivery: { kind: 'courier', addressId: buyer.address.id } }, 'items.0.quantity'],
      ['POST', '/api/market/orders', { items: [{ productId: product.id, quantity: 1e9 }], delivery: { kind: 'courier', addressId: buyer.address.id } }, 'items.0.quantity'],
      ['PUT', '/api/market/cart', { items: [{ productId: product.id, quantity: 0 }] }, 'items.0.quantity'],
      ['POST', `/api/market/orders/${order.id}/after-sale`, { reason: '坏了', refundFen: -1 }, 'refundFen'],
      ['POST', '/api/market/addresses', { name: '李', phone: '10086', region: '湖北', detail: '村' }, 'phone'],
    ]
    for (const [method, url, body, field] of cases) {
      const token = url.includes('/seller/') ? seller.token : buyer.token
      const res = await h.request(method, url, { token, json: body })
      expect([url, res.status]).toEqual([url, 400])
      const error = (await res.json()) as { message: string }
      expect(error.message).toContain(`「${field}」`)
    }
    expect(await snapshot(h)).toBe(before)
  })

  test('GET routes: generated bad query strings → 400, database unchanged', async () => {
    const before = await snapshot(h)
    const key = fc.constantFrom('q', 'page', 'size', 'sort', 'category', 'shop', 'status', 'x')
    const value = fc.oneof(fc.string({ maxLength: 8 }), fc.integer().map(String), unprintableQueryText, fc.constantFrom('1e9', '-1', '0', '51', 'NaN', '99999999999', 'paid', 'x'.repeat(50)))
    const gets: [string, z.ZodType, string | undefined][] = [
      ['/api/market/products', ProductSearchQuery, undefined],
      ['/api/market/categories', Empty, undefined],
      [`/api/market/products/${product.id}`, Empty, undefined],
      [`/api/market/shops/${seller.shop.id}`, Empty, undefined],
      ['/api/market/cart', Empty, 'buyer'],
      ['/api/market/addresses', Empty, 'buyer'],
      ['/api/market/orders', OrderListQuery, 'buyer'],
      [`/api/market/orders/${order.id}`, Empty, 'buyer'],
      ['/api/market/seller/shop', Empty, 'seller'],
      ['/api/market/seller/products', Empty, 'seller'],
      ['/api/market/seller/orders', OrderListQuery, 'seller'],
      [`/api/market/seller/orders/${order.id}`, Empty, 'seller'],
      ['/api/market/seller/summary', Empty, 'seller'],
    ]
    await fc.assert(
      fc.asyncProperty(fc.dictionary(key, value, { minKeys: 1, maxKeys: 3 }), async (query) => {
        const qs = new URLSearchParams(query).toString()
        for (const [url, schema, who] of gets) {
          if (schema.safeParse(query).success) continue
          const token = who === 'buyer' ? buyer.token : who === 'seller' ? seller.token : undefined
          await expectRefused(await h.request('GET', `${url}?${qs}`, { token }))
        }
      }),
      { numRuns: 30 },
    )
    expect(await snapshot(h)).toBe(before)
  })
})
