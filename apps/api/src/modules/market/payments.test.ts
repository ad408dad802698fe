import type { CreatePaymentResponse, ErrorBody, OrderResponse, PaymentResponse, RequestPaymentParams } from '@tianyuan/contracts'
import { describeEachDatabase } from '../../testing/databases'
import type { Harness } from '../../testing/harness'
import { payAtCashier, silent, until, useSandboxHarness } from '../../testing/payments-sandbox'
import { MARKET_ORDER_KIND, refundPaidCancelledOrders } from './payable'
import { marketDb } from './schema'
import { json, newBuyer, newSeller, placeOrder, publish, stockOf, type TestBuyer, type TestSeller } from './testing'

/**
 * Market orders paid through the payments module (kind `market_order`) against the in-process
 * WeChat sandbox: the amount is the order's total from our record; paying moves 待付款 → 待发货
 * exactly once; an approved after-sale is refunded through the same payment.
 */
describeEachDatabase('market orders through payments', (fresh) => {
  const sandbox = useSandboxHarness(fresh)
  let h: Harness
  let seller: TestSeller
  let buyer: TestBuyer

  beforeAll(async () => {
    h = sandbox.h
    seller = await newSeller(h)
    buyer = await newBuyer(h)
  })

  const orderOf = async (id: string) => (await json<OrderResponse>(await h.request('GET', `/api/market/orders/${id}`, { token: buyer.token }), 200)).order
  const cashier = (params: RequestPaymentParams) => payAtCashier(h, params)

  test('pay a market order: the server’s total, 待付款 → 待发货 once, the hold outlives the payment', async () => {
    const product = await publish(h, seller, { priceFen: 1280, stock: 10 })
    const order = await placeOrder(h, buyer, [{ productId: product.id, quantity: 3 }])
    const created = await json<CreatePaymentResponse>(await h.request('POST', '/api/payments', { token: buyer.token, json: { kind: MARKET_ORDER_KIND, orderId: order.id } }), 201)
    expect(created.payment).toMatchObject({ amountFen: 3840, status: 'pending', orderId: order.id })
    expect(created.payment.description).toContain('洛川红富士苹果')
    // The stock hold now lasts at least as long as the payment can.
    expect(Date.parse((await orderOf(order.id)).payBefore)).toBeGreaterThanOrEqual(Date.parse(created.payment.expiresAt))

    expect(await cashier(created.requestPayment)).toBe('requestPayment:ok')
    // No notification reaches the harness: asking for the payment makes the server query WeChat.
    await until('paid', async () => (await json<PaymentResponse>(await h.request('GET', `/api/payments/${created.payment.id}`, { token: buyer.token }), 200)).payment.status === 'paid')
    await json(await h.request('GET', `/api/payments/${created.payment.id}`, { token: buyer.token }), 200)
    const paid = await orderOf(order.id)
    expect(paid.status).toBe('to_ship')
    expect(paid.paidAt).not.toBeNull()
    expect(paid.events.filter((e) => e.status === 'to_ship')).toHaveLength(1)

    // Paying again is refused by the payments module.
    const again = await h.request('POST', '/api/payments', { token: buyer.token, json: { kind: MARKET_ORDER_KIND, orderId: order.id } })
    expect(again.status).toBe(409)
  })

  test('a cancelled order cannot be paid; another buyer’s order is not found', async () => {
    const product = await publish(h, seller, { stock: 10 })
    const order = await placeOrder(h, buyer, [{ productId: product.id, quantity: 1 }])
    const intruder = await newBuyer(h)
    const theirs = await h.request('POST', '/api/payments', { token: intruder.token, json: { kind: MARKET_ORDER_KIND, orderId: order.id } })
    expect(theirs.status).toBe(404)
    await json(await h.request('POST', `/api/market/orders/${order.id}/cancel`, { token: buyer.token }), 200)
    const res = await h.request('POST', '/api/payments', { token: buyer.token, json: { kind: MARKET_ORDER_KIND, orderId: order.id } })
    expect(res.status).toBe(409)
    expect(((await res.json()) as ErrorBody).code).toBe('ORDER_NOT_PAYABLE')
  })

  test('an approved after-sale is refunded through the payment, then shows 已退款', async () => {
    const product = await publish(h, seller, { priceFen: 1000, stock: 10 })
    const order = await placeOrder(h, buyer, [{ productId: product.id, quantity: 2 }])
    const created = await json<CreatePaymentResponse>(await h.request('POST', '/api/payments', { token: buyer.token, json: { kind: MARKET_ORDER_KIND, orderId: order.id } }), 201)
    expect(await cashier(created.requestPayment)).toBe('requestPayment:ok')
    await until('paid', async () => (await json<PaymentResponse>(await h.request('GET', `/api/payments/${created.payment.id}`, { token: buyer.token }), 200)).payment.status === 'paid')
    await json(await h.request('POST', `/api/market/orders/${order.id}/after-sale`, { token: buyer.token, json: { reason: '坏了一半', refundFen: 1000 } }), 201)
    const approved = await json<OrderResponse>(await h.request('POST', `/api/market/seller/orders/${order.id}/after-sale/approve`, { token: seller.token, json: {} }), 200)
    expect(approved.order.afterSale?.status).toBe('approved')
    // The sandbox settles the refund a moment later; its notification cannot reach the harness, so ask WeChat.
    await until('refunded', async () => {
      await h.payments.reconcileRefunds(0)
      return (await orderOf(order.id)).afterSale?.status === 'refunded'
    })
    const payment = await json<PaymentResponse>(await h.request('GET', `/api/payments/${created.payment.id}`, { token: buyer.token }), 200)
    expect(payment.payment.refundedFen).toBe(1000)
  })

  async function startPayment(orderId: string) {
    return json<CreatePaymentResponse>(await h.request('POST', '/api/payments', { token: buyer.token, json: { kind: MARKET_ORDER_KIND, orderId } }), 201)
  }
  const settle = (paymentId: string) =>
    until('paid', async () => (await json<PaymentResponse>(await h.request('GET', `/api/payments/${paymentId}`, { token: buyer.token }), 200)).payment.status === 'paid')

  test('paid after the buyer cancelled (payment already in progress): the order is revived if the stock is still there', async () => {
    const product = await publish(h, seller, { stock: 5 })
    const order = await placeOrder(h, buyer, [{ productId: product.id, quantity: 2 }])
    const created = await startPayment(order.id)
    await json(await h.request('POST', `/api/market/orders/${order.id}/cancel`, { token: buyer.token }), 200)
    expect(await stockOf(h, product.id)).toBe(5)
    expect(await cashier(created.requestPayment)).toBe('requestPayment:ok')
    await settle(created.payment.id)
    const after = await orderOf(order.id)
    expect(after.status).toBe('to_ship')
    expect(after.cancelReason).toBeNull()
    expect(await stockOf(h, product.id)).toBe(3)
    expect(await refundPaidCancelledOrders(h.payments, marketDb(h.db.kysely), silent)).toBe(0)
  })

  test('paid after the buyer cancelled and the stock is gone: stays cancelled, and the money goes back once', async () => {
    const product = await publish(h, seller, { stock: 2 })
    const order = await placeOrder(h, buyer, [{ productId: product.id, quantity: 2 }])
    const created = await startPayment(order.id)
    await json(await h.request('POST', `/api/market/orders/${order.id}/cancel`, { token: buyer.token }), 200)
    const other = await newBuyer(h)
    await placeOrder(h, other, [{ productId: product.id, quantity: 2 }])
    expect(await cashier(created.requestPayment)).toBe('requestPayment:ok')
    await settle(created.payment.id)
    const after = await orderOf(order.id)
    expect(after.status).toBe('cancelled')
    expect(after.events.map((e) => e.status)).toContain('paid_after_cancel')
    expect(await stockOf(h, product.id)).toBe(0)
    const db = marketDb(h.db.kysely)
    expect(await refundPaidCancelledOrders(h.payments, db, silent)).toBe(1)
    expect(await refundPaidCancelledOrders(h.payments, db, silent)).toBe(0)
    await until('refunded', async () => {
      await h.payments.reconcileRefunds(0)
      return (await json<PaymentResponse>(await h.request('GET', `/api/payments/${created.payment.id}`, { token: buyer.token }), 200)).payment.status === 'refunded'
    })
  })
})
