import type { ReminderScheduler } from '../reminders/schedule'
import { toShanghaiIso, type MarketPhoto, type Product, type Shop, type PickupPoint, type Address } from '@tianyuan/contracts'
import { parseIds } from '../../platform/db/rows'
import { AppError, errors } from '../../platform/errors'
import { loadPhotos } from '../../platform/media/photos'
import type { AddressRow, MarketDb, PickupPointRow, ProductRow, ShopRow } from './schema'

export interface MarketDeps {
  db: MarketDb
  now: () => number
  /** How long an unpaid order holds its stock before it is cancelled and the stock released. */
  holdMs: number
  /** How long a started payment may take (the payments module's timeout): a hold never ends before it. */
  paymentTimeoutMs: number
  /** Per-buyer limits on unpaid orders (config `marketLimits`); DEFAULT_MARKET_LIMITS when not given. */
  limits?: MarketLimits
  /** Where the 发货通知 reminders are scheduled (modules/reminders); absent: none are. */
  scheduler?: ReminderScheduler | null
}

export const DEFAULT_HOLD_MS = 30 * 60_000

/**
 * What one buyer's unpaid orders may hold: `unpaidOrders` orders at once, and of one product at
 * most `holdPercent` % of its stock, or `holdAlwaysUnits` units when that is more (a small stock
 * can still be bought whole). Paying frees the quota. The config's MARKET_UNPAID_* settings.
 */
export interface MarketLimits {
  unpaidOrders: number
  holdPercent: number
  holdAlwaysUnits: number
}
export const DEFAULT_MARKET_LIMITS: MarketLimits = { unpaidOrders: 5, holdPercent: 50, holdAlwaysUnits: 10 }

// ---------------------------------------------------------------- errors a villager can act on

export const marketErrors = {
  productNotFound: () => errors.notFound('没有找到这个商品，可能已下架'),
  orderNotFound: () => errors.notFound('没有找到这个订单'),
  shopNotFound: () => errors.notFound('没有找到这家店铺'),
  addressNotFound: () => errors.notFound('没有找到这个收货地址，请重新选择'),
  /** The caller has no shop yet: 404 with its own code, so an app can offer 开店 (not the 409 of a second shop). */
  noShop: () => new AppError(404, 'NO_SHOP', '你还没有开店，请先在“我的店铺”里开店'),
  shopExists: () => new AppError(409, 'CONFLICT', '您已经开过店了，每人只能开一家店'),
  outOfStock: (title: string, left: number, unit: string) =>
    new AppError(409, 'OUT_OF_STOCK', left > 0 ? `「${title}」库存不足，只剩 ${left} ${unit}` : `「${title}」已经卖完了`, { left }),
  unavailable: (title: string) => new AppError(409, 'PRODUCT_UNAVAILABLE', `「${title}」已下架，请从订单里去掉后再提交`),
  state: (message: string) => new AppError(409, 'ORDER_STATE_CONFLICT', message),
  /** A per-buyer limit: the message says what to do (pay or cancel an unpaid order, buy fewer). */
  quota: (message: string) => new AppError(409, 'QUOTA_EXCEEDED', message),
  field: (field: string, message: string) => errors.validation([{ field, message }]),
}

// ---------------------------------------------------------------- photos

export type PhotoMap = Map<string, MarketPhoto>

// Shared with every domain module; re-exported so the market's files import from one place.
export { affected, containsPattern, isUniqueViolation, parseIds } from '../../platform/db/rows'
export { loadPhotos, requireOwnPhotos } from '../../platform/media/photos'

// ---------------------------------------------------------------- shapes

export type ProductWithShop = ProductRow & { shop_name: string }

export function toProduct(row: ProductWithShop, photos: PhotoMap): Product {
  return {
    id: row.id,
    shopId: row.shop_id,
    shopName: row.shop_name,
    categoryId: row.category_id,
    title: row.title,
    grade: row.grade,
    origin: row.origin,
    harvestDate: row.harvest_date,
    unit: row.unit,
    priceFen: row.price_fen,
    stock: row.stock,
    description: row.description,
    photos: parseIds(row.photo_ids).flatMap((id) => photos.get(id) ?? []),
    status: row.status,
    createdAt: toShanghaiIso(row.created_at),
    updatedAt: toShanghaiIso(row.updated_at),
  }
}

export async function toProducts(db: MarketDb, rows: ProductWithShop[]): Promise<Product[]> {
  const photos = await loadPhotos(
    db,
    rows.flatMap((r) => parseIds(r.photo_ids)),
  )
  return rows.map((r) => toProduct(r, photos))
}

export function toPickupPoint(row: PickupPointRow): PickupPoint {
  return { id: row.id, shopId: row.shop_id, name: row.name, address: row.address }
}

export function toShop(row: ShopRow, points: PickupPointRow[], photos: PhotoMap): Shop {
  return {
    id: row.id,
    name: row.name,
    village: row.village,
    intro: row.intro,
    photo: row.photo_media_id ? (photos.get(row.photo_media_id) ?? null) : null,
    pickupPoints: points.map(toPickupPoint),
    createdAt: toShanghaiIso(row.created_at),
  }
}

export function toAddress(row: AddressRow): Address {
  return { id: row.id, name: row.name, phone: row.phone, region: row.region, detail: row.detail, isDefault: row.is_default === 1 }
}

/** What search matches against: lower-cased, so LIKE behaves the same on SQLite and PostgreSQL. */
export function searchTextOf(p: { title: string; origin: string; grade: string }, shopName: string): string {
  return `${p.title} ${p.origin} ${p.grade} ${shopName}`.toLowerCase()
}
