import type { Kysely, Selectable } from 'kysely'
import type { OrderStatus } from '@tianyuan/contracts'
import type { Database } from '../../platform/db'

// The market's tables (migration 0003_market), kept beside the module: `marketDb(db)` widens the
// shared Kysely instance with them (Kysely's withTables), so platform/db/schema.ts stays untouched.

export interface MarketCategoriesTable {
  id: string
  name: string
  sort: number
}

export interface MarketShopsTable {
  id: string
  owner_id: string
  name: string
  village: string
  intro: string
  photo_media_id: string | null
  created_at: number
  updated_at: number
}

export interface MarketPickupPointsTable {
  id: string
  shop_id: string
  name: string
  address: string
  created_at: number
}

export interface MarketProductsTable {
  id: string
  shop_id: string
  seller_id: string
  category_id: string
  title: string
  grade: string
  origin: string
  /** YYYY-MM-DD, a Shanghai calendar day. */
  harvest_date: string
  unit: '斤' | 'kg' | '箱'
  price_fen: number
  stock: number
  description: string
  /** JSON array of media ids, first = cover. */
  photo_ids: string
  status: 'on_sale' | 'unlisted'
  search_text: string
  created_at: number
  updated_at: number
}

export interface MarketCartItemsTable {
  user_id: string
  product_id: string
  quantity: number
  updated_at: number
}

export interface MarketAddressesTable {
  id: string
  user_id: string
  name: string
  phone: string
  region: string
  detail: string
  is_default: number
  created_at: number
  updated_at: number
  deleted_at: number | null
}

/** The order statuses of @tianyuan/contracts (named once, with their words, in market-rules). */
export type OrderStatusColumn = OrderStatus

export interface MarketOrdersTable {
  id: string
  buyer_id: string
  shop_id: string
  seller_id: string
  status: OrderStatusColumn
  total_fen: number
  delivery_kind: 'pickup' | 'courier'
  delivery: string
  note: string
  created_at: number
  hold_expires_at: number
  paid_at: number | null
  carrier: string | null
  tracking_no: string | null
  shipped_at: number | null
  previous_carrier: string | null
  previous_tracking_no: string | null
  previous_shipped_at: number | null
  received_at: number | null
  cancelled_at: number | null
  cancel_reason: 'buyer' | 'timeout' | null
  updated_at: number
}

export interface MarketOrderItemsTable {
  order_id: string
  product_id: string
  title: string
  unit: '斤' | 'kg' | '箱'
  price_fen: number
  quantity: number
  photo_media_id: string | null
}

export interface MarketOrderEventsTable {
  id: string
  order_id: string
  status: string
  at: number
  note: string | null
}

export type AfterSaleStatusColumn = 'requested' | 'approved' | 'rejected' | 'refunded'

export interface MarketAfterSalesTable {
  id: string
  order_id: string
  buyer_id: string
  status: AfterSaleStatusColumn
  reason: string
  photo_ids: string
  refund_fen: number
  seller_note: string | null
  created_at: number
  decided_at: number | null
  refunded_at: number | null
  updated_at: number
}

/** The search index (migration 0018, search-terms.ts): one row per term of a product's search_text. */
export interface MarketSearchTermsTable {
  term: string
  /** The first field the term is in: 0 title, 1 origin, 2 grade, 3 shop name. */
  tier: number
  product_id: string
}

export type MarketTables = {
  market_categories: MarketCategoriesTable
  market_shops: MarketShopsTable
  market_pickup_points: MarketPickupPointsTable
  market_products: MarketProductsTable
  market_search_terms: MarketSearchTermsTable
  market_cart_items: MarketCartItemsTable
  market_addresses: MarketAddressesTable
  market_orders: MarketOrdersTable
  market_order_items: MarketOrderItemsTable
  market_order_events: MarketOrderEventsTable
  market_after_sales: MarketAfterSalesTable
}

export type MarketDatabase = Database & MarketTables
export type MarketDb = Kysely<MarketDatabase>

export function marketDb(db: Kysely<Database>): MarketDb {
  return db.withTables<MarketTables>()
}

export type ProductRow = Selectable<MarketProductsTable>
export type ShopRow = Selectable<MarketShopsTable>
export type OrderRow = Selectable<MarketOrdersTable>
export type OrderItemRow = Selectable<MarketOrderItemsTable>
export type AddressRow = Selectable<MarketAddressesTable>
export type PickupPointRow = Selectable<MarketPickupPointsTable>
export type AfterSaleRow = Selectable<MarketAfterSalesTable>
