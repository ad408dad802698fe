import { PostgresAdapter, sql, type RawBuilder } from 'kysely'
import { MAX_PRODUCT_OFFSET, type Category, type Product, type ProductPage, type ProductSort, type Shop } from '@tianyuan/contracts'
import { errors } from '../../platform/errors'
import { decodeCursor, encodeCursor, type ProductPosition } from './cursor'
import { termsOfWord } from './search-terms'
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
}

/**
 * A search with words reads the postings of its rarest term (search-terms.ts) when that term has
 * at most this many: every candidate is then read, matched and ranked exactly — the cost bounded
 * by this number, whatever the catalogue's size or the product's age.
 */
export const SEARCH_CANDIDATES = 5_000

/**
 * When every term of the words is commoner than SEARCH_CANDIDATES (米, 苹果 at a big catalogue),
 * the page is read instead by walking the sort's listing index, at most this many products per
 * request: a common word fills a page within a few hundred rows; if the budget runs out first the
 * page is short and its nextCursor continues where the walk stopped. Either way no request reads
 * every row (better-sqlite3 has no statement timeout: one long statement stalls every request).
 */
export const SEARCH_WALK_ROWS = 10_000

/** At most this many terms of the words are looked up (a bounded count each) to find the rarest. */
const MAX_TERMS_LOOKED_UP = 12

/**
 * Search: every space-separated word must appear (substring, case-insensitive for Latin letters)
 * in the product's title, origin, grade or shop name; title matches first, then origin, grade and
 * shop-name matches (matchRank), each tier in the chosen order. Whether a word appears is decided by
 * LIKE '%word%' (% _ \ escaped) on a lower-cased copy (search_text), the same on SQLite and
 * PostgreSQL; the search index only chooses which rows are looked at (searchPlan).
 *
 * Paging: `nextCursor` continues after the last row shown (or, for a short page, the last row
 * read), in the same order — the guarantee of a walk page by page: every product that stays on
 * sale with its sort key unchanged for the whole walk is shown exactly once, in order; one added or
 * re-priced meanwhile is shown at most once (where its new key falls, if that is still ahead).
 * Offsets (`page`) could repeat or skip rows.
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
  const plan = words.length > 0 ? await searchPlan(db, words) : null
  let shown: SearchRow[]
  let next: ProductPosition | null = null
  if (plan?.kind === 'none') {
    shown = []
  } else if (plan?.kind === 'walk') {
    const walked = await walkListing(db, { ...options, sort, size, page }, words, position, await lowestRank(db, words))
    shown = walked.rows
    next = walked.next
  } else {
    const rows = (await searchQuery(db, { ...options, sort, page, term: plan?.term }, position).execute()) as SearchRow[]
    shown = rows.slice(0, size)
    const last = shown[shown.length - 1]
    if (rows.length > size && last) next = positionOf(last, sort, words.length > 0, page)
  }
  const nextCursor = next ? encodeCursor(next, filter) : null
  return { items: await toProducts(db, shown), page, size, hasMore: next !== null, nextCursor }
}

type SearchRow = ProductWithShop & { match_rank?: number | string }

const positionOf = (row: SearchRow, sort: ProductSort, ranked: boolean, page: number): ProductPosition => ({
  sort,
  rank: ranked ? Number(row.match_rank) : null,
  key: Number(sort === 'newest' ? row.created_at : row.price_fen),
  id: row.id,
  page: page + 1,
})

const searchWords = (q: string | undefined) =>
  (q ?? '')
    .toLowerCase()
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 5)

/** What a cursor is bound to: the same words, category, shop (and, in the cursor itself, sort). */
const filterKey = (options: SearchOptions, words: string[]) => JSON.stringify([words, options.category ?? null, options.shop ?? null])

type SearchPlan = { kind: 'none' } | { kind: 'postings'; term: string } | { kind: 'walk' }

/**
 * How to answer words: from the postings of the rarest term when it has at most SEARCH_CANDIDATES
 * products; nothing when a term has none (no product can contain the word); otherwise by walking
 * the listing. Each term's postings are counted up to the best count so far + 1 (an index-only
 * range read), so choosing costs at most MAX_TERMS_LOOKED_UP × SEARCH_CANDIDATES index entries.
 */
