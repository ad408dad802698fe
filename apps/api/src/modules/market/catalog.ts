import { sql, type RawBuilder } from 'kysely'
import { MAX_PRODUCT_OFFSET, type Category, type Product, type ProductPage, type ProductSort, type Shop } from '@tianyuan/contracts'
import { errors } from '../../platform/errors'
import { decodeCursor, encodeCursor, type ProductPosition } from './cursor'
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
  /** The `nextCursor` of the page before (keyset pagination: one page of rows at any depth). */
  cursor?: string
  /** The old way to page (an OFFSET, costing every row it skips): only up to MAX_PRODUCT_OFFSET. */
  page?: number
  size?: number
  /** With words: only products created at or after this (see searchScanFrom). */
  scanFrom?: number
}

/**
 * The ceiling on a search's scan: the created_at of the SEARCH_SCAN_ROWS-th newest product on sale
 * (in the category or shop), found by walking the listing index without reading table rows;
 * undefined when there are fewer.
 */
export async function searchScanFrom(db: MarketDb, options: Pick<SearchOptions, 'category' | 'shop'>): Promise<number | undefined> {
  let q = db.selectFrom('market_products').select('created_at').where('status', '=', 'on_sale')
  if (options.category) q = q.where('category_id', '=', options.category)
  if (options.shop) q = q.where('shop_id', '=', options.shop)
  const row = await q.orderBy('created_at', 'desc').orderBy('id').limit(1).offset(SEARCH_SCAN_ROWS - 1).executeTakeFirst()
  return row ? Number(row.created_at) : undefined
}

/**
 * Search with words reads at most this many products on sale (the newest first) to find its
 * matches: `LIKE '%…%'` cannot use an index, and on SQLite one statement holds the only thread, so
 * an unbounded scan would stall every other request (no statement timeout exists in
 * better-sqlite3 12). Lists without words never scan: they read one page from an index.
 */
export const SEARCH_SCAN_ROWS = 20_000

/**
 * Search: every space-separated word must appear (substring, case-insensitive for Latin letters)
 * in the product's title, origin, grade or shop name; title matches first, then origin, grade and
 * shop-name matches (matchRank), each tier in the chosen order. LIKE '%word%' with % _ \ escaped, on a
 * lower-cased copy (search_text), behaves the same on SQLite and PostgreSQL.
 *
 * Paging: `nextCursor` continues after the last row shown, in the same order — the guarantee of a
 * walk page by page: every product that stays on sale with its sort key unchanged for the whole
 * walk is shown exactly once, in order; one added or re-priced meanwhile is shown at most once
 * (where its new key falls, if that is still ahead). Offsets (`page`) could repeat or skip rows.
 */
export async function searchProducts(db: MarketDb, options: SearchOptions): Promise<ProductPage> {
  const size = options.size ?? 20
  const sort = options.sort ?? 'newest'
  const words = searchWords(options.q)
  const filter = filterKey(options, words)
  if (options.cursor !== undefined && options.page !== undefined) throw errors.badRequest('「page」和「cursor」只能用一个：请用上一页给的 nextCursor 往后翻')
  const position = options.cursor === undefined ? null : decodeCursor(options.cursor, filter, sort)
  const page = position?.page ?? options.page ?? 1
  if (!position && (page - 1) * size > MAX_PRODUCT_OFFSET) {
    throw errors.badRequest(`「page」太靠后了：按页码最多往后翻 ${MAX_PRODUCT_OFFSET} 件商品，请用“加载更多”（nextCursor）继续往后看`)
  }
  const scanFrom = words.length > 0 ? await searchScanFrom(db, options) : undefined
  const rows = (await searchQuery(db, { ...options, sort, page, scanFrom }, position).execute()) as (ProductWithShop & { match_rank?: number | string })[]
  const hasMore = rows.length > size
  const shown = rows.slice(0, size)
  const last = shown[shown.length - 1]
  const nextCursor =
    hasMore && last
      ? encodeCursor(
          {
            sort,
            rank: words.length > 0 ? Number(last.match_rank) : null,
            key: Number(sort === 'newest' ? last.created_at : last.price_fen),
            id: last.id,
            page: page + 1,
          },
          filter,
        )
      : null
  return { items: await toProducts(db, shown), page, size, hasMore, nextCursor }
}

