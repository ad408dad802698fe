import type { OrdersResponse, SalesSummaryResponse, SellerProductsResponse, ShopResponse } from '@tianyuan/contracts/types'
import { useQuery } from '@tianyuan/sdk/react'
import { SELLER_ORDERS_PATH, SELLER_PRODUCTS_PATH, SELLER_SHOP_PATH, SELLER_SUMMARY_PATH } from './api'

export function useMyShop(enabled = true) {
  return useQuery<ShopResponse>(SELLER_SHOP_PATH, { enabled })
}

export function useSalesSummary(enabled: boolean) {
  return useQuery<SalesSummaryResponse>(SELLER_SUMMARY_PATH, { enabled })
}

export function useMyProducts() {
  return useQuery<SellerProductsResponse>(SELLER_PRODUCTS_PATH)
}

/** Paid orders waiting to be shipped, oldest first (the API's order). */
export function useOrdersToShip() {
  return useQuery<OrdersResponse>(SELLER_ORDERS_PATH, { params: { status: 'to_ship', size: 50 } })
}
