// The phone's cart: kept in the SDK's storage (ty:market:cart), so it is there offline and
// after a restart, and merged with the server's copy (PUT /market/cart) when online and
// signed in. One module-level store so every page shows the same cart.
import type { CartChange, CartResponse, MarketPhoto, Product } from '@tianyuan/contracts/types'
import { marketStore, sdk } from '../../sdk'

/** A line with what the cart page needs to show it offline (a snapshot of the product). */
export interface CartItem {
  productId: string
  quantity: number
  title: string
  unit: string
  priceFen: number
  stock: number
  shopId: string
  shopName: string
  photo: MarketPhoto | null
}

export interface CartState {
  items: CartItem[]
  /** Removed since the last merge: sent as `removed`, so the server's copy does not bring them back. */
  removed: string[]
}

const EMPTY: CartState = { items: [], removed: [] }
const entry = marketStore.entry<CartState>('cart')
const listeners = new Set<() => void>()
let state: CartState = EMPTY
let loaded: Promise<CartState> | undefined
/** Bumped on every local change: a merge answer for an older cart must not overwrite a newer one. */
let version = 0

export function loadCart(): Promise<CartState> {
  loaded ??= entry.get().then(
    (stored) => {
      if (stored && version === 0) setState(stored, false)
      return state
    },
    () => state,
  )
  return loaded
}

export function cartSnapshot(): CartState {
  return state
}

export function subscribeCart(listener: () => void): () => void {
  listeners.add(listener)
  return () => listeners.delete(listener)
}

function setState(next: CartState, persist = true): void {
  state = next
  if (persist) {
    version += 1
    // Storage refusing (full) keeps the cart for this session; nothing else to do about it.
    entry.set(next).catch(() => undefined)
  }
  listeners.forEach((l) => l())
}

function itemOf(product: Product, quantity: number): CartItem {
  return {
    productId: product.id,
    quantity,
    title: product.title,
    unit: product.unit,
    priceFen: product.priceFen,
    stock: product.stock,
    shopId: product.shopId,
    shopName: product.shopName,
    photo: product.photos[0] ?? null,
  }
}

/** Adds to the line (within the stock) and resolves with the line's new quantity. */
export async function addToCart(product: Product, quantity: number): Promise<number> {
  await loadCart()
  const existing = state.items.find((i) => i.productId === product.id)
  const total = Math.min((existing?.quantity ?? 0) + quantity, Math.max(product.stock, 1))
  const items = existing ? state.items.map((i) => (i.productId === product.id ? itemOf(product, total) : i)) : [...state.items, itemOf(product, total)]
  setState({ items, removed: state.removed.filter((id) => id !== product.id) })
  return total
}

export async function setCartQuantity(productId: string, quantity: number): Promise<void> {
  await loadCart()
  if (quantity < 1) return removeFromCart([productId])
  setState({ ...state, items: state.items.map((i) => (i.productId === productId ? { ...i, quantity } : i)) })
}

export async function removeFromCart(productIds: string[]): Promise<void> {
  await loadCart()
  setState({
    items: state.items.filter((i) => !productIds.includes(i.productId)),
    removed: [...new Set([...state.removed, ...productIds])],
  })
}

/**
 * Merges the phone's cart into the server's (the phone's lines win; lines added on another
 * phone stay; `removed` are deleted; sold-out and unlisted lines dropped) and keeps the
 * settled cart. Returns what the server changed, in zh-CN. Only when signed in and online.
 */
export async function mergeCartWithServer(): Promise<CartChange[]> {
  await loadCart()
  const sent = version
  const result = await sdk.api.mutate<CartResponse>({
    method: 'PUT',
    path: '/market/cart',
    body: { items: state.items.map((i) => ({ productId: i.productId, quantity: i.quantity })), removed: state.removed },
  })
  // Changed on the phone meanwhile: keep the newer local cart; the next merge sends it.
  if (version !== sent) return result.data.changes
  setState({ items: result.data.items.map((line) => itemOf(line.product, line.quantity)), removed: [] })
  return result.data.changes
}

export function cartTotalFen(items: CartItem[]): number {
  return items.reduce((sum, i) => sum + i.priceFen * i.quantity, 0)
}

/** Lines grouped by shop: one order per shop (the API's rule). */
export function groupByShop(items: CartItem[]): { shopId: string; shopName: string; items: CartItem[] }[] {
  const groups = new Map<string, { shopId: string; shopName: string; items: CartItem[] }>()
  for (const item of items) {
    const group = groups.get(item.shopId) ?? { shopId: item.shopId, shopName: item.shopName, items: [] }
    group.items.push(item)
    groups.set(item.shopId, group)
  }
  return [...groups.values()]
}