export async function searchPlan(db: MarketDb, words: string[]): Promise<SearchPlan> {
  const terms = [...new Set(words.flatMap(termsOfWord))]
    // Pairs before single characters: a pair is rarer than either of its characters.
    .sort((a, b) => b.length - a.length)
    .slice(0, MAX_TERMS_LOOKED_UP)
  let best: { term: string; count: number } | null = null
  for (const term of terms) {
    const limit: number = (best?.count ?? SEARCH_CANDIDATES) + 1
    const row: { n: number | string } = await db
      .selectFrom(db.selectFrom('market_search_terms').select('product_id').where('term', '=', term).limit(limit).as('t'))
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .executeTakeFirstOrThrow()
    const count: number = Number(row.n)
    if (count === 0) return { kind: 'none' }
    if (count < limit) best = { term, count }
  }
  return best ? { kind: 'postings', term: best.term } : { kind: 'walk' }
}

/**
 * The query behind searchProducts: one row more than the page, to tell whether there is a next one.
 * Without words, each sort reads its listing index in order from the cursor's position (migrations
 * 0005 and 0017), so a page costs one page of rows at any depth; `page` falls back to an OFFSET.
 * With `term`, the candidates are that term's postings (`market_search_terms`, primary key
 * (term, product_id)), joined to their products — CROSS JOIN makes SQLite start from the postings;
 * PostgreSQL gets `p.id = ANY(ARRAY(SELECT …))`, an init plan run once and then a primary-key
 * lookup per candidate (as a join, its planner chose a scan of the products at 20k rows, trusting
 * its guess that `LIKE '%…%'` keeps few) — and matched and ranked exactly.
 */
export function searchQuery(db: MarketDb, options: SearchOptions & { term?: string }, after: ProductPosition | null = null) {
  const page = options.page ?? 1
  const size = options.size ?? 20
  const sort = options.sort ?? 'newest'
  const words = searchWords(options.q)
  const term = options.term
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter
  let query = term && !postgres
    ? db
        .selectFrom('market_search_terms as t')
        .crossJoin('market_products as p')
        .innerJoin('market_shops as s', 's.id', 'p.shop_id')
        .selectAll('p')
        .select('s.name as shop_name')
        .where('t.term', '=', term)
        .whereRef('p.id', '=', 't.product_id')
    : productsWithShop(db)
  if (term && postgres) {
    query = query.where(sql<boolean>`${sql.ref('p.id')} = any(array(${db.selectFrom('market_search_terms').select('product_id').where('term', '=', term)}))`)
  }
  query = query.where('p.status', '=', 'on_sale')
  if (options.category) query = query.where('p.category_id', '=', options.category)
  if (options.shop) query = query.where('p.shop_id', '=', options.shop)
  for (const word of words) query = query.where(contains(word))
  const rank = matchRank(words)
  if (words.length > 0) query = query.select(rank.as('match_rank'))
  if (after) query = query.where(afterPosition(sort, after, words.length > 0 ? rank : null))
  // What a word matched decides the tier: a product called 鸡蛋 comes before one whose shop is.
  if (words.length > 0) query = query.orderBy(rank)
  query = orderBySort(query, sort).limit(size + 1)
  return after ? query : query.offset((page - 1) * size)
}

const contains = (word: string) => sql<boolean>`${sql.ref('p.search_text')} like ${containsPattern(word)} escape '\\'`

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any query over `market_products as p`; Kysely's builder types differ per join
function orderBySort<Q extends { orderBy: (...args: any[]) => any }>(query: Q, sort: ProductSort): Q {
  switch (sort) {
    case 'price_asc':
      return query.orderBy('p.price_fen', 'asc').orderBy('p.id', 'asc')
    case 'price_desc':
      // id descending too, so one index (status, price_fen, id) read backwards serves this sort.
      return query.orderBy('p.price_fen', 'desc').orderBy('p.id', 'desc')
    default:
      return query.orderBy('p.created_at', 'desc').orderBy('p.id', 'asc')
  }
}

/**
 * The lowest matchRank any product can have for these words: per word, the best tier its terms are
 * in anywhere (the first entry of each term's range of the index's key, term → tier), the worst of
 * those for a word of several terms; summed. The walk starts at that rank: 洛川县 特级 (特级 is only
 * ever a grade) begins at rank 2 instead of walking ranks 0 and 1 through every product for nothing.
 */
async function lowestRank(db: MarketDb, words: string[]): Promise<number> {
  let sum = 0
  for (const word of words) {
    let worst = 0
    for (const term of termsOfWord(word).slice(0, MAX_TERMS_LOOKED_UP)) {
      const row = await db.selectFrom('market_search_terms').select('tier').where('term', '=', term).orderBy('tier').limit(1).executeTakeFirst()
      worst = Math.max(worst, row ? Number(row.tier) : 3)
    }
    sum += worst
  }
  return sum
}

