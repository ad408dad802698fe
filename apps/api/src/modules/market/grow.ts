import { randomBytes } from 'node:crypto'
import { PostgresAdapter, sql, type Kysely, type RawBuilder } from 'kysely'
import type { Database } from '../../platform/db'
import { termsOf } from './search-terms'
import { searchTextOf } from './shared'

// A big catalogue, made fast: sellers with a shop and a pickup point each, products on sale (50
// per shop) and delivered orders (one per two products), with their search index rows
// (search-terms.ts' termsOf, ~45 per product) — for the scale bench (tools/bench `scale`, up to 1M
// products) and the tests that need a deep list. Only ever on a throwaway database: it changes the
// connection's settings while it runs. Deterministic for a seed: the same titles, prices and times
// every run. No photos (a product without photos is valid; photos would measure the media store).
//
// Where the time went (1M products ≈ 45M index rows): a transaction per 500 products wrote the same
// hot B-tree pages (each term's last page) again at every commit, SQLite's row triggers
// (catalogue_version, migration 0019) ran once per index row, and each id cost a randomBytes call.
// Now: one transaction per CHUNK products, one INSERT … SELECT per table per chunk from one JSON
// parameter (SQLite: json_each) or one array per column (PostgreSQL: unnest); the index rows
// bucketed by (term, tier) so each term's rows are appended in key order; and for a big growth the
// secondary indexes (PostgreSQL: also the search index's primary key) are set aside and built once
// at the end from their own stored definitions, so the schema ends exactly as the migrations made it.

export interface GrowOptions {
  products: number
  /** Products per shop (and per seller). */
  perShop?: number
  /** created_at of the newest product; the others go back one second each. */
  now?: number
  seed?: number
  /** Called after each transaction with the products written so far. */
  onProgress?: (written: number) => void
  /**
   * Drop the grown tables' secondary indexes (PostgreSQL: and the search index's primary key) for
   * the growth and build them again at the end, from the database's own definitions. Default: when
   * growing 50,000 products or more (a bulk build then beats maintaining the indexes row by row).
   */
  rebuildIndexes?: boolean
}

const CATEGORIES = ['fruit', 'vegetables', 'grain', 'eggs_meat', 'nuts', 'fungi', 'specialty'] as const
const GOODS = ['红富士苹果', '小米', '土鸡蛋', '核桃', '香菇', '猕猴桃', '大枣', '花椒', '土豆', '木耳', '蜂蜜', '绿茶']
const PLACES = ['陕西省洛川县', '山西省沁州', '湖北省恩施州', '云南省文山州', '甘肃省天水市', '河南省灵宝市']
const GRADES = ['特级', '一级', '二级']
const RARE = '菱角'
/** Products per transaction: few commits (each rewrites every term's last page), bounded memory. */
const CHUNK = 20_000
/** The tables growth writes (their triggers and indexes are what it sets aside). */
const GROWN = ['users', 'market_shops', 'market_pickup_points', 'market_products', 'market_search_terms', 'market_orders', 'market_order_items']

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

/**
 * Ids in platform/ids' shapes, without a randomBytes call each (that was ~10 µs an id under load):
 * random URL-safe characters cut from one pool. `id()`: 22 random characters, as newId();
 * `sortable()`: as newSortableId() — time, counter, 8 random characters — increasing as made.
 */
function idMaker() {
  let pool = ''
  let at = 0
  const random = (n: number) => {
    if (at + n > pool.length) {
      pool = randomBytes(48_000).toString('base64url')
      at = 0
    }
    at += n
    return pool.slice(at - n, at)
  }
  const time = Date.now().toString(36).padStart(9, '0')
  let seq = 0
  return {
    id: () => random(22),
    sortable: () => `${time}${(seq++).toString(36).padStart(6, '0')}${random(8)}`,
  }
}

type Conn = Kysely<Database>
type PgType = 'text' | 'bigint' | 'int'
type Value = string | number | null
/** Between a column's values on their way to PostgreSQL (ASCII unit separator: in no grown text). */
const SEPARATOR = '\u001f'

