import { SqliteAdapter, sql, type Kysely } from 'kysely'

/**
 * The catalogue's own data version (issue #17): a number that moves exactly when something the
 * cached public reads (platform/http/read-cache, modules/market/catalog.ts) read has changed, so a
 * sign-in, a cart, an order's own rows or a clinic booking no longer empties the read cache. It is
 * moved by triggers on the tables those reads read, so every writer — the API, seeds, the bench's
 * bulk growth, later migrations, a hand-written UPDATE — is covered without remembering to.
 *
 * The tables, from the cached handlers (GET /api/market/categories, /products, /products/:id,
 * /shops/:id): market_categories (listCategories); market_products and market_shops (every product
 * carries its shop's name); market_search_terms (which products a search looks at); market_pickup_points
 * (a shop page); media (a product's or shop's photos: id, size, thumbhash, whether deleted). A cached
 * read that starts reading another table must add it here (in a new migration).
 *
 * `catalogue_version (shard, n)`; the version is sum(n) (Db.catalogueVersion). Every committed
 * change adds at least 1 and nothing ever subtracts, so two reads with the same sum saw the same
 * committed catalogue. The first row starts at the time of this migration × 1000, not 0: a table
 * dropped and made again (down, up) never repeats a sum a running process may still hold answers
 * under.
 *
 * PostgreSQL (read committed; every API process on one database):
 * - Transactional: the bump is written by the writing transaction itself, so the new sum and the
 *   new rows become visible in the same commit; a reader can see neither without the other.
 *   read-cache reads the version before it computes, and a later statement's snapshot sees at
 *   least what the earlier one saw, so an answer is never older than the version it is kept under.
 * - Not a hot row: a counter updated by the statement that changes stock would be row-locked from
 *   that statement until commit, so every order would wait for every other open order — and an
 *   order that then locks another product could deadlock with one holding that product and waiting
 *   for the counter. So the statement-level trigger only marks the transaction
 *   (catalogue_version_pending, one row per transaction id, ON CONFLICT DO NOTHING: no lock anyone
 *   else waits for), and a deferred constraint trigger on that row adds 1 at COMMIT — the last
 *   thing the transaction does, holding no lock it could wait on afterwards. The counter is split
 *   in 16 rows (by transaction id): two commits wait for each other only when they fall on the same
 *   row, and then only for the length of a commit.
 * - Statement-level triggers (one mark per statement, one bump per transaction): bulk inserts pay
 *   an index probe per statement. A statement that matches no rows still counts (a harmless miss).
 *   Unqualified table names in the functions resolve through search_path, as every query of the API
 *   does (tests use a schema per file).
 *
 * SQLite: one writer at a time already (the database lock), so one row and a plain UPDATE in the
 * writing transaction. SQLite has only row-level triggers: each changed row adds 1 (≈ 1 µs a row
 * measured for a bulk insert).
 */

const SHARDS = 16

/** Table → the events that can change what a cached read answers. */
const WATCHED: Record<string, { sqlite: string[]; postgres: string }> = {
  market_categories: { sqlite: ['insert', 'update', 'delete'], postgres: 'insert or update or delete or truncate' },
  market_shops: { sqlite: ['insert', 'update', 'delete'], postgres: 'insert or update or delete or truncate' },
  market_pickup_points: { sqlite: ['insert', 'update', 'delete'], postgres: 'insert or update or delete or truncate' },
  market_products: { sqlite: ['insert', 'update', 'delete'], postgres: 'insert or update or delete or truncate' },
  market_search_terms: { sqlite: ['insert', 'update', 'delete'], postgres: 'insert or update or delete or truncate' },
  // Shared with every module's uploads; only what a photo reference shows (PhotoRef) and whether it is live.
  media: {
    sqlite: ['insert', 'delete', 'update of deleted_at, width, height, thumbhash'],
    postgres: 'insert or delete or truncate or update of deleted_at, width, height, thumbhash',
  },
}

const sqliteTrigger = (table: string, index: number) => `catalogue_version_${table}_${index}`

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on the current schema type
export async function up(db: Kysely<any>): Promise<void> {
  const sqlite = db.getExecutor().adapter instanceof SqliteAdapter
  const start = Date.now() * 1000
  await db.schema
    .createTable('catalogue_version')
    .addColumn('shard', 'integer', (c) => c.primaryKey())
    .addColumn('n', 'bigint', (c) => c.notNull())
    .execute()
  const shards = sqlite ? 1 : SHARDS
  await db
    .insertInto('catalogue_version')
    .values(Array.from({ length: shards }, (_, shard) => ({ shard, n: shard === 0 ? start : 0 })))
    .execute()

  if (sqlite) {
    for (const [table, events] of Object.entries(WATCHED)) {
      for (const [i, event] of events.sqlite.entries()) {
        await sql
          .raw(`create trigger ${sqliteTrigger(table, i)} after ${event} on ${table} begin update catalogue_version set n = n + 1; end`)
          .execute(db)
      }
    }
    return
  }

  // Rows live only inside their transaction (removed at its commit), so no WAL is needed for them.
  await sql`create unlogged table catalogue_version_pending (txid bigint primary key)`.execute(db)
  await sql
    .raw(
      `create function catalogue_version_mark() returns trigger language plpgsql as $$
begin
  insert into catalogue_version_pending (txid) values (txid_current()) on conflict do nothing;
  return null;
end $$`,
    )
    .execute(db)
  await sql
    .raw(
      `create function catalogue_version_bump() returns trigger language plpgsql as $$
begin
  update catalogue_version set n = n + 1 where shard = (new.txid % ${SHARDS})::int;
  delete from catalogue_version_pending where txid = new.txid;
  return null;
end $$`,
    )
    .execute(db)
  await sql`create constraint trigger catalogue_version_bump after insert on catalogue_version_pending
    deferrable initially deferred for each row execute function catalogue_version_bump()`.execute(db)
  for (const [table, events] of Object.entries(WATCHED)) {
    await sql.raw(`create trigger catalogue_version after ${events.postgres} on ${table} for each statement execute function catalogue_version_mark()`).execute(db)
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  const sqlite = db.getExecutor().adapter instanceof SqliteAdapter
  for (const [table, events] of Object.entries(WATCHED)) {
    if (sqlite) {
      for (const i of events.sqlite.keys()) await sql.raw(`drop trigger if exists ${sqliteTrigger(table, i)}`).execute(db)
    } else {
      await sql.raw(`drop trigger if exists catalogue_version on ${table}`).execute(db)
    }
  }
  if (!sqlite) {
    await db.schema.dropTable('catalogue_version_pending').execute() // and its constraint trigger
    await sql`drop function catalogue_version_bump()`.execute(db)
    await sql`drop function catalogue_version_mark()`.execute(db)
  }
  await db.schema.dropTable('catalogue_version').execute()
}
