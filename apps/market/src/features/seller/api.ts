// The seller's calls (我的店铺): open a shop, change a product's price and stock, ship an order.
import type { CreateShopRequest, Order, OrderResponse, Product, ProductResponse, PublishProductRequest, Shop, ShopResponse, UpdateProductRequest } from '@tianyuan/contracts/types'
import { isSdkError } from '@tianyuan/sdk'
import { sdk } from '../../sdk'

export const SELLER_SHOP_PATH = '/market/seller/shop'
export const SELLER_PRODUCTS_PATH = '/market/seller/products'
export const SELLER_ORDERS_PATH = '/market/seller/orders'
export const SELLER_SUMMARY_PATH = '/market/seller/summary'

/**
 * GET /market/seller/shop answers 404 `NO_SHOP` (“你还没有开店…”) when the user has no shop:
 * that means “no shop yet” (offer 开店), not a failure.
 */
export function isNoShop(error: unknown): boolean {
  return isSdkError(error) && error.status === 404 && error.serverCode === 'NO_SHOP'
}

async function done<T>(promise: Promise<{ status: string; data?: unknown }>): Promise<T> {
  const result = await promise
  return result.data as T
}

export async function openShop(fields: CreateShopRequest): Promise<Shop> {
  return (await done<ShopResponse>(sdk.api.mutate({ method: 'POST', path: SELLER_SHOP_PATH, body: fields, label: '开店' }))).shop
}

/** Publishes a product; `idempotencyKey` from a failed attempt resends it without a duplicate. */
export async function publishProduct(request: PublishProductRequest, idempotencyKey?: string): Promise<Product> {
  return (await done<ProductResponse>(sdk.api.mutate({ method: 'POST', path: SELLER_PRODUCTS_PATH, body: request, idempotencyKey, label: '发布商品' }))).product
}

export async function updateProduct(id: string, change: UpdateProductRequest): Promise<Product> {
  return (await done<ProductResponse>(sdk.api.mutate({ method: 'PATCH', path: `${SELLER_PRODUCTS_PATH}/${encodeURIComponent(id)}`, body: change, label: '修改商品' }))).product
}

export async function shipOrder(id: string, carrier: string, trackingNo: string): Promise<Order> {
  return (await done<OrderResponse>(sdk.api.mutate({ method: 'POST', path: `${SELLER_ORDERS_PATH}/${encodeURIComponent(id)}/ship`, body: { carrier, trackingNo }, label: '发货' }))).order
}

/**
 * '6.8' / '6.80' / '6' (元, as a seller types it) → 680 fen, without floating point; undefined
 * when it is not a price with at most two decimals.
 */
export function yuanToFen(text: string): number | undefined {
  const match = /^(\d{1,6})(?:\.(\d{1,2}))?$/.exec(text.trim())
  if (!match) return undefined
  return Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'))
}

/** 680 → '6.80' for an input's starting value. */
export function fenToYuanText(fen: number): string {
  return `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`
}