const searchWords = (q: string | undefined) => (q ?? '').split(/\s+/).filter(Boolean).slice(0, 5)

/** What a cursor is bound to: the same words, category, shop (and, in the cursor itself, sort). */
const filterKey = (options: SearchOptions, words: string[]) => JSON.stringify([words, options.category ?? null, options.shop ?? null])

/**
 * The query behind searchProducts: one row more than the page, to tell whether there is a next one.
 * Without words, each sort reads its listing index in order from the cursor's position (migrations
 * 0005 and 0017), so a page costs one page of rows at any depth; `page` falls back to an OFFSET.
 */
export function searchQuery(db: MarketDb, options: SearchOptions, after: ProductPosition | null = null) {
  const page = options.page ?? 1
  const size = options.size ?? 20
  const sort = options.sort ?? 'newest'
  const words = searchWords(options.q)
  let query = productsWithShop(db).where('p.status', '=', 'on_sale')
  if (options.category) query = query.where('p.category_id', '=', options.category)
  if (options.shop) query = query.where('p.shop_id', '=', options.shop)
  // A ceiling on the scan: only products created at or after scanFrom are candidates (a literal,
  // so PostgreSQL's planner sees a narrow range of the listing index rather than the whole table).
  if (words.length > 0 && options.scanFrom !== undefined) query = query.where('p.created_at', '>=', options.scanFrom)
  for (const word of words) {
    query = query.where(sql<boolean>`${sql.ref('p.search_text')} like ${containsPattern(word)} escape '\\'`)
  }
  const rank = matchRank(words)
  if (words.length > 0) query = query.select(rank.as('match_rank'))
  if (after) query = query.where(afterPosition(sort, after, words.length > 0 ? rank : null))
  // What a word matched decides the tier: a product called 鸡蛋 comes before one whose shop is.
  if (words.length > 0) query = query.orderBy(rank)
  switch (sort) {
    case 'price_asc':
      query = query.orderBy('p.price_fen', 'asc').orderBy('p.id', 'asc')
      break
    case 'price_desc':
      // id descending too, so one index (status, price_fen, id) read backwards serves this sort.
      query = query.orderBy('p.price_fen', 'desc').orderBy('p.id', 'desc')
      break
    default:
      query = query.orderBy('p.created_at', 'desc').orderBy('p.id', 'asc')
  }
  query = query.limit(size + 1)
  return after ? query : query.offset((page - 1) * size)
}

/**
 * Rows after `at` in the sort's order. Written as `key <= k and (key < k or id > i)` rather than a
 * row comparison: the sorts mix directions (newest: created_at desc, id asc), and the first,
 * redundant bound lets both databases start the index scan at the position instead of filtering.
 */
function afterPosition(sort: ProductSort, at: ProductPosition, rank: RawBuilder<number> | null) {
  const column = sort === 'newest' ? sql.ref('p.created_at') : sql.ref('p.price_fen')
  const id = sql.ref('p.id')
  const keyed =
    sort === 'price_asc'
      ? sql<boolean>`(${column} >= ${at.key} and (${column} > ${at.key} or ${id} > ${at.id}))`
      : sort === 'price_desc'
        ? sql<boolean>`(${column} <= ${at.key} and (${column} < ${at.key} or ${id} < ${at.id}))`
        : sql<boolean>`(${column} <= ${at.key} and (${column} < ${at.key} or ${id} > ${at.id}))`
  if (!rank) return keyed
  return sql<boolean>`(${rank} > ${at.rank ?? 0} or (${rank} = ${at.rank ?? 0} and ${keyed}))`
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
