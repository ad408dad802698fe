import { sql } from 'kysely'
import type { Category, Product, ProductPage, ProductSort, Shop } from '@tianyuan/contracts'
import type { MarketDb } from './schema'
import { containsPattern, loadPhotos, marketErrors, toProducts, toShop, type ProductWithShop } from './shared'

// Public catalogue: categories, search, a product, a shop. Only products on sale are listed.

export async function listCategories(db: MarketDb): Promise<Category[]> {
  const rows = await db.selectFrom('market_categories').selectAll().orderBy('sort').orderBy('id').execute()
  return rows.map((r) => ({ id: r.id, name: r.name, sort: r.sort }))
}

export function productsWithShop(db: MarketDb) {
  return db
    .selectFrom('market_products as p')
    .innerJoin('market_shops as s', 's.id', 'p.shop_id')
    .selectAll('p')
    .select('s.name as shop_name')
}

export interface SearchOptions {
  q?: string
  category?: string
  shop?: string
  sort?: ProductSort
  page?: number
  size?: number
}

/**
 * Search: every space-separated word must appear (substring, case-insensitive for Latin letters)
 * in the product's title, origin, grade or shop name; title matches first, then origin, grade and
 * shop-name matches (matchRank), each tier in the chosen order. LIKE '%word%' with % _ \ escaped, on a
 * lower-cased copy (search_text), behaves the same on SQLite and PostgreSQL.
 */
export async function searchProducts(db: MarketDb, options: SearchOptions): Promise<ProductPage> {
  const page = options.page ?? 1
  const size = options.size ?? 20
  const rows = (await searchQuery(db, options).execute()) as ProductWithShop[]
  const hasMore = rows.length > size
  return { items: await toProducts(db, rows.slice(0, size)), page, size, hasMore }
}

/**
 * The query behind searchProducts: one row more than the page, to tell whether there is a next one.
 * Newest first reads the listing indexes in order (migration 0005), so a page costs one page of rows.
 */
export function searchQuery(db: MarketDb, options: SearchOptions) {
  const page = options.page ?? 1
  const size = options.size ?? 20
  let query = productsWithShop(db).where('p.status', '=', 'on_sale')
  if (options.category) query = query.where('p.category_id', '=', options.category)
  if (options.shop) query = query.where('p.shop_id', '=', options.shop)
  const words = (options.q ?? '').split(/\s+/).filter(Boolean).slice(0, 5)
  for (const word of words) {
    query = query.where(sql<boolean>`${sql.ref('p.search_text')} like ${containsPattern(word)} escape '\\'`)
  }
  // What a word matched decides the tier: a product called 鸡蛋 comes before one whose shop is.
  if (words.length > 0) query = query.orderBy(matchRank(words))
  switch (options.sort ?? 'newest') {
    case 'price_asc':
      query = query.orderBy('p.price_fen', 'asc').orderBy('p.id')
      break
    case 'price_desc':
      query = query.orderBy('p.price_fen', 'desc').orderBy('p.id')
      break
    default:
      query = query.orderBy('p.created_at', 'desc').orderBy('p.id')
  }
  return query.limit(size + 1).offset((page - 1) * size)
}

/**
 * How well a product matches the search words, smaller is better: per word 0 when it is in the
 * title, 1 in the origin, 2 in the grade, 3 only in the shop's name; summed over the words.
 */
function matchRank(words: string[]) {
  const field = (column: string, word: string) => sql<boolean>`lower(${sql.ref(column)}) like ${containsPattern(word)} escape '\\'`
  const perWord = words.map(
    (word) => sql<number>`(case when ${field('p.title', word)} then 0 when ${field('p.origin', word)} then 1 when ${field('p.grade', word)} then 2 else 3 end)`,
  )
  return sql<number>`(${sql.join(perWord, sql` + `)})`
}

/** A product page: on sale for everyone; an unlisted one only for its seller. */
export async function getProduct(db: MarketDb, id: string, viewerId: string | null): Promise<Product> {
  const row = (await productsWithShop(db).where('p.id', '=', id).executeTakeFirst()) as ProductWithShop | undefined
  if (!row || (row.status !== 'on_sale' && row.seller_id !== viewerId)) throw marketErrors.productNotFound()
  const [product] = await toProducts(db, [row])
  return product as Product
}

export async function getShop(db: MarketDb, id: string): Promise<Shop> {
  const row = await db.selectFrom('market_shops').selectAll().where('id', '=', id).executeTakeFirst()
  if (!row) throw marketErrors.shopNotFound()
  return shopWithPoints(db, row)
}

export async function shopWithPoints(db: MarketDb, row: Parameters<typeof toShop>[0]): Promise<Shop> {
  const points = await db.selectFrom('market_pickup_points').selectAll().where('shop_id', '=', row.id).orderBy('created_at').orderBy('id').execute()
  const photos = await loadPhotos(db, row.photo_media_id ? [row.photo_media_id] : [])
  return toShop(row, points, photos)
}
