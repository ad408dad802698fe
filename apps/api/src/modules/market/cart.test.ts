import type { CartResponse } from '@tianyuan/contracts'
import { describeEachDatabase, type TestDatabase } from '../../testing/databases'
import { createHarness, removeMediaDir, type Harness } from '../../testing/harness'
import { json, newSeller, publish, type TestSeller } from './testing'

describeEachDatabase('market cart merge', (fresh) => {
  let database: TestDatabase
  let h: Harness
  let seller: TestSeller

  beforeAll(async () => {
    database = await fresh()
    h = await createHarness(database)
    seller = await newSeller(h)
  })
  afterAll(async () => {
    await h.close()
    removeMediaDir(h)
    await database.drop()
  })

  const put = async (token: string, body: unknown, headers?: Record<string, string>) =>
    json<CartResponse>(await h.request('PUT', '/api/market/cart', { token, json: body, headers }), 200)
  const lines = (cart: CartResponse) => Object.fromEntries(cart.items.map((l) => [l.product.id, l.quantity]))

  test('the phone’s lines win, server-only lines stay, removed lines go; totals from server prices', async () => {
    const { token } = await h.login()
    const [a, b, c] = [await publish(h, seller, { priceFen: 500 }), await publish(h, seller, { priceFen: 300 }), await publish(h, seller, { priceFen: 100 })]
    // Another phone put a×2, b×1, c×4 on the server.
    await put(token, {
      items: [
        { productId: a.id, quantity: 2 },
        { productId: b.id, quantity: 1 },
        { productId: c.id, quantity: 4 },
      ],
    })
    // This phone, offline, changed a to 1 (fewer: the phone still wins) and removed c.
    const merged = await put(token, { items: [{ productId: a.id, quantity: 1 }], removed: [c.id] })
    expect(lines(merged)).toEqual({ [a.id]: 1, [b.id]: 1 })
    expect(merged.totalFen).toBe(500 + 300)
    expect(merged.changes).toEqual([])
    const stored = await json<CartResponse>(await h.request('GET', '/api/market/cart', { token }), 200)
    expect(lines(stored)).toEqual(lines(merged))
  })

  test('unlisted products are dropped, sold-out ones dropped, quantities clamped to stock — each reported', async () => {
    const { token } = await h.login()
    const unlisted = await publish(h, seller, { title: '下架的木耳' })
    const soldOut = await publish(h, seller, { title: '卖完的核桃', stock: 0 })
    const few = await publish(h, seller, { title: '土鸡蛋', stock: 3, unit: '箱' })
    const fine = await publish(h, seller, { title: '小米', stock: 50 })
    await json(await h.request('POST', `/api/market/seller/products/${unlisted.id}/unlist`, { token: seller.token }), 200)
    const merged = await put(token, {
      items: [
        { productId: unlisted.id, quantity: 1 },
        { productId: soldOut.id, quantity: 2 },
        { productId: few.id, quantity: 5 },
        { productId: fine.id, quantity: 2 },
        { productId: 'AAAAAAAAAAAAAAAAAAAAAA', quantity: 1 },
      ],
    })
    expect(lines(merged)).toEqual({ [few.id]: 3, [fine.id]: 2 })
    const byId = Object.fromEntries(merged.changes.map((c) => [c.productId, c]))
    expect(byId[unlisted.id]).toMatchObject({ kind: 'unavailable', from: 1, to: 0 })
    expect(byId[unlisted.id]?.message).toContain('下架的木耳')
    expect(byId[soldOut.id]).toMatchObject({ kind: 'sold_out', from: 2, to: 0 })
    expect(byId[few.id]).toMatchObject({ kind: 'clamped', from: 5, to: 3, message: '「土鸡蛋」只剩 3 箱，数量已改为 3' })
    expect(byId.AAAAAAAAAAAAAAAAAAAAAA).toMatchObject({ kind: 'unavailable' })
    expect(merged.changes).toHaveLength(4)
  })

  test('a cart merge honours Idempotency-Key', async () => {
    const { token } = await h.login()
    const p = await publish(h, seller)
    const body = { items: [{ productId: p.id, quantity: 2 }] }
    await put(token, body, { 'idempotency-key': 'cart-1' })
    const replay = await h.request('PUT', '/api/market/cart', { token, json: body, headers: { 'idempotency-key': 'cart-1' } })
    expect(replay.headers.get('idempotent-replayed')).toBe('true')
    expect(lines((await replay.json()) as CartResponse)).toEqual({ [p.id]: 2 })
  })

  test('one buyer’s cart is never another’s', async () => {
    const one = await h.login()
    const two = await h.login()
    const p = await publish(h, seller)
    await put(one.token, { items: [{ productId: p.id, quantity: 1 }] })
    const other = await json<CartResponse>(await h.request('GET', '/api/market/cart', { token: two.token }), 200)
    expect(other.items).toEqual([])
  })
  test('two phones of one buyer merging at the same moment both get an answer (no 500), and the cart is one of theirs', async () => {
    const { token } = await h.login()
    const [a, b] = [await publish(h, seller, { priceFen: 500 }), await publish(h, seller, { priceFen: 300 })]
    const answers = await Promise.all(
      Array.from({ length: 8 }, (_, i) => h.request('PUT', '/api/market/cart', { token, json: { items: [{ productId: i % 2 ? a.id : b.id, quantity: i + 1 }] } })),
    )
    expect(answers.map((r) => r.status)).toEqual(Array.from({ length: 8 }, () => 200))
    const stored = await json<CartResponse>(await h.request('GET', '/api/market/cart', { token }), 200)
    // Every merge keeps the other lines: both products are in, each with a quantity one phone sent.
    expect(Object.keys(lines(stored)).sort()).toEqual([a.id, b.id].sort())
    expect([2, 4, 6, 8]).toContain(lines(stored)[a.id])
    expect([1, 3, 5, 7]).toContain(lines(stored)[b.id])
  })
})
