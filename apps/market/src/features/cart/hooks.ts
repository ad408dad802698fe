import type { CartChange } from '@tianyuan/contracts/types'
import { useAuth, useNetwork } from '@tianyuan/sdk/react'
import { useEffect, useState, useSyncExternalStore } from 'react'
import { sdk } from '../../sdk'
import { cartSnapshot, loadCart, mergeCartWithServer, subscribeCart, type CartState } from './cart-store'

export interface CartView extends CartState {
  /** False until storage has answered (show a skeleton, not an empty cart). */
  ready: boolean
  count: number
}

/** The phone's cart, shared by every page, read from storage once. */
export function useCart(): CartView {
  const cart = useSyncExternalStore(subscribeCart, cartSnapshot)
  const [ready, setReady] = useState(false)
  useEffect(() => {
    let live = true
    void loadCart().then(() => live && setReady(true))
    return () => {
      live = false
    }
  }, [])
  return { ...cart, ready, count: cart.items.length }
}

/**
 * Merges with the server's cart when signed in and online — on opening the page and again
 * whenever the network comes back. `changes` are the server's zh-CN notes (sold out, clamped).
 */
export function useCartMerge(): { changes: CartChange[] } {
  const { status } = useAuth()
  const { link } = useNetwork(sdk.api.network)
  const [changes, setChanges] = useState<CartChange[]>([])
  const online = link !== 'offline'
  useEffect(() => {
    if (status !== 'signed_in' || !online) return
    let live = true
    mergeCartWithServer().then(
      (found) => live && setChanges(found),
      // A failed merge keeps the phone's cart as it is; the next one sends it again.
      () => undefined,
    )
    return () => {
      live = false
    }
  }, [status, online])
  return { changes }
}
