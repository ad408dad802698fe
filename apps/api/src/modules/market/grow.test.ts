import { sql, type Kysely } from 'kysely'
import type { Database } from '../../platform/db'
import { describeEachDatabase, type TestDatabase } from '../../testing/databases'
import { createHarness, removeMediaDir, type Harness } from '../../testing/harness'
import { growCatalogue } from './grow'
import { marketDb } from './schema'
import { syncProductTerms } from './search-terms'

// growCatalogue (the scale bench's and the deep-list tests' big catalogue) takes shortcuts for
// speed: it sets the grown tables' indexes, foreign keys and SQLite triggers aside and builds its
// search index rows itself. What it must leave is what the migrations and the real write path
// would: the same schema, rows that satisfy every key, the search index rows publishing would
// write, and a catalogue version that has moved (so no cached read survives the growth).

/** The schema as the database describes it: tables, indexes, constraints, triggers. */
async function schemaOf(db: Kysely<Database>, kind: TestDatabase['kind']): Promise<string[]> {
  if (kind === 'sqlite') {
    return (await sql<{ d: string }>`select type || ' ' || name || ' ' || tbl_name || ' ' || coalesce(sql, '') as d from sqlite_master order by type, name`.execute(db)).rows.map((r) => r.d)
  }
  const indexes = await sql<{ d: string }>`select indexname || ' ' || indexdef as d from pg_indexes where schemaname = current_schema() order by indexname`.execute(db)
  const constraints = await sql<{ d: string }>`select t.relname || ' ' || c.conname || ' ' || pg_get_constraintdef(c.oid) || ' ' || c.convalidated as d from pg_constraint c join pg_class t on t.oid = c.conrelid
    where t.relnamespace = current_schema()::regnamespace order by t.relname, c.conname`.execute(db)
  const triggers = await sql<{ d: string }>`select c.relname || ' ' || pg_get_triggerdef(g.oid) || ' ' || g.tgenabled::text as d from pg_trigger g join pg_class c on c.oid = g.tgrelid
    where c.relnamespace = current_schema()::regnamespace and not g.tgisinternal order by c.relname, g.tgname`.execute(db)
  return [...indexes.rows, ...constraints.rows, ...triggers.rows].map((r) => r.d)
}

async function catalogueVersion(db: Kysely<Database>): Promise<number> {
  return Number((await sql<{ v: number | string }>`select sum(n) as v from catalogue_version`.execute(db)).rows[0]?.v)
}

async function postings(db: Kysely<Database>): Promise<string[]> {
  const rows = await marketDb(db).selectFrom('market_search_terms').select(['term', 'tier', 'product_id']).execute()
  return rows.map((r) => `${r.term} ${r.tier} ${r.product_id}`).sort()
}

describeEachDatabase('growCatalogue: a big catalogue as the migrations and the real writes would leave it', (fresh) => {
  let database: TestDatabase
  let h: Harness

  beforeAll(async () => {
    database = await fresh()
    h = await createHarness(database)
  })
  afterAll(async () => {
    await h.close()
    removeMediaDir(h)
    await database.drop()
  })

  test('the schema ends as it was, every key holds, the catalogue version moved, and the search index is what publishing writes', async () => {
    const db = h.db.kysely
    const schema = await schemaOf(db, database.kind)
    const version = await catalogueVersion(db)
    // The bulk path (indexes, keys and triggers set aside, built again at the end) at a test's size.
    const ids = await growCatalogue(db, { products: 2_000, perShop: 40, rebuildIndexes: true })
    expect(ids).toHaveLength(2_000)
    expect(new Set(ids).size).toBe(2_000)

    expect(await schemaOf(db, database.kind)).toEqual(schema)
    expect(await catalogueVersion(db)).toBeGreaterThan(version)
    if (database.kind === 'sqlite') {
      expect((await sql`pragma foreign_key_check`.execute(db)).rows).toEqual([])
      // The connection's own settings are back (growth switched them for itself).
      expect((await sql<{ foreign_keys: number }>`pragma foreign_keys`.execute(db)).rows[0]?.foreign_keys).toBe(1)
      expect((await sql<{ synchronous: number }>`pragma synchronous`.execute(db)).rows[0]?.synchronous).toBe(1)
    }
    const m = marketDb(db)
    expect(Number((await m.selectFrom('market_shops').select((e) => e.fn.countAll().as('n')).executeTakeFirstOrThrow()).n)).toBe(50)
    expect(Number((await m.selectFrom('market_orders').select((e) => e.fn.countAll().as('n')).executeTakeFirstOrThrow()).n)).toBe(1_000)

    // The same products' index rows written again by the function publishing and editing use.
    const grown = await postings(db)
    expect(grown.length).toBeGreaterThan(2_000 * 30)
    const products = await m
      .selectFrom('market_products as p')
      .innerJoin('market_shops as s', 's.id', 'p.shop_id')
      .select(['p.id', 'p.title', 'p.origin', 'p.grade', 's.name as shopName'])
      .execute()
    await m.deleteFrom('market_search_terms').execute()
    await m.transaction().execute(async (trx) => {
      for (const p of products) await syncProductTerms(trx, p.id, null, p)
    })
    expect(await postings(db)).toEqual(grown)
  }, 120_000)
})
