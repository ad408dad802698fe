import type { ErrorBody, Order, OrderResponse } from '@tianyuan/contracts'
import { describeEachDatabase, type TestDatabase } from '../../testing/databases'
import { createHarness, removeMediaDir, type Harness } from '../../testing/harness'
import { markAfterSaleRefunded, markOrderPaid, releaseExpiredHolds, ORDER_TRANSITIONS } from './orders'
import { marketDb } from './schema'
import type { MarketDeps } from './shared'
import { json, newBuyer, newSeller, orderRequest, placeOrder, publish, stockOf, upload, type TestBuyer, type TestSeller } from './testing'

const HOLD_MS = 30 * 60_000
let trackingSeq = 100000
const tracking = () => String(++trackingSeq)

describeEachDatabase('market orders', (fresh) => {
  let database: TestDatabase
  let h: Harness
  let seller: TestSeller
  let buyer: TestBuyer
  let deps: MarketDeps

  beforeAll(async () => {
    database = await fresh()
    h = await createHarness(database)
    seller = await newSeller(h)
    buyer = await newBuyer(h)
    deps = { db: marketDb(h.db.kysely), now: h.clock.now, holdMs: h.config.marketHoldMs, paymentTimeoutMs: h.config.wechatPay.paymentTimeoutMs }
  })
  afterAll(async () => {
    await h.close()
    removeMediaDir(h)
    await database.drop()
  })

  const orderOf = async (token: string, id: string, seller = false) =>
    (await json<OrderResponse>(await h.request('GET', `/api/market/${seller ? 'seller/' : ''}orders/${id}`, { token }), 200)).order

  test('50 concurrent orders for the last 5 items: exactly 5 succeed, stock ends at 0, 45 clear 409s', async () => {
    const product = await publish(h, seller, { title: '洛川苹果（最后几斤）', stock: 5 })
    const buyers = await Promise.all(Array.from({ length: 10 }, () => newBuyer(h)))
    const responses = await Promise.all(
      Array.from({ length: 50 }, (_, i) => {
        const b = buyers[i % buyers.length] as TestBuyer
        return h.request('POST', '/api/market/orders', { token: b.token, json: orderRequest(b, [{ productId: product.id, quantity: 1 }]) })
      }),
    )
    const statuses = responses.map((r) => r.status)
    expect(statuses.filter((s) => s === 201)).toHaveLength(5)
    expect(statuses.filter((s) => s === 409)).toHaveLength(45)
    expect(await stockOf(h, product.id)).toBe(0)
    const refusals = await Promise.all(responses.filter((r) => r.status === 409).map((r) => r.json() as Promise<ErrorBody>))
    for (const body of refusals) {
      expect(body.code).toBe('OUT_OF_STOCK')
      expect(body.message).toMatch(/「洛川苹果（最后几斤）」(库存不足，只剩 \d+ 斤|已经卖完了)/)
    }
    const orders = await h.db.kysely
      .withTables<{ market_order_items: { product_id: string; quantity: number } }>()
      .selectFrom('market_order_items')
      .select('quantity')
      .where('product_id', '=', product.id)
      .execute()
    expect(orders.reduce((s, o) => s + o.quantity, 0)).toBe(5)
  })

  test('asking for more than is left → 409 naming what is left, in the unit', async () => {
    const product = await publish(h, seller, { title: '五寨黄小米', unit: 'kg', stock: 3 })
    const res = await h.request('POST', '/api/market/orders', { token: buyer.token, json: orderRequest(buyer, [{ productId: product.id, quantity: 4 }]) })
    expect(res.status).toBe(409)
    expect(((await res.json()) as ErrorBody).message).toBe('「五寨黄小米」库存不足，只剩 3 kg')
    expect(await stockOf(h, product.id)).toBe(3)
  })

  test('a multi-line order is all or nothing', async () => {
    const a = await publish(h, seller, { title: '核桃', stock: 10 })
    const b = await publish(h, seller, { title: '木耳', stock: 1 })
    const res = await h.request('POST', '/api/market/orders', {
      token: buyer.token,
      json: orderRequest(buyer, [
        { productId: a.id, quantity: 4 },
        { productId: b.id, quantity: 2 },
      ]),
    })
    expect(res.status).toBe(409)
    expect(await stockOf(h, a.id)).toBe(10)
    expect(await stockOf(h, b.id)).toBe(1)
    const ok = await placeOrder(h, buyer, [
      { productId: a.id, quantity: 4 },
      { productId: b.id, quantity: 1 },
    ])
    expect(ok.totalFen).toBe(4 * a.priceFen + b.priceFen)
    expect(await stockOf(h, a.id)).toBe(6)
    expect(await stockOf(h, b.id)).toBe(0)
  })

  test('totals come from the server’s current prices; client totals are refused', async () => {
    const product = await publish(h, seller, { priceFen: 1250, stock: 10 })
    const withTotal = await h.request('POST', '/api/market/orders', {
      token: buyer.token,
      json: { ...orderRequest(buyer, [{ productId: product.id, quantity: 2 }]), totalFen: 1 },
    })
    expect(withTotal.status).toBe(400)
    await h.request('PATCH', `/api/market/seller/products/${product.id}`, { token: seller.token, json: { priceFen: 1500 } })
    const order = await placeOrder(h, buyer, [{ productId: product.id, quantity: 2 }])
    expect(order.totalFen).toBe(3000)
    expect(order.items[0]).toMatchObject({ priceFen: 1500, quantity: 2, subtotalFen: 3000 })
  })

  test('one order is one shop: products of two shops are refused with a message naming items', async () => {
    const other = await newSeller(h, '恩施土鸡蛋')
    const p1 = await publish(h, seller, { stock: 5 })
    const p2 = await publish(h, other, { title: '土鸡蛋', unit: '箱', stock: 5 })
    const res = await h.request('POST', '/api/market/orders', {
      token: buyer.token,
      json: orderRequest(buyer, [
        { productId: p1.id, quantity: 1 },
        { productId: p2.id, quantity: 1 },
      ]),
    })
    expect(res.status).toBe(400)
    const body = (await res.json()) as ErrorBody
    expect(body.message).toContain('「items」')
    expect(body.message).toContain('同一家店')
    expect(await stockOf(h, p1.id)).toBe(5)
  })

  test('pickup delivery: the point must be the shop’s own', async () => {
    const product = await publish(h, seller, { stock: 5 })
    const other = await newSeller(h, '别家店')
    const bad = await h.request('POST', '/api/market/orders', {
      token: buyer.token,
      json: { items: [{ productId: product.id, quantity: 1 }], delivery: { kind: 'pickup', pickupPointId: other.pickupPointId } },
    })
    expect(bad.status).toBe(400)
    expect(((await bad.json()) as ErrorBody).message).toContain('delivery.pickupPointId')
    const res = await h.request('POST', '/api/market/orders', {
      token: buyer.token,
      json: { items: [{ productId: product.id, quantity: 1 }], delivery: { kind: 'pickup', pickupPointId: seller.pickupPointId } },
    })
    const { order } = await json<OrderResponse>(res, 201)
    expect(order.delivery).toMatchObject({ kind: 'pickup', pickupPoint: { id: seller.pickupPointId, name: '谷咀村村委会' } })
  })

  test('a replayed order creation (same Idempotency-Key) creates one order and reserves stock once', async () => {
    const product = await publish(h, seller, { stock: 10 })
    const send = () =>
      h.request('POST', '/api/market/orders', {
        token: buyer.token,
        json: orderRequest(buyer, [{ productId: product.id, quantity: 3 }]),
        headers: { 'idempotency-key': `order-${product.id}` },
      })
    const first = await json<OrderResponse>(await send(), 201)
    const again = await send()
    expect(again.status).toBe(201)
    expect(again.headers.get('idempotent-replayed')).toBe('true')
    expect(((await again.json()) as OrderResponse).order.id).toBe(first.order.id)
    expect(await stockOf(h, product.id)).toBe(7)
    const mine = await h.db.kysely
      .withTables<{ market_order_items: { product_id: string; order_id: string } }>()
      .selectFrom('market_order_items')
      .select('order_id')
      .where('product_id', '=', product.id)
      .execute()
    expect(mine).toHaveLength(1)
  })

  test('cancelling an unpaid order releases its stock, once', async () => {
    const product = await publish(h, seller, { stock: 10 })
    const order = await placeOrder(h, buyer, [{ productId: product.id, quantity: 4 }])
    expect(await stockOf(h, product.id)).toBe(6)
    const [a, b] = await Promise.all([
      h.request('POST', `/api/market/orders/${order.id}/cancel`, { token: buyer.token }),
      h.request('POST', `/api/market/orders/${order.id}/cancel`, { token: buyer.token }),
    ])
    expect([a.status, b.status].sort()).toEqual([200, 409])
    expect(await stockOf(h, product.id)).toBe(10)
    const after = await orderOf(buyer.token, order.id)
    expect(after.status).toBe('cancelled')
    expect(after.cancelReason).toBe('buyer')
    expect(after.events.map((e) => e.status)).toEqual(['pending_payment', 'cancelled'])
  })

  test('an unpaid order past its hold is cancelled by releaseExpiredHolds, exactly once, even when runs race', async () => {
    const product = await publish(h, seller, { stock: 10 })
    const order = await placeOrder(h, buyer, [{ productId: product.id, quantity: 2 }])
    const paidOrder = await placeOrder(h, buyer, [{ productId: product.id, quantity: 1 }])
    await markOrderPaid(deps.db, paidOrder.id, h.clock.now())
    expect(await stockOf(h, product.id)).toBe(7)
    expect(await releaseExpiredHolds(deps, h.clock.now() + HOLD_MS - 1000)).toBe(0)
    h.clock.advance(HOLD_MS)
    const runs = await Promise.all([releaseExpiredHolds(deps, h.clock.now()), releaseExpiredHolds(deps, h.clock.now()), releaseExpiredHolds(deps, h.clock.now())])
    expect(runs.reduce((s, n) => s + n, 0)).toBeGreaterThanOrEqual(1)
    expect(await stockOf(h, product.id)).toBe(9) // the paid order keeps its unit
    const after = await orderOf(buyer.token, order.id)
    expect(after.status).toBe('cancelled')
    expect(after.cancelReason).toBe('timeout')
    expect((await orderOf(buyer.token, paidOrder.id)).status).toBe('to_ship')
    // Paying now is too late.
    expect(await markOrderPaid(deps.db, order.id, h.clock.now())).toBe(false)
    expect(await releaseExpiredHolds(deps, h.clock.now())).toBe(0)
    expect(await stockOf(h, product.id)).toBe(9)
  })

  test('markOrderPaid moves 待付款 → 待发货 exactly once', async () => {
    const product = await publish(h, seller, { stock: 10 })
    const order = await placeOrder(h, buyer, [{ productId: product.id, quantity: 1 }])
    const results = await Promise.all([markOrderPaid(deps.db, order.id, h.clock.now()), markOrderPaid(deps.db, order.id, h.clock.now())])
    expect(results.filter(Boolean)).toHaveLength(1)
    const after = await orderOf(buyer.token, order.id)
    expect(after.status).toBe('to_ship')
    expect(after.paidAt).not.toBeNull()
    expect(after.events.map((e) => e.status)).toEqual(['pending_payment', 'to_ship'])
  })

  // ---------------------------------------------------------------- the state machine, exhaustively

  type Status = Order['status']
  const STATUSES: Status[] = ['pending_payment', 'to_ship', 'shipped', 'received', 'cancelled']

  /** An order brought to `status` through the real routes. */
  async function orderIn(status: Status, options: { reshipped?: boolean } = {}): Promise<Order> {
    const product = await publish(h, seller, { stock: 5 })
    const order = await placeOrder(h, buyer, [{ productId: product.id, quantity: 1 }])
    if (status === 'pending_payment') return order
    if (status === 'cancelled') {
      await json(await h.request('POST', `/api/market/orders/${order.id}/cancel`, { token: buyer.token }), 200)
      return orderOf(buyer.token, order.id)
    }
    await markOrderPaid(deps.db, order.id, h.clock.now())
    if (status === 'to_ship') return orderOf(buyer.token, order.id)
    await json(await h.request('POST', `/api/market/seller/orders/${order.id}/ship`, { token: seller.token, json: { carrier: '邮政EMS', trackingNo: `EMS${tracking()}` } }), 200)
    if (options.reshipped) {
      await json(await h.request('POST', `/api/market/seller/orders/${order.id}/ship`, { token: seller.token, json: { carrier: '顺丰', trackingNo: `SF${tracking()}` } }), 200)
    }
    if (status === 'shipped') return orderOf(buyer.token, order.id)
    await json(await h.request('POST', `/api/market/orders/${order.id}/confirm-receipt`, { token: buyer.token }), 200)
    return orderOf(buyer.token, order.id)
  }

  type Action = 'pay' | 'cancel' | 'ship' | 'confirm'
  const attempt: Record<Action, (order: Order) => Promise<boolean>> = {
    pay: (order) => markOrderPaid(deps.db, order.id, h.clock.now()),
    cancel: async (order) => (await h.request('POST', `/api/market/orders/${order.id}/cancel`, { token: buyer.token })).status === 200,
    // A new shipment: the first ship, or (on a shipped order) the one re-ship.
    ship: async (order) =>
      (await h.request('POST', `/api/market/seller/orders/${order.id}/ship`, { token: seller.token, json: { carrier: '中通快递', trackingNo: `ZTO${tracking()}` } })).status === 200,
    confirm: async (order) => (await h.request('POST', `/api/market/orders/${order.id}/confirm-receipt`, { token: buyer.token })).status === 200,
  }

  /** What each action does from each status: the new status, 'same' (accepted, nothing changes), or 'refused'. */
  const EXPECTED: Record<Action, Record<Status, Status | 'same' | 'refused'>> = {
    pay: { pending_payment: 'to_ship', to_ship: 'refused', shipped: 'refused', received: 'refused', cancelled: 'refused' },
    cancel: { pending_payment: 'cancelled', to_ship: 'refused', shipped: 'refused', received: 'refused', cancelled: 'refused' },
    ship: { pending_payment: 'refused', to_ship: 'shipped', shipped: 'shipped', received: 'refused', cancelled: 'refused' },
    confirm: { pending_payment: 'refused', to_ship: 'refused', shipped: 'received', received: 'same', cancelled: 'refused' },
  }

  test('the expectations match the declared transitions', () => {
    for (const [action, key] of [['pay', 'pay'], ['cancel', 'cancel'], ['confirm', 'confirm']] as const) {
      for (const status of STATUSES) {
        const moves = (ORDER_TRANSITIONS[key].from as readonly Status[]).includes(status)
        expect([action, status, moves]).toEqual([action, status, EXPECTED[action][status] === ORDER_TRANSITIONS[key].to])
      }
    }
    expect(ORDER_TRANSITIONS.ship.from).toEqual(['to_ship'])
    expect(ORDER_TRANSITIONS.reship.from).toEqual(['shipped'])
  })

  const cases: [Action, Status][] = []
  for (const action of Object.keys(attempt) as Action[]) for (const status of STATUSES) cases.push([action, status])

  test.each(cases)('%s from %s', async (action, status) => {
    const order = await orderIn(status)
    const expected = EXPECTED[action][status]
    expect(await attempt[action](order)).toBe(expected !== 'refused')
    const after = await orderOf(buyer.token, order.id)
    if (expected === 'refused' || expected === 'same') expect(after).toEqual(order)
    else expect(after.status).toBe(expected)
  })

  test('refused transitions say why in zh-CN with 409 ORDER_STATE_CONFLICT', async () => {
    const order = await orderIn('to_ship')
    const res = await h.request('POST', `/api/market/orders/${order.id}/cancel`, { token: buyer.token })
    expect(res.status).toBe(409)
    const body = (await res.json()) as ErrorBody
    expect(body.code).toBe('ORDER_STATE_CONFLICT')
    expect(body.message).toContain('待发货')
    expect(body.message).toContain('售后')
  })

  test('one re-ship only: the first shipment is kept, a third shipment is refused', async () => {
    const order = await orderIn('shipped', { reshipped: true })
    expect(order.previousShipment?.carrier).toBe('邮政EMS')
    expect(order.shipment?.carrier).toBe('顺丰')
    const third = await h.request('POST', `/api/market/seller/orders/${order.id}/ship`, { token: seller.token, json: { carrier: '圆通', trackingNo: 'YT1234567890' } })
    expect(third.status).toBe(409)
    expect(((await third.json()) as ErrorBody).message).toContain('重新发过一次货')
    // Sending the current shipment again is a harmless repeat.
    const same = await h.request('POST', `/api/market/seller/orders/${order.id}/ship`, { token: seller.token, json: { carrier: '顺丰', trackingNo: order.shipment?.trackingNo } })
    expect(same.status).toBe(200)
    expect((await orderOf(buyer.token, order.id)).events.map((e) => e.status)).toEqual(['pending_payment', 'to_ship', 'shipped', 'reshipped'])
  })

  test('ship and confirm receipt honour Idempotency-Key; confirming twice records one receipt', async () => {
    const order = await orderIn('to_ship')
    const ship = () =>
      h.request('POST', `/api/market/seller/orders/${order.id}/ship`, {
        token: seller.token,
        json: { carrier: '邮政EMS', trackingNo: 'EMS000111222' },
        headers: { 'idempotency-key': `ship-${order.id}` },
      })
    expect((await ship()).status).toBe(200)
    const replay = await ship()
    expect(replay.headers.get('idempotent-replayed')).toBe('true')
    const confirm = () => h.request('POST', `/api/market/orders/${order.id}/confirm-receipt`, { token: buyer.token, headers: { 'idempotency-key': `confirm-${order.id}` } })
    const [c1, c2] = [await confirm(), await confirm()]
    expect(c1.status).toBe(200)
    expect(c2.headers.get('idempotent-replayed')).toBe('true')
    expect((await h.request('POST', `/api/market/orders/${order.id}/confirm-receipt`, { token: buyer.token })).status).toBe(200)
    const after = await orderOf(buyer.token, order.id)
    expect(after.events.filter((e) => e.status === 'received')).toHaveLength(1)
    expect(after.events.filter((e) => e.status === 'shipped')).toHaveLength(1)
  })

  test('after-sale: requested → approved → refunded; requested → rejected; never from 待付款, once per order', async () => {
    const photo = await upload(h, buyer.token)
    const pending = await orderIn('pending_payment')
    const early = await h.request('POST', `/api/market/orders/${pending.id}/after-sale`, { token: buyer.token, json: { reason: '不想要了' } })
    expect(early.status).toBe(409)

    const order = await orderIn('received')
    const created = await json<OrderResponse>(
      await h.request('POST', `/api/market/orders/${order.id}/after-sale`, { token: buyer.token, json: { reason: '有几个苹果碰坏了', photoIds: [photo.id], refundFen: 300 } }),
      201,
    )
    expect(created.order.afterSale).toMatchObject({ status: 'requested', refundFen: 300, photoIds: [photo.id] })
    const twice = await h.request('POST', `/api/market/orders/${order.id}/after-sale`, { token: buyer.token, json: { reason: '再申请一次' } })
    expect(twice.status).toBe(409)
    const approved = await json<OrderResponse>(
      await h.request('POST', `/api/market/seller/orders/${order.id}/after-sale/approve`, { token: seller.token, json: { note: '同意退 3 元' } }),
      200,
    )
    expect(approved.order.afterSale?.status).toBe('approved')
    const again = await h.request('POST', `/api/market/seller/orders/${order.id}/after-sale/reject`, { token: seller.token, json: {} })
    expect(again.status).toBe(409)
    expect(await markAfterSaleRefunded(deps.db, order.id, h.clock.now())).toBe(true)
    expect(await markAfterSaleRefunded(deps.db, order.id, h.clock.now())).toBe(false)
    expect((await orderOf(buyer.token, order.id)).afterSale?.status).toBe('refunded')

    const other = await orderIn('shipped')
    await json(await h.request('POST', `/api/market/orders/${other.id}/after-sale`, { token: buyer.token, json: { reason: '还没收到' } }), 201)
    const rejected = await json<OrderResponse>(await h.request('POST', `/api/market/seller/orders/${other.id}/after-sale/reject`, { token: seller.token, json: { note: '快递显示已签收' } }), 200)
    expect(rejected.order.afterSale).toMatchObject({ status: 'rejected', sellerNote: '快递显示已签收' })
    expect(await markAfterSaleRefunded(deps.db, other.id, h.clock.now())).toBe(false)

    const tooMuch = await orderIn('to_ship')
    const res = await h.request('POST', `/api/market/orders/${tooMuch.id}/after-sale`, { token: buyer.token, json: { reason: '不要了', refundFen: tooMuch.totalFen + 1 } })
    expect(res.status).toBe(400)
    expect(((await res.json()) as ErrorBody).message).toContain('refundFen')
  })

  test('the seller’s orders to ship list paid orders, oldest first', async () => {
    const list = await json<{ items: Order[] }>(await h.request('GET', '/api/market/seller/orders?status=to_ship', { token: seller.token }), 200)
    expect(list.items.length).toBeGreaterThan(0)
    for (const o of list.items) expect(o.status).toBe('to_ship')
    const paid = list.items.map((o) => o.paidAt as string)
    expect([...paid].sort()).toEqual(paid)
  })
})
