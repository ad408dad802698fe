// Orders made over HTTP as other people's phones would make them, for the suites that start
// from "a buyer has paid" or "the seller has shipped".
import type { Order } from '@tianyuan/contracts/types'
import type { MarketApi } from './market-api'
import { confirmInCashier, signIn } from '@tianyuan/sim/sandbox'

async function call<T>(api: MarketApi, token: string, method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${api.url}/api${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const text = await res.text()
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`)
  return JSON.parse(text) as T
}

/**
 * A buyer orders by courier (or, with `pickupPointId`, for 自提 there) and pays through the sandbox
 * cashier; resolves once the server has the payment.
 */
export async function placePaidOrder(api: MarketApi, buyer: string, productId: string, quantity: number, options: { pickupPointId?: string } = {}): Promise<Order> {
  const token = await signIn(api.url, buyer)
  let delivery: { kind: 'pickup'; pickupPointId: string } | { kind: 'courier'; addressId: string }
  if (options.pickupPointId) {
    delivery = { kind: 'pickup', pickupPointId: options.pickupPointId }
  } else {
    const { address } = await call<{ address: { id: string } }>(api, token, 'POST', '/market/addresses', {
      name: buyer,
      phone: '13800138000',
      region: '湖北省 恩施州 宣恩县',
      detail: '椒园镇黄坪村3组',
    })
    delivery = { kind: 'courier', addressId: address.id }
  }
  const { order } = await call<{ order: Order }>(api, token, 'POST', '/market/orders', { items: [{ productId, quantity }], delivery })
  const created = await call<{ payment: { id: string }; requestPayment: Record<string, unknown> }>(api, token, 'POST', '/payments', { kind: 'market_order', orderId: order.id })
  const errMsg = await confirmInCashier(api.url, created.requestPayment)
  if (errMsg !== 'requestPayment:ok') throw new Error(`cashier: ${errMsg}`)
  for (let i = 0; i < 50; i++) {
    const { payment } = await call<{ payment: { status: string } }>(api, token, 'GET', `/payments/${created.payment.id}`)
    if (payment.status === 'paid') return (await call<{ order: Order }>(api, token, 'GET', `/market/orders/${order.id}`)).order
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  throw new Error('the payment never became paid')
}

export async function shipAsSeller(api: MarketApi, orderId: string): Promise<Order> {
  return (await call<{ order: Order }>(api, api.seller.token, 'POST', `/market/seller/orders/${orderId}/ship`, { carrier: '邮政', trackingNo: 'YZ20261128001' })).order
}

export async function orderAs(api: MarketApi, user: string, orderId: string): Promise<Order> {
  const token = await signIn(api.url, user)
  return (await call<{ order: Order }>(api, token, 'GET', `/market/orders/${orderId}`)).order
}

export async function productPriceFen(api: MarketApi, productId: string): Promise<number> {
  const res = await fetch(`${api.url}/api/market/products/${productId}`)
  return ((await res.json()) as { product: { priceFen: number } }).product.priceFen
}