/**
 * One INSERT … SELECT of `rows` (values in `columns`' order) plus `constants` for every row.
 * SQLite: the rows as one JSON parameter read by json_each (a VALUES list of thousands of bound
 * parameters cost more to build than to insert). PostgreSQL: each column as one text parameter,
 * its values joined by a separator and split by string_to_array (arrays as parameters cost the
 * driver an escaped literal per element: most of the growth's time at 1M).
 */
async function insertRows(db: Conn, postgres: boolean, table: string, columns: [string, PgType][], rows: Value[][], constants: Record<string, Value> = {}): Promise<void> {
  if (rows.length === 0) return
  const names = sql.join([...columns.map(([name]) => sql.ref(name)), ...Object.keys(constants).map((name) => sql.ref(name))])
  const fixed = Object.values(constants).map((v) => sql.lit(v))
  if (postgres) {
    const arrays = columns.map(([, type], i) => {
      const values = rows.map((r) => r[i])
      if (values.some((v) => v === null || v === undefined || String(v).includes(SEPARATOR))) throw new Error(`growCatalogue: ${table}: a value is null or contains the separator`)
      return sql`string_to_array(${values.join(SEPARATOR)}, ${SEPARATOR})::${sql.raw(type)}[]`
    })
    await sql`insert into ${sql.table(table)} (${names}) select u.*${fixed.length > 0 ? sql`, ${sql.join(fixed)}` : sql``} from unnest(${sql.join(arrays)}) as u`.execute(db)
    return
  }
  const values = sql.join([...columns.map((_, i) => sql.raw(`value ->> ${i}`)), ...fixed])
  await sql`insert into ${sql.table(table)} (${names}) select ${values} from json_each(${JSON.stringify(rows)})`.execute(db)
}

/** Adds `products` products on sale (and their shops, sellers and orders); returns their ids, newest first. */
export async function growCatalogue(kysely: Kysely<Database>, options: GrowOptions): Promise<string[]> {
  const postgres = kysely.getExecutor().adapter instanceof PostgresAdapter
  const rebuild = options.rebuildIndexes ?? options.products >= 50_000
  // One connection for all of it: the settings below are per connection (session).
  return kysely.connection().execute(async (db) => {
    const restoreSettings = await growthSettings(db, postgres)
    try {
      const restoreSchema = await setAside(db, postgres, rebuild)
      let ids: string[] = []
      try {
        ids = await growChunks(db, postgres, options)
      } finally {
        await restoreSchema(ids[0])
      }
      return ids
    } finally {
      await restoreSettings()
    }
  })
}

/**
 * This connection's settings while it grows, and a function putting them back. SQLite: a 256 MB
 * page cache (the default is 2 MB), no fsync (a crash would lose a throwaway database), no foreign
 * key lookups (the rows are consistent by construction; growth.test checks them). PostgreSQL: no
 * wait for the WAL flush at commit, and memory for building the indexes at the end.
 */
async function growthSettings(db: Conn, postgres: boolean): Promise<() => Promise<void>> {
  const names = postgres ? ['synchronous_commit', 'maintenance_work_mem'] : ['cache_size', 'synchronous', 'foreign_keys']
  const before: Record<string, string> = {}
  for (const name of names) {
    const row = (await sql.raw<Record<string, unknown>>(postgres ? `show ${name}` : `pragma ${name}`).execute(db)).rows[0]
    before[name] = String(Object.values(row ?? {})[0])
  }
  const set = async (values: Record<string, string>) => {
    for (const [name, value] of Object.entries(values)) {
      if (!/^[\w-]+$/.test(value)) throw new Error(`unexpected setting ${name} = ${value}`)
      await sql.raw(postgres ? `set ${name} = '${value}'` : `pragma ${name} = ${value}`).execute(db)
    }
  }
  await set(postgres ? { synchronous_commit: 'off', maintenance_work_mem: '1GB' } : { cache_size: '-262144', synchronous: 'OFF', foreign_keys: 'OFF' })
  return () => set(before)
}

