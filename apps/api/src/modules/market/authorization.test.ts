import type { ErrorBody, Order, OrdersResponse, Product } from '@tianyuan/contracts'
import { describeEachDatabase, type TestDatabase } from '../../testing/databases'
import { createHarness, removeMediaDir, type Harness } from '../../testing/harness'
import { markOrderPaid } from './orders'
import { marketDb } from './schema'
import { json, newBuyer, newSeller, placeOrder, publish, stockOf, type TestBuyer, type TestSeller } from './testing'

/**
 * The market's share of the authorization rules (see ../authorization.test.ts): a buyer never
 * sees or touches another buyer's orders or addresses, a seller never edits another seller's
 * products or handles another shop's orders. The answer is 404 (never 403), and nothing changes.
 */
describeEachDatabase('market authorization', (fresh) => {
  let database: TestDatabase
  let h: Harness
  let seller: TestSeller
  let otherSeller: TestSeller
  let buyer: TestBuyer
  let intruder: TestBuyer
  let product: Product
  let order: Order
  let shippedOrder: Order

  beforeAll(async () => {
    database = await fresh()
    h = await createHarness(database)
    seller = await newSeller(h, '老张果园')
    otherSeller = await newSeller(h, '隔壁果园')
    buyer = await newBuyer(h)
    intruder = await newBuyer(h)
    product = await publish(h, seller, { stock: 50 })
    order = await placeOrder(h, buyer, [{ productId: product.id, quantity: 2 }])
    shippedOrder = await placeOrder(h, buyer, [{ productId: product.id, quantity: 1 }])
    await markOrderPaid(marketDb(h.db.kysely), shippedOrder.id, h.clock.now())
    await json(await h.request('POST', `/api/market/seller/orders/${shippedOrder.id}/ship`, { token: seller.token, json: { carrier: '邮政EMS', trackingNo: 'EMS123456789' } }), 200)
    await json(await h.request('POST', `/api/market/orders/${shippedOrder.id}/after-sale`, { token: buyer.token, json: { reason: '坏了几个' } }), 201)
  })
  afterAll(async () => {
    await h.close()
    removeMediaDir(h)
    await database.drop()
  })

  const snapshot = async () => ({
    order: (await json<{ order: Order }>(await h.request('GET', `/api/market/orders/${order.id}`, { token: buyer.token }), 200)).order,
    shipped: (await json<{ order: Order }>(await h.request('GET', `/api/market/orders/${shippedOrder.id}`, { token: buyer.token }), 200)).order,
    product: (await json<{ product: Product }>(await h.request('GET', `/api/market/products/${product.id}`), 200)).product,
    stock: await stockOf(h, product.id),
    address: (await json<{ items: unknown[] }>(await h.request('GET', '/api/market/addresses', { token: buyer.token }), 200)).items,
  })

  const crossUser: { name: string; send: () => Promise<Response> }[] = [
    { name: 'GET /api/market/orders/:id (another buyer)', send: () => h.request('GET', `/api/market/orders/${order.id}`, { token: intruder.token }) },
    { name: 'POST /api/market/orders/:id/cancel (another buyer)', send: () => h.request('POST', `/api/market/orders/${order.id}/cancel`, { token: intruder.token }) },
    { name: 'POST /api/market/orders/:id/confirm-receipt (another buyer)', send: () => h.request('POST', `/api/market/orders/${shippedOrder.id}/confirm-receipt`, { token: intruder.token }) },
    {
      name: 'POST /api/market/orders/:id/after-sale (another buyer)',
      send: () => h.request('POST', `/api/market/orders/${order.id}/after-sale`, { token: intruder.token, json: { reason: '想退款' } }),
    },
    { name: 'GET /api/market/orders/:id (the seller, on the buyer route)', send: () => h.request('GET', `/api/market/orders/${order.id}`, { token: seller.token }) },
    { name: 'GET /api/market/seller/orders/:id (the buyer)', send: () => h.request('GET', `/api/market/seller/orders/${order.id}`, { token: buyer.token }) },
    { name: 'GET /api/market/seller/orders/:id (another seller)', send: () => h.request('GET', `/api/market/seller/orders/${order.id}`, { token: otherSeller.token }) },
    {
      name: 'POST /api/market/seller/orders/:id/ship (another seller)',
      send: () => h.request('POST', `/api/market/seller/orders/${shippedOrder.id}/ship`, { token: otherSeller.token, json: { carrier: '顺丰', trackingNo: 'SF99999999' } }),
    },
    {
      name: 'POST /api/market/seller/orders/:id/after-sale/approve (another seller)',
      send: () => h.request('POST', `/api/market/seller/orders/${shippedOrder.id}/after-sale/approve`, { token: otherSeller.token, json: {} }),
    },
    {
      name: 'POST /api/market/seller/orders/:id/after-sale/reject (the buyer)',
      send: () => h.request('POST', `/api/market/seller/orders/${shippedOrder.id}/after-sale/reject`, { token: buyer.token, json: {} }),
    },
    {
      name: 'PATCH /api/market/seller/products/:id (another seller)',
      send: () => h.request('PATCH', `/api/market/seller/products/${product.id}`, { token: otherSeller.token, json: { priceFen: 1, stock: 0 } }),
    },
    {
      name: 'PATCH /api/market/seller/products/:id (a buyer with no shop)',
      send: () => h.request('PATCH', `/api/market/seller/products/${product.id}`, { token: intruder.token, json: { priceFen: 1 } }),
    },
    { name: 'POST /api/market/seller/products/:id/unlist (another seller)', send: () => h.request('POST', `/api/market/seller/products/${product.id}/unlist`, { token: otherSeller.token }) },
    {
      name: 'PATCH /api/market/addresses/:id (another buyer)',
      send: () => h.request('PATCH', `/api/market/addresses/${buyer.address.id}`, { token: intruder.token, json: { detail: '改成我家' } }),
    },
    { name: 'DELETE /api/market/addresses/:id (another buyer)', send: () => h.request('DELETE', `/api/market/addresses/${buyer.address.id}`, { token: intruder.token }) },
  ]

  test.each(crossUser.map((r) => [r.name, r] as const))('%s → 404, nothing changed', async (_name, route) => {
    const before = await snapshot()
    const res = await route.send()
    expect(res.status).toBe(404)
    expect(((await res.json()) as ErrorBody).code).toBe('NOT_FOUND')
    expect(await snapshot()).toEqual(before)
  })

  test('lists show only the caller’s own orders', async () => {
    const theirs = await json<OrdersResponse>(await h.request('GET', '/api/market/orders', { token: intruder.token }), 200)
    expect(theirs.items).toEqual([])
    const other = await json<OrdersResponse>(await h.request('GET', '/api/market/seller/orders', { token: otherSeller.token }), 200)
    expect(other.items).toEqual([])
    const mine = await json<OrdersResponse>(await h.request('GET', '/api/market/orders', { token: buyer.token }), 200)
    expect(mine.items.map((o) => o.id).sort()).toEqual([order.id, shippedOrder.id].sort())
  })

  test('ordering with another buyer’s address is refused, naming the field', async () => {
    const res = await h.request('POST', '/api/market/orders', {
      token: intruder.token,
      json: { items: [{ productId: product.id, quantity: 1 }], delivery: { kind: 'courier', addressId: buyer.address.id } },
    })
    expect(res.status).toBe(400)
    expect(((await res.json()) as ErrorBody).message).toContain('delivery.addressId')
  })

  const protectedRoutes: [string, string][] = [
    ['GET', '/api/market/cart'],
    ['PUT', '/api/market/cart'],
    ['GET', '/api/market/addresses'],
    ['POST', '/api/market/addresses'],
    ['PATCH', '/api/market/addresses/AAAAAAAAAAAAAAAAAAAAAA'],
    ['DELETE', '/api/market/addresses/AAAAAAAAAAAAAAAAAAAAAA'],
    ['POST', '/api/market/orders'],
    ['GET', '/api/market/orders'],
    ['GET', '/api/market/orders/AAAAAAAAAAAAAAAAAAAAAA'],
    ['POST', '/api/market/orders/AAAAAAAAAAAAAAAAAAAAAA/cancel'],
    ['POST', '/api/market/orders/AAAAAAAAAAAAAAAAAAAAAA/confirm-receipt'],
    ['POST', '/api/market/orders/AAAAAAAAAAAAAAAAAAAAAA/after-sale'],
    ['GET', '/api/market/seller/shop'],
    ['POST', '/api/market/seller/shop'],
    ['PATCH', '/api/market/seller/shop'],
    ['POST', '/api/market/seller/pickup-points'],
    ['GET', '/api/market/seller/products'],
    ['POST', '/api/market/seller/products'],
    ['PATCH', '/api/market/seller/products/AAAAAAAAAAAAAAAAAAAAAA'],
    ['POST', '/api/market/seller/products/AAAAAAAAAAAAAAAAAAAAAA/unlist'],
    ['GET', '/api/market/seller/orders'],
    ['GET', '/api/market/seller/orders/AAAAAAAAAAAAAAAAAAAAAA'],
    ['POST', '/api/market/seller/orders/AAAAAAAAAAAAAAAAAAAAAA/ship'],
    ['POST', '/api/market/seller/orders/AAAAAAAAAAAAAAAAAAAAAA/after-sale/approve'],
    ['POST', '/api/market/seller/orders/AAAAAAAAAAAAAAAAAAAAAA/after-sale/reject'],
    ['POST', '/api/market/seller/orders/AAAAAAAAAAAAAAAAAAAAAA/after-sale/refund'],
    ['GET', '/api/market/seller/summary'],
  ]
  test.each(protectedRoutes)('%s %s without a session → 401', async (method, url) => {
    const res = await h.request(method, url, { json: method === 'GET' ? undefined : {} })
    expect(res.status).toBe(401)
    expect(((await res.json()) as ErrorBody).code).toBe('UNAUTHENTICATED')
  })

  test('the catalogue is public', async () => {
    for (const url of ['/api/market/categories', '/api/market/products', `/api/market/products/${product.id}`, `/api/market/shops/${seller.shop.id}`]) {
      expect((await h.request('GET', url)).status).toBe(200)
    }
  })
})
