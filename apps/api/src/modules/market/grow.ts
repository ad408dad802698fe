import { PostgresAdapter, sql, type Kysely } from 'kysely'
import type { Database } from '../../platform/db'
import { newId, newSortableId } from '../../platform/ids'
import { marketDb, type MarketDb, type MarketProductsTable } from './schema'
import { termsOf } from './search-terms'
import { searchTextOf } from './shared'

// A big catalogue, made fast: sellers with a shop and a pickup point each, products on sale (50
// per shop) and delivered orders (one per two products), written with multi-row INSERTs in one
// transaction per batch, with their search index rows (search-terms.ts) — for the scale bench
// (tools/bench `scale`) and the tests that need a deep list. Deterministic for a seed: the same
// titles, prices and times every run. No photos (a product without photos is valid; photos would
// measure the media store, not the catalogue).

export interface GrowOptions {
  products: number
  /** Products per shop (and per seller). */
  perShop?: number
  /** created_at of the newest product; the others go back one second each. */
  now?: number
  seed?: number
  /** Called after each batch with the products written so far. */
  onProgress?: (written: number) => void
}

const CATEGORIES = ['fruit', 'vegetables', 'grain', 'eggs_meat', 'nuts', 'fungi', 'specialty'] as const
const GOODS = ['红富士苹果', '小米', '土鸡蛋', '核桃', '香菇', '猕猴桃', '大枣', '花椒', '土豆', '木耳', '蜂蜜', '绿茶']
const PLACES = ['陕西省洛川县', '山西省沁州', '湖北省恩施州', '云南省文山州', '甘肃省天水市', '河南省灵宝市']
const GRADES = ['特级', '一级', '二级']
const RARE = '菱角'
/** Rows per INSERT: within SQLite's 32,766 and PostgreSQL's 65,535 bound parameters. */
const BATCH = 500

function mulberry32(seed: number) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** Adds `products` products on sale (and their shops, sellers and orders); returns their ids, newest first. */
export async function growCatalogue(kysely: Kysely<Database>, options: GrowOptions): Promise<string[]> {
  const postgres = kysely.getExecutor().adapter instanceof PostgresAdapter
  // SQLite: a bigger page cache while growing (the connection's default is 2 MB), put back after.
  const cacheSize = postgres ? undefined : (await sql<{ cache_size: number }>`pragma cache_size`.execute(kysely)).rows[0]?.cache_size
  if (cacheSize !== undefined) await sql.raw('pragma cache_size = -262144').execute(kysely)
  try {
    return await growBatches(kysely, options, postgres)
  } finally {
    if (cacheSize !== undefined) await sql.raw(`pragma cache_size = ${Number(cacheSize)}`).execute(kysely)
  }
}