/**
 * The next `take` products of the listing (on sale, in the category or shop, in the sort's order)
 * after `after` — ids and keys only, read from the sort's listing index.
 */
function listingWindow(db: MarketDb, options: SearchOptions, sort: ProductSort, after: ProductPosition | null, take: number) {
  let query = db.selectFrom('market_products as p').select(['p.id', 'p.created_at', 'p.price_fen']).where('p.status', '=', 'on_sale')
  if (options.category) query = query.where('p.category_id', '=', options.category)
  if (options.shop) query = query.where('p.shop_id', '=', options.shop)
  if (after) query = query.where(afterPosition(sort, after, null))
  return orderBySort(query, sort).limit(take)
}

/**
 * Words whose every term is common: the page in (matchRank, sort key, id) order, read one rank at a
 * time by walking the sort's listing index from the cursor, SEARCH_WALK_ROWS products at most. Each
 * step first finds where the budget ends (the budget-th row after the cursor, read from the index
 * alone), then reads the matches of this rank between the two in index order — stopping as soon as
 * the page is full, so a common word costs a few hundred rows. The cursor's rank is the rank being
 * walked; a short page ends where the walk stopped.
 */
async function walkListing(
  db: MarketDb,
  options: SearchOptions & { sort: ProductSort; size: number; page: number },
  words: string[],
  position: ProductPosition | null,
  lowest: number,
): Promise<{ rows: SearchRow[]; next: ProductPosition | null }> {
  const { sort, size, page } = options
  const rank = matchRank(words)
  const lastRank = 3 * words.length
  const rows: SearchRow[] = []
  let band = Math.max(position?.rank ?? 0, lowest)
  let after = position
  let budget = SEARCH_WALK_ROWS
  // A first page asked for by number (page=, up to MAX_PRODUCT_OFFSET rows): skip that many matches.
  let skip = position ? 0 : (page - 1) * size
  while (band <= lastRank && budget > 0) {
    const from = after && after.rank === band ? after : null
    const endRow = await listingWindow(db, options, sort, from, budget).offset(budget - 1).limit(1).executeTakeFirst()
    const end: ProductPosition | null = endRow ? { sort, rank: band, key: Number(sort === 'newest' ? endRow.created_at : endRow.price_fen), id: endRow.id, page: page + 1 } : null
    let query = productsWithShop(db).select(rank.as('match_rank')).where('p.status', '=', 'on_sale')
    if (options.category) query = query.where('p.category_id', '=', options.category)
    if (options.shop) query = query.where('p.shop_id', '=', options.shop)
    if (from) query = query.where(afterPosition(sort, from, null))
    if (end) query = query.where(upTo(sort, end))
    for (const word of words) query = query.where(contains(word))
    query = query.where(sql<boolean>`${rank} = ${band}`)
    const need = size + 1 - rows.length + skip
    const found = (await orderBySort(query, sort).limit(need).execute()) as SearchRow[]
    rows.push(...found.slice(skip))
    skip = Math.max(0, skip - found.length)
    if (rows.length > size) {
      const shown = rows.slice(0, size)
      return { rows: shown, next: positionOf(shown[size - 1] as SearchRow, sort, true, page) }
    }
    if (end) {
      // The budget is spent: a short page, continued from the last product the walk covered.
      return { rows, next: end }
    }
    // This rank is done (fewer than `budget` products were left): the next one from the top.
    const left = await db
      .selectFrom(listingWindow(db, options, sort, from, budget).as('w'))
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .executeTakeFirstOrThrow()
    budget -= Math.max(1, Number(left.n))
    band += 1
    after = null
  }
  if (band > lastRank) return { rows, next: null }
  // The budget ended exactly at the end of a rank: continue with the next rank.
  return { rows, next: { sort, rank: band, key: sort === 'price_asc' ? -1 : Number.MAX_SAFE_INTEGER, id: '-', page: page + 1 } }
}

/** Rows at or before `at` in the sort's order (the end of a walk's step); the key's bound comes first so the index scan stops there. */
function upTo(sort: ProductSort, at: ProductPosition) {
  const column = sort === 'newest' ? sql.ref('p.created_at') : sql.ref('p.price_fen')
  const id = sql.ref('p.id')
  if (sort === 'price_asc') return sql<boolean>`(${column} <= ${at.key} and (${column} < ${at.key} or ${id} <= ${at.id}))`
  if (sort === 'price_desc') return sql<boolean>`(${column} >= ${at.key} and (${column} > ${at.key} or ${id} >= ${at.id}))`
  return sql<boolean>`(${column} >= ${at.key} and (${column} > ${at.key} or ${id} <= ${at.id}))`
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
