import type { CategoriesResponse, ProductPage, ProductResponse, ShopResponse } from '@tianyuan/contracts/types'
import { useQuery } from '@tianyuan/sdk/react'
import { CATEGORIES_PATH, PRODUCTS_PATH, productPath, shopPath, type ProductFilter } from './api'

/** The categories change only with a migration: a copy under an hour old is shown without asking. */
export function useCategories() {
  return useQuery<CategoriesResponse>(CATEGORIES_PATH, { staleMs: 60 * 60_000 })
}

/** One page of products on sale (the stored copy at once, then the server's). */
export function useProducts(filter: ProductFilter) {
  return useQuery<ProductPage>(PRODUCTS_PATH, { params: { ...filter } })
}

export function useProduct(id: string | undefined) {
  return useQuery<ProductResponse>(productPath(id ?? ''), { enabled: Boolean(id) })
}

export function useShop(id: string | undefined) {
  return useQuery<ShopResponse>(shopPath(id ?? ''), { enabled: Boolean(id), staleMs: 5 * 60_000 })
}
