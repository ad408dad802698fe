import type { OrderResponse, OrdersResponse } from '@tianyuan/contracts/types'
import { useQuery } from '@tianyuan/sdk/react'
import { ORDERS_PATH, orderPath } from './api'

export function useOrders(enabled = true) {
  return useQuery<OrdersResponse>(ORDERS_PATH, { enabled, params: { size: 20 } })
}

export function useOrder(id: string | undefined, enabled = true) {
  return useQuery<OrderResponse>(orderPath(id ?? ''), { enabled: enabled && Boolean(id) })
}