/**
 * Sets aside what would be maintained row by row during the growth, and returns a function that
 * puts it back from the database's own definitions, so the schema ends as the migrations left it:
 * - SQLite's triggers on the grown tables (migration 0019's catalogue version: one UPDATE per row,
 *   ~45 per product with the index rows). Once they are back, a no-op UPDATE of one grown product
 *   fires them once: the catalogue version moves, once for the whole growth.
 * - With `rebuild`: the grown tables' indexes that no constraint owns, and on PostgreSQL the search
 *   index's primary key (on SQLite that table is WITHOUT ROWID: its key is the table) and the grown
 *   tables' foreign keys (SQLite's are switched off for the growth instead: growthSettings).
 * PostgreSQL's catalogue triggers are per statement (one per INSERT): they stay.
 */
async function setAside(db: Conn, postgres: boolean, rebuild: boolean): Promise<(firstId: string | undefined) => Promise<void>> {
  const tables = sql.join(GROWN.map((t) => sql.lit(t)))
  const drop: RawBuilder<unknown>[] = []
  const restore: RawBuilder<unknown>[] = []
  const foreignKeys: RawBuilder<unknown>[] = []
  if (!postgres) {
    // Indexes a constraint makes (sqlite_autoindex_…) have no sql: they stay.
    const types = sql.join((rebuild ? ['trigger', 'index'] : ['trigger']).map((t) => sql.lit(t)))
    const rows = (await sql<{ type: string; name: string; sql: string }>`select type, name, sql from sqlite_master where tbl_name in (${tables}) and type in (${types}) and sql is not null order by type, name`.execute(db)).rows
    for (const r of rows) {
      drop.push(sql`drop ${sql.raw(r.type)} ${sql.id(r.name)}`)
      restore.push(sql.raw(r.sql))
    }
  } else if (rebuild) {
    const key = (await sql<{ name: string; def: string }>`select conname as name, pg_get_constraintdef(oid) as def from pg_constraint where conrelid = 'market_search_terms'::regclass and contype = 'p'`.execute(db)).rows
    for (const r of key) {
      drop.push(sql`alter table market_search_terms drop constraint ${sql.id(r.name)}`)
      restore.push(sql`alter table market_search_terms add constraint ${sql.id(r.name)} ${sql.raw(r.def)}`)
    }
    // Foreign keys: PostgreSQL checks each inserted row with a query of its own (a trigger per row
    // and key, ~8 per product); added back at the end, each is checked once, for every row at once.
    const keys = (
      await sql<{ table: string; name: string; def: string }>`select t.relname as table, c.conname as name, pg_get_constraintdef(c.oid) as def from pg_constraint c join pg_class t on t.oid = c.conrelid
        where c.contype = 'f' and t.relnamespace = current_schema()::regnamespace and t.relname in (${tables}) order by t.relname, c.conname`.execute(db)
    ).rows
    for (const r of keys) {
      drop.push(sql`alter table ${sql.table(r.table)} drop constraint ${sql.id(r.name)}`)
      foreignKeys.push(sql`alter table ${sql.table(r.table)} add constraint ${sql.id(r.name)} ${sql.raw(r.def)}`)
    }
    const indexes = (
      await sql<{ name: string; def: string }>`select i.relname as name, pg_get_indexdef(i.oid) as def from pg_index x join pg_class i on i.oid = x.indexrelid join pg_class t on t.oid = x.indrelid
        where t.relnamespace = current_schema()::regnamespace and t.relname in (${tables}) and not exists (select 1 from pg_constraint c where c.conindid = x.indexrelid) order by i.relname`.execute(db)
    ).rows
    for (const r of indexes) {
      drop.push(sql`drop index ${sql.id(r.name)}`)
      restore.push(sql.raw(r.def))
    }
  }
  if (drop.length > 0) await inTransaction(db, async () => {
    for (const q of drop) await q.execute(db)
  })
  return async (firstId) => {
    if (restore.length === 0 && foreignKeys.length === 0) return
    await inTransaction(db, async () => {
      for (const q of [...restore, ...foreignKeys]) await q.execute(db)
      if (!postgres && firstId) await sql`update market_products set status = status where id = ${firstId}`.execute(db)
    })
  }
}

async function inTransaction(db: Conn, work: () => Promise<void>): Promise<void> {
  await sql`begin`.execute(db)
  try {
    await work()
  } catch (e) {
    await sql`rollback`.execute(db)
    throw e
  }
  await sql`commit`.execute(db)
}

