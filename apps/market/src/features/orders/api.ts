import type { AfterSaleStatus, CreateAfterSaleRequest, CreateOrderRequest, Order, OrderResponse } from '@tianyuan/contracts/types'
import { isSdkError } from '@tianyuan/sdk'
import { sdk } from '../../sdk'

export const ORDERS_PATH = '/market/orders'
export const orderPath = (id: string) => `${ORDERS_PATH}/${encodeURIComponent(id)}`
export const orderUrl = (id: string) => `/pkg/pages/order/index?id=${encodeURIComponent(id)}`
/** The payments module's kind for a market order: named once, in @tianyuan/contracts/payments-rules. */
export { MARKET_ORDER_KIND } from '@tianyuan/contracts/payments-rules'

/**
 * Places one shop's order. Not queued offline: an order reserves stock for 30 minutes and must
 * be paid at once, so it is placed only while the buyer is here and online (the cart keeps the
 * intent offline). Every retry of one placement carries the same Idempotency-Key; when retries
 * run out, the error carries that key and the 再试一次 tap passes it back (`idempotencyKey`),
 * so a lost answer never becomes a second order.
 */
export async function placeOrder(request: CreateOrderRequest, idempotencyKey?: string): Promise<Order> {
  const result = await sdk.api.mutate<OrderResponse>({ method: 'POST', path: ORDERS_PATH, body: request, idempotencyKey, label: '提交订单' })
  return result.data.order
}

/** The key to reuse when trying a failed placement again (undefined: nothing reached the server). */
export function retryKeyOf(error: unknown): string | undefined {
  return isSdkError(error) ? error.idempotencyKey : undefined
}

export async function cancelOrder(id: string): Promise<Order> {
  const result = await sdk.api.mutate<OrderResponse>({ method: 'POST', path: `${orderPath(id)}/cancel`, label: '取消订单' })
  return result.data.order
}

/** Once per order: the API answers a second confirmation with the order unchanged. */
export async function confirmReceipt(id: string): Promise<Order> {
  const result = await sdk.api.mutate<OrderResponse>({ method: 'POST', path: `${orderPath(id)}/confirm-receipt`, label: '确认收货' })
  return result.data.order
}

export const AFTER_SALE_STATUS_LABEL: Record<AfterSaleStatus, string> = {
  requested: '售后申请中，等卖家处理',
  approved: '卖家同意了，正在退款',
  rejected: '卖家没有同意',
  refunded: '已退款',
}

/** Orders that may ask for after-sale (one request per order: the API's rule). */
export function canRequestAfterSale(order: Order): boolean {
  return !order.afterSale && (order.status === 'to_ship' || order.status === 'shipped' || order.status === 'received')
}

export const afterSaleUrl = (id: string) => `/pkg/pages/after-sale/index?id=${encodeURIComponent(id)}`

/** The whole order refunded unless the buyer asks for less; photos are the buyer's uploads. */
export async function requestAfterSale(id: string, request: CreateAfterSaleRequest): Promise<Order> {
  const result = await sdk.api.mutate<OrderResponse>({ method: 'POST', path: `${orderPath(id)}/after-sale`, body: request, label: '申请售后' })
  return result.data.order
}
