import type { CreatePaymentResponse, Order, OrderResponse, PaymentResponse, RequestPaymentParams } from '@tianyuan/contracts'
import { describeEachDatabase } from '../../testing/databases'
import type { Harness } from '../../testing/harness'
import { payAtCashier, until, useSandboxHarness } from '../../testing/payments-sandbox'
import { MARKET_ORDER_KIND } from './payable'
import { json, newBuyer, newSeller, placeOrder, publish, type TestBuyer, type TestSeller } from './testing'

/**
 * Only the market decides a market order's refund (an approved after-sale, a cancellation under
 * its rules); the payments module carries it out. A buyer cannot refund their own payment.
 */
describeEachDatabase('market refunds start only from the market’s decision', (fresh) => {
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
  const paymentOf = async (id: string) => (await json<PaymentResponse>(await h.request('GET', `/api/payments/${id}`, { token: buyer.token }), 200)).payment

  async function paidOrder(): Promise<{ order: Order; paymentId: string }> {
    const product = await publish(h, seller, { priceFen: 1500, stock: 10 })
    const order = await placeOrder(h, buyer, [{ productId: product.id, quantity: 2 }])
    const created = await json<CreatePaymentResponse>(await h.request('POST', '/api/payments', { token: buyer.token, json: { kind: MARKET_ORDER_KIND, orderId: order.id } }), 201)
    expect(await payAtCashier(h, created.requestPayment as RequestPaymentParams)).toBe('requestPayment:ok')
    await until('paid', async () => (await paymentOf(created.payment.id)).status === 'paid')
    return { order, paymentId: created.payment.id }
  }

  test('a buyer cannot refund a shipped order through the payments API: nothing is refunded, the order stays 已发货', async () => {
    const { order, paymentId } = await paidOrder()
    await json(await h.request('POST', `/api/market/seller/orders/${order.id}/ship`, { token: seller.token, json: { carrier: '中国邮政', trackingNo: '9876543210123' } }), 200)

    const res = await h.request('POST', `/api/payments/${paymentId}/refunds`, { token: buyer.token, json: { amountFen: 3000, reason: '不想要了' } })
    expect(res.status).toBe(404)

    expect(await paymentOf(paymentId)).toMatchObject({ status: 'paid', refundedFen: 0 })
    const refunds = await h.db.kysely.selectFrom('refunds').select('id').where('payment_id', '=', paymentId).execute()
    expect(refunds).toEqual([])
    const after = await orderOf(order.id)
    expect(after.status).toBe('shipped')
    expect(after.afterSale).toBeNull()
  })

  test('the market’s own decision (an approved after-sale) still refunds through the payment', async () => {
    const { order, paymentId } = await paidOrder()
    await json(await h.request('POST', `/api/market/orders/${order.id}/after-sale`, { token: buyer.token, json: { reason: '到货时压坏了一半', refundFen: 1500 } }), 201)
    await json(await h.request('POST', `/api/market/seller/orders/${order.id}/after-sale/approve`, { token: seller.token, json: {} }), 200)
    await until('refunded', async () => {
      await h.payments.reconcileRefunds(0)
      return (await orderOf(order.id)).afterSale?.status === 'refunded'
    })
    expect(await paymentOf(paymentId)).toMatchObject({ status: 'partially_refunded', refundedFen: 1500 })
  })
})