interface Chunk {
  count: number
  shops: { id: string; owner: string; name: string; place: string; point: string }[]
  products: Value[][]
  orders: Value[][]
  items: Value[][]
  /** The index rows by term, then tier (0–3) — the order of market_search_terms' key — each with its products in id order. */
  postings: Map<string, string[][]>
}

/**
 * Chunk after chunk: while one chunk's INSERTs run (on PostgreSQL, in the server's process) the
 * next is made here, yielding to the event loop every 1,000 products so the pending statements'
 * bytes keep flowing. On SQLite the INSERTs run on this thread, so the two simply take turns.
 */
async function growChunks(db: Conn, postgres: boolean, options: GrowOptions): Promise<string[]> {
  const perShop = options.perShop ?? 50
  const now = options.now ?? Date.now()
  const random = mulberry32(options.seed ?? 17)
  const ids = idMaker()
  const productIds: string[] = []
  let writing: Promise<void> | null = null
  let written = 0
  for (let made = 0; made < options.products; ) {
    const count = Math.min(CHUNK, options.products - made)
    const chunk = await makeChunk(made, count, perShop, now, random, ids, productIds)
    made += count
    if (writing) await writing
    const pending = writeChunk(db, postgres, chunk, now).then(() => {
      written += chunk.count
      options.onProgress?.(written)
    })
    // Awaited on the next turn (or below); until then a failure must not count as unhandled.
    pending.catch(() => undefined)
    writing = pending
  }
  if (writing) await writing
  return productIds
}

async function makeChunk(first: number, count: number, perShop: number, now: number, random: () => number, ids: ReturnType<typeof idMaker>, productIds: string[]): Promise<Chunk> {
  const firstShop = Math.floor(first / perShop)
  const lastShop = Math.floor((first + count - 1) / perShop)
  const shops = Array.from({ length: lastShop - firstShop + 1 }, (_, i) => {
    const number = firstShop + i
    const place = PLACES[number % PLACES.length] ?? ''
    return { id: ids.id(), owner: ids.id(), name: `${place}第${number}号农场`, place, point: ids.id() }
  })
  const chunk: Chunk = { count, shops, products: [], orders: [], items: [], postings: new Map() }
  for (let n = first; n < first + count; n++) {
    if ((n - first) % 1_000 === 999) await new Promise((resolve) => setImmediate(resolve))
    const shopIndex = Math.floor(n / perShop) - firstShop
    const shop = shops[shopIndex] ?? (shops[0] as (typeof shops)[number])
    const good = GOODS[Math.floor(random() * GOODS.length)] ?? ''
    // One product in 10,000 is 菱角: words (菱, 菱角) a search finds among a few.
    const title = `${PLACES[n % PLACES.length]?.slice(3) ?? ''}${n % 10_000 === 9_999 ? RARE : good} ${n}号`
    const fields = { title, origin: PLACES[n % PLACES.length] ?? '', grade: GRADES[n % GRADES.length] ?? '' }
    const at = now - n * 1000
    // Prices repeat (a few thousand distinct values): ties are what the id tie-break is for.
    const price = 100 + Math.floor(random() * 5000) * 10
    const id = ids.sortable()
    productIds.push(id)
    chunk.products.push([id, shop.id, shop.owner, CATEGORIES[n % CATEGORIES.length] ?? 'fruit', fields.title, fields.grade, fields.origin, price, searchTextOf(fields, shop.name), at, at])
    for (const [term, tier] of termsOf({ ...fields, shopName: shop.name })) {
      let tiers = chunk.postings.get(term)
      if (!tiers) chunk.postings.set(term, (tiers = [[], [], [], []]))
      tiers[tier]?.push(id)
    }
    // One delivered order per two products, bought by the seller of the next shop (any user may buy).
    if ((n - first) % 2 === 0) {
      const buyer = shops[(shopIndex + 1) % shops.length]?.owner ?? shop.owner
      const order = ids.id()
      chunk.orders.push([order, buyer, shop.id, shop.owner, price, at, at + 15 * 60_000, at, at, at])
      chunk.items.push([order, id, title, price])
    }
  }
  return chunk
}

