// The catalogue's paths below /api (types only from the contracts: no zod in the bundle).
import type { ProductSort } from '@tianyuan/contracts/types'

export const CATEGORIES_PATH = '/market/categories'
export const PRODUCTS_PATH = '/market/products'
export const productPath = (id: string) => `/market/products/${encodeURIComponent(id)}`
export const shopPath = (id: string) => `/market/shops/${encodeURIComponent(id)}`

export interface ProductFilter {
  q?: string
  category?: string
  shop?: string
  sort?: ProductSort
  /** The `nextCursor` of the page before (the first page has none). */
  cursor?: string
  size?: number
}

/** Where a product list page is opened with this filter. */
export function productListUrl(filter: Pick<ProductFilter, 'q' | 'category'> & { title?: string }): string {
  const pairs = Object.entries(filter)
    .filter(([, v]) => v !== undefined && v !== '')
    .map(([k, v]) => `${k}=${encodeURIComponent(String(v))}`)
  return `/pkg/pages/products/index${pairs.length ? `?${pairs.join('&')}` : ''}`
}

export const productUrl = (id: string) => `/pkg/pages/product/index?id=${encodeURIComponent(id)}`
