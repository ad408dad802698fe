import type { ErrorBody, Order } from '@tianyuan/contracts'
import { describeEachDatabase, type TestDatabase } from '../../testing/databases'
import { createHarness, removeMediaDir, type Harness } from '../../testing/harness'
import { markOrderPaid } from './orders'
import { marketDb } from './schema'
import { DEFAULT_MARKET_LIMITS } from './shared'
import { json, newBuyer, newSeller, orderRequest, publish, stockOf, type TestBuyer, type TestSeller } from './testing'

/**
 * Per-buyer limits on unpaid orders: one unpaid order used to hold a product's whole stock for 30
 * minutes. Now a buyer's unpaid orders hold at most half of a product's stock (or 10 units, when
 * that is more: a small stock can still be bought whole), and a buyer has at most 5 unpaid orders.
 * Each refusal is a 409 QUOTA_EXCEEDED saying what to do; paying frees the quota; the limits hold
 * when the orders arrive all at once (PostgreSQL included).
 */
describeEachDatabase('market: unpaid-order quotas', (fresh) => {
  let database: TestDatabase
  let h: Harness
  let seller: TestSeller

  beforeAll(async () => {
    database = await fresh()
    // The harness lifts the unpaid-order count for other suites; here the shipped defaults apply.
    h = await createHarness(database, { env: { MARKET_UNPAID_ORDERS_PER_BUYER: '' } })
    expect(h.config.marketLimits).toEqual(DEFAULT_MARKET_LIMITS)
    seller = await newSeller(h)
  })
  afterAll(async () => {
    await h.close()
    removeMediaDir(h)
    await database.drop()
  })

  const order = (buyer: TestBuyer, productId: string, quantity: number) => h.request('POST', '/api/market/orders', { token: buyer.token, json: orderRequest(buyer, [{ productId, quantity }]) })

  async function expectQuota(res: Response, words: string): Promise<void> {
    const text = await res.text()
    expect([res.status, text]).toEqual([409, expect.stringContaining('QUOTA_EXCEEDED')])
    expect((JSON.parse(text) as ErrorBody).message).toContain(words)
  }

  test('one unpaid order cannot take the whole stock: at most half (in one order or several)', async () => {
    const product = await publish(h, seller, { stock: 100, title: '洛川苹果' })
    const buyer = await newBuyer(h)
    await expectQuota(await order(buyer, product.id, 100), '请把数量减到 50 斤以内')
    expect(await stockOf(h, product.id)).toBe(100)
    await json(await order(buyer, product.id, 30), 201)
    await expectQuota(await order(buyer, product.id, 30), '您已留了 30 斤')
    await json(await order(buyer, product.id, 20), 201)
    expect(await stockOf(h, product.id)).toBe(50)
    // Someone else can still buy.
    const other = await newBuyer(h)
    await json(await order(other, product.id, 10), 201)
  })

  test('a small stock can still be bought whole; paying frees the quota', async () => {
    const product = await publish(h, seller, { stock: 10, title: '土鸡蛋', unit: '箱' })
    const buyer = await newBuyer(h)
    const { order: first } = await json<{ order: Order }>(await order(buyer, product.id, 10), 201)
    expect(await stockOf(h, product.id)).toBe(0)
    const big = await publish(h, seller, { stock: 40, title: '小米' })
    await json(await order(buyer, big.id, 20), 201)
    await expectQuota(await order(buyer, big.id, 1), '每人未付款的订单最多留 20 斤')
    await markOrderPaid(marketDb(h.db.kysely), first.id, h.clock.now())
    const paidSecond = (await json<{ items: Order[] }>(await h.request('GET', '/api/market/orders?status=pending_payment', { token: buyer.token }), 200)).items
    for (const o of paidSecond) await markOrderPaid(marketDb(h.db.kysely), o.id, h.clock.now())
    await json(await order(buyer, big.id, 10), 201)
  })

  test(`at most ${DEFAULT_MARKET_LIMITS.unpaidOrders} unpaid orders; an expired hold no longer counts`, async () => {
    const product = await publish(h, seller, { stock: 1000 })
    const buyer = await newBuyer(h)
    for (let i = 0; i < DEFAULT_MARKET_LIMITS.unpaidOrders; i++) await json(await order(buyer, product.id, 1), 201)
    await expectQuota(await order(buyer, product.id, 1), `最多 ${DEFAULT_MARKET_LIMITS.unpaidOrders} 个`)
    h.clock.advance(h.config.marketHoldMs + 1000)
    await json(await order(buyer, product.id, 1), 201)
  })

  test('12 concurrent orders from one buyer: exactly 5 placed, and never more than half the stock held', async () => {
    const product = await publish(h, seller, { stock: 200 })
    const buyer = await newBuyer(h)
    const statuses = await Promise.all(Array.from({ length: 12 }, () => order(buyer, product.id, 15).then((r) => r.status)))
    expect(statuses.filter((s) => s === 201)).toHaveLength(DEFAULT_MARKET_LIMITS.unpaidOrders)
    expect(statuses.filter((s) => s !== 201).every((s) => s === 409)).toBe(true)
    expect(await stockOf(h, product.id)).toBe(200 - 15 * DEFAULT_MARKET_LIMITS.unpaidOrders)

    const second = await publish(h, seller, { stock: 100 })
    const other = await newBuyer(h)
    const held = await Promise.all(Array.from({ length: 5 }, () => order(other, second.id, 20).then((r) => r.status)))
    // 50 of 100 at most: two orders of 20, then 20 more would be 60.
    expect(held.filter((s) => s === 201)).toHaveLength(2)
    expect(await stockOf(h, second.id)).toBe(60)
  })
})