async function writeChunk(db: Conn, postgres: boolean, chunk: Chunk, now: number): Promise<void> {
  const { shops } = chunk
  await inTransaction(db, async () => {
    await insertRows(db, postgres, 'users', [['id', 'text'], ['openid', 'text']], shops.map((s) => [s.owner, `grow-${s.owner}`]), { nickname: '规模测试卖家', created_at: now, updated_at: now })
    await insertRows(db, postgres, 'market_shops', [['id', 'text'], ['owner_id', 'text'], ['name', 'text'], ['village', 'text']], shops.map((s) => [s.id, s.owner, s.name, s.place]), { intro: '', photo_media_id: null, created_at: now, updated_at: now })
    await insertRows(db, postgres, 'market_pickup_points', [['id', 'text'], ['shop_id', 'text'], ['address', 'text']], shops.map((s) => [s.point, s.id, s.place]), { name: '村委会', created_at: now })
    await insertRows(
      db,
      postgres,
      'market_products',
      [['id', 'text'], ['shop_id', 'text'], ['seller_id', 'text'], ['category_id', 'text'], ['title', 'text'], ['grade', 'text'], ['origin', 'text'], ['price_fen', 'bigint'], ['search_text', 'text'], ['created_at', 'bigint'], ['updated_at', 'bigint']],
      chunk.products,
      { harvest_date: '2026-10-01', unit: '斤', stock: 1_000_000, description: '', photo_ids: '[]', status: 'on_sale' },
    )
    await insertPostings(db, postgres, chunk.postings)
    await insertRows(
      db,
      postgres,
      'market_orders',
      [['id', 'text'], ['buyer_id', 'text'], ['shop_id', 'text'], ['seller_id', 'text'], ['total_fen', 'bigint'], ['created_at', 'bigint'], ['hold_expires_at', 'bigint'], ['paid_at', 'bigint'], ['received_at', 'bigint'], ['updated_at', 'bigint']],
      chunk.orders,
      { status: 'received', delivery_kind: 'pickup', delivery: '{}', note: '' },
    )
    await insertRows(db, postgres, 'market_order_items', [['order_id', 'text'], ['product_id', 'text'], ['title', 'text'], ['price_fen', 'bigint']], chunk.items, { unit: '斤', quantity: 1, photo_media_id: null })
  })
}

/**
 * The chunk's search index rows, in key order: (term, tier), then product id. Sent as one group per
 * (term, tier) with its product ids, and expanded by the database: a row per posting cost more to
 * build and parse (JSON or arrays, and their garbage) than to insert.
 */
async function insertPostings(db: Conn, postgres: boolean, postings: Chunk['postings']): Promise<void> {
  const groups: [string, number, string[]][] = []
  for (const term of [...postings.keys()].sort()) {
    postings.get(term)?.forEach((products, tier) => {
      if (products.length > 0) groups.push([term, tier, products])
    })
  }
  if (groups.length === 0) return
  if (postgres) {
    const join = (values: (string | number)[]) => {
      if (values.some((v) => String(v).includes(SEPARATOR))) throw new Error('growCatalogue: a search term contains the separator')
      return values.join(SEPARATOR)
    }
    await sql`insert into market_search_terms (term, tier, product_id)
      select g.term, g.tier, unnest(string_to_array(g.ids, ${SEPARATOR})) from unnest(string_to_array(${join(groups.map((g) => g[0]))}, ${SEPARATOR}), string_to_array(${join(groups.map((g) => g[1]))}, ${SEPARATOR})::int[], string_to_array(${groups.map((g) => join(g[2])).join(SEPARATOR.repeat(2))}, ${SEPARATOR.repeat(2)})) as g(term, tier, ids)`.execute(db)
    return
  }
  // Materialized: each group's JSON is read once, not once per product id.
  await sql`insert into market_search_terms (term, tier, product_id)
    with g as materialized (select value ->> 0 as term, value ->> 1 as tier, value -> 2 as ids from json_each(${JSON.stringify(groups)}))
    select g.term, g.tier, i.value from g, json_each(g.ids) as i`.execute(db)
}