async function growBatches(kysely: Kysely<Database>, options: GrowOptions, postgres: boolean): Promise<string[]> {
  const db = marketDb(kysely)
  const perShop = options.perShop ?? 50
  const now = options.now ?? Date.now()
  const random = mulberry32(options.seed ?? 17)
  const ids: string[] = []
  let written = 0
  while (written < options.products) {
    const count = Math.min(BATCH, options.products - written)
    const shops = Math.ceil(count / perShop)
    await db.transaction().execute(async (trx) => {
      const users = Array.from({ length: shops }, () => ({ id: newId(), openid: `grow-${newId()}`, nickname: '规模测试卖家', created_at: now, updated_at: now }))
      await trx.insertInto('users').values(users).execute()
      const shopRows = users.map((u, i) => ({
        id: newId(),
        owner_id: u.id,
        name: `${PLACES[i % PLACES.length]}第${written + i}号农场`,
        village: PLACES[i % PLACES.length] ?? '',
        intro: '',
        photo_media_id: null,
        created_at: now,
        updated_at: now,
      }))
      await trx.insertInto('market_shops').values(shopRows).execute()
      await trx
        .insertInto('market_pickup_points')
        .values(shopRows.map((s) => ({ id: newId(), shop_id: s.id, name: '村委会', address: s.village, created_at: now })))
        .execute()
      const products: MarketProductsTable[] = []
      for (let i = 0; i < count; i++) {
        const n = written + i
        const shop = shopRows[Math.floor(i / perShop)] ?? shopRows[0]
        if (!shop) break
        const good = GOODS[Math.floor(random() * GOODS.length)] ?? ''
        // One product in 10,000 is 菱角: words (菱, 菱角) a search finds among a few.
        const title = `${PLACES[n % PLACES.length]?.slice(3) ?? ''}${n % 10_000 === 9_999 ? RARE : good} ${n}号`
        const fields = { title, origin: PLACES[n % PLACES.length] ?? '', grade: GRADES[n % GRADES.length] ?? '' }
        const at = now - n * 1000
        products.push({
          // Time-ordered ids, increasing as written: each batch's postings then land at the end of
          // their term's range of the search index's key (a few thousand pages) rather than at
          // random places in it (one page per posting). With random ids, 2 MB of cache and VALUES
          // lists SQLite grew ~280 products/s; with these ids, a 256 MB cache and json_each ~950/s
          // (the same machine under the same load, load average ~18).
          id: newSortableId(),
          shop_id: shop.id,
          seller_id: shop.owner_id,
          category_id: CATEGORIES[n % CATEGORIES.length] ?? 'fruit',
          ...fields,
          harvest_date: '2026-10-01',
          unit: '斤',
          // Prices repeat (a few thousand distinct values): ties are what the id tie-break is for.
          price_fen: 100 + Math.floor(random() * 5000) * 10,
          stock: 1_000_000,
          description: '',
          photo_ids: '[]',
          status: 'on_sale',
          search_text: searchTextOf(fields, shop.name),
          created_at: at,
          updated_at: at,
        })
      }
      await trx.insertInto('market_products').values(products).execute()
      await insertPostings(trx, postgres, products, shopRows)
      // One delivered order per two products, from the sellers of other shops (any user may buy).
      const orders = products.filter((_, i) => i % 2 === 0).map((p, i) => ({ p, buyer: users[(i + 1) % users.length]?.id ?? p.seller_id }))
      if (orders.length > 0) {
        const orderRows = orders.map(({ p, buyer }) => ({
          id: newId(),
          buyer_id: buyer,
          shop_id: p.shop_id,
          seller_id: p.seller_id,
          status: 'received' as const,
          total_fen: p.price_fen,
          delivery_kind: 'pickup' as const,
          delivery: '{}',
          note: '',
          created_at: p.created_at,
          hold_expires_at: p.created_at + 15 * 60_000,
          paid_at: p.created_at,
          received_at: p.created_at,
          updated_at: p.created_at,
        }))
        await trx.insertInto('market_orders').values(orderRows).execute()
        await trx
          .insertInto('market_order_items')
          .values(orders.map(({ p }, i) => ({ order_id: orderRows[i]?.id ?? '', product_id: p.id, title: p.title, unit: p.unit, price_fen: p.price_fen, quantity: 1, photo_media_id: null })))
          .execute()
      }
      ids.push(...products.map((p) => p.id))
    })
    written += count
    options.onProgress?.(written)
  }
  return ids
}

/**
 * The batch's search index rows (search-terms.ts), sorted by term so each term's range of the
 * primary key is written in one place. PostgreSQL: one INSERT … SELECT FROM unnest() of two arrays
 * (two parameters, any number of rows); SQLite: one INSERT … SELECT FROM json_each() of a JSON
 * array of pairs (one parameter; building a 23,000-row VALUES list cost more than the insert).
 */
async function insertPostings(trx: MarketDb, postgres: boolean, products: MarketProductsTable[], shops: { id: string; name: string }[]): Promise<void> {
  const shopNames = new Map(shops.map((s) => [s.id, s.name]))
  const postings = products.flatMap((p) => [...termsOf({ ...p, shopName: shopNames.get(p.shop_id) ?? '' })].map(([term, tier]) => ({ term, tier, product_id: p.id })))
  postings.sort((a, b) => (a.term < b.term ? -1 : a.term > b.term ? 1 : a.tier - b.tier || (a.product_id < b.product_id ? -1 : 1)))
  if (postgres) {
    await sql`insert into market_search_terms (term, tier, product_id) select * from unnest(${postings.map((p) => p.term)}::text[], ${postings.map((p) => p.tier)}::int[], ${postings.map((p) => p.product_id)}::text[])`.execute(trx)
    return
  }
  await sql`insert into market_search_terms (term, tier, product_id) select value ->> 0, value ->> 1, value ->> 2 from json_each(${JSON.stringify(postings.map((p) => [p.term, p.tier, p.product_id]))})`.execute(trx)
}
