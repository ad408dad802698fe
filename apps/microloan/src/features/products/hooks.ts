import type { LoanProduct, LoanProductsResponse } from '@tianyuan/contracts/types'
import { useQuery } from '@tianyuan/sdk/react'
import { PRODUCTS_FRESH_MS, PRODUCTS_PATH } from './api'

/** The published products: the stored copy at once (offline too), asked again only after PRODUCTS_FRESH_MS. */
export function useProducts() {
  return useQuery<LoanProductsResponse>(PRODUCTS_PATH, { staleMs: PRODUCTS_FRESH_MS })
}

/** One product from the same stored list (no request of its own): the calculator and the application. */
export function useProduct(id: string | undefined): { product: LoanProduct | undefined; query: ReturnType<typeof useProducts> } {
  const query = useProducts()
  return { product: query.data?.items.find((p) => p.id === id), query }
}
