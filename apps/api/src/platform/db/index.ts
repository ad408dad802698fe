import fs from 'node:fs'
import path from 'node:path'
import BetterSqlite3 from 'better-sqlite3'
import { DEFAULT_MIGRATION_TABLE, Kysely, Migrator, PostgresDialect, SqliteAdapter, SqliteDialect, sql } from 'kysely'
import pg from 'pg'
import type { DatabaseTarget } from '../../config'
import type { Database } from './schema'
import { migrationProvider } from './migrations'

export type { Database } from './schema'

export interface Db {
  kysely: Kysely<Database>
  dialect: 'sqlite' | 'postgres'
  /** Answers `select 1`: for /readyz. */
  ping(): Promise<void>
  /**
   * The public catalogue's version (migration 0019): the sum of `catalogue_version`, which
   * triggers on every table the cached public reads read raise in the same transaction as the
   * change, so it differs from every earlier value once a change to the catalogue is visible
   * to this process — by this process or any other on the same database — and stays the same
   * across writes to anything else (a session, a cart, a booking). One small indexed read
   * (platform/http/read-cache keys public reads by it).
   */
  catalogueVersion(): Promise<string>
  close(): Promise<void>
}

// bigint (int8) columns hold epoch milliseconds, well inside Number's safe range.
const PG_INT8 = 20
const pgTypes = {
  getTypeParser: ((oid: number, format?: string) =>
    oid === PG_INT8 ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
}

export interface OpenDatabaseOptions {
  /** PostgreSQL only: put every table in this schema (created if missing). Tests use one per file. */
  schema?: string
  poolSize?: number
}

/** Opens the database and brings its schema up to date. */
export async function openDatabase(target: DatabaseTarget, options: OpenDatabaseOptions = {}): Promise<Db> {
  if (target.kind === 'sqlite') {
    const db = openSqlite(target.file)
    await migrateToLatest(db.kysely)
    return db
  }
  const db = await openPostgres(target.url, options)
  const schema = options.schema
  if (schema === undefined) await migrateToLatest(db.kysely)
  else await whileNoSchemaIsDropped(target.url, () => migrateToLatest(db.kysely, schema))
  return db
}

/**
 * Kysely's migrator asks PostgreSQL for every table of every schema, resolving each by name
 * (pg_get_serial_sequence), so a schema dropped by someone else meanwhile fails the migration
 * ("schema … does not exist", "relation … does not exist"). The test suite does exactly that: a
 * schema per test file, two files at a time, each dropped when its file ends. Migrations into a
 * named schema hold this advisory lock shared; dropSchema takes it exclusively.
 */
const SCHEMA_LIFECYCLE_LOCK = 7_389_224_011

export async function whileNoSchemaIsDropped<T>(url: string, work: () => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    await client.query('select pg_advisory_lock_shared($1)', [SCHEMA_LIFECYCLE_LOCK])
    return await work()
  } finally {
    await client.end() // ends the session, which releases its advisory locks
  }
}

/**
 * Runs `work` once no migration is reading the catalogue, and keeps migrations and schema drops
 * out until it ends. For a test migrating by hand: a table it drops fails another schema's
 * migration, and its own migrator's reads fail on a schema dropped meanwhile (see whileNoSchemaIsDropped).
 * `work` must not open a database on this server itself: that waits for this lock.
 */
export async function whileNoMigrationReads<T>(url: string, work: () => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    await client.query('select pg_advisory_lock($1)', [SCHEMA_LIFECYCLE_LOCK])
    return await work()
  } finally {
    await client.end()
  }
}

/** Drops a schema (a test database) once no migration is reading the catalogue (see whileNoSchemaIsDropped). */
export async function dropSchema(url: string, schema: string): Promise<void> {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) throw new Error(`bad schema name: ${schema}`)
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    await client.query('select pg_advisory_lock($1)', [SCHEMA_LIFECYCLE_LOCK])
    await client.query(`drop schema if exists ${schema} cascade`)
  } finally {
    await client.end()
  }
}

const VERSION_SQL = 'select cast(sum(n) as text) as v from catalogue_version'

function openSqlite(file: string): Db {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true })
  const sqlite = new BetterSqlite3(file)
  sqlite.pragma('journal_mode = WAL')
  sqlite.pragma('synchronous = NORMAL')
  sqlite.pragma('foreign_keys = ON')
  sqlite.pragma('busy_timeout = 5000')
  const statements = withStatementCache(sqlite)
  const kysely = new Kysely<Database>({ dialect: new SqliteDialect({ database: statements }) })
  // Prepared on first use: the table exists only once the migrations (run after opening) are done.
  let versionStatement: BetterSqlite3.Statement | null = null
  const readVersion = (v: unknown) => {
    if (typeof v !== 'string') throw new Error('catalogue_version is empty (migration 0019)')
    return v
  }
  return {
    kysely,
    dialect: 'sqlite',
    ping: async () => {
      await sql`select 1`.execute(kysely)
    },
    // Read on the handle, outside Kysely's connection lock (no query compiling, no lock wait behind
    // other requests' queries): better-sqlite3 is synchronous, so this never runs inside another statement, and
    // whatever is read after it sees at least this state. But this process's only connection may
    // be inside an open transaction of another request (Kysely holds its lock across awaits): read
    // there, the version would include that transaction's uncommitted bump, which a rollback takes
    // back and the next commit gives to different data. Then the read goes through Kysely, which
    // waits for the transaction to end.
    catalogueVersion: async () => {
      if (sqlite.inTransaction) return readVersion((await sql<{ v: string | null }>`${sql.raw(VERSION_SQL)}`.execute(kysely)).rows[0]?.v)
      versionStatement ??= sqlite.prepare(VERSION_SQL).pluck()
      return readVersion(versionStatement.get())
    },
    close: async () => {
      await kysely.destroy() // closes the better-sqlite3 handle, checkpointing the WAL
    },
  }
}

/**
 * Kysely prepares every query afresh; better-sqlite3 statements are reusable, and preparing was
 * ~8% of a simple read's CPU. Same SQL text → same prepared statement (bounded cache). Safe because
 * better-sqlite3 runs each statement to completion synchronously (we never stream with iterate()).
 */
function withStatementCache(sqlite: BetterSqlite3.Database, max = 500) {
  const statements = new Map<string, BetterSqlite3.Statement>()
  return {
    close: () => sqlite.close(),
    prepare(sqlText: string) {
      let statement = statements.get(sqlText)
      if (!statement) {
        if (statements.size >= max) statements.delete(statements.keys().next().value as string)
        statement = sqlite.prepare(sqlText)
        statements.set(sqlText, statement)
      }
      return statement
    },
  }
}

async function openPostgres(url: string, options: OpenDatabaseOptions): Promise<Db> {
  const schema = options.schema
  if (schema !== undefined && !/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) throw new Error(`bad schema name: ${schema}`)
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? 10,
    types: pgTypes,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  })
  if (schema) await pool.query(`create schema if not exists ${schema}`)
  const kysely = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) })
  return {
    kysely,
    dialect: 'postgres',
    ping: async () => {
      await sql`select 1`.execute(kysely)
    },
    // 16 rows (shards, see migration 0019), read with the caller's own statement snapshot.
    catalogueVersion: async () => {
      const v = (await sql<{ v: string | null }>`select sum(n)::text as v from catalogue_version`.execute(kysely)).rows[0]?.v
      if (!v) throw new Error('catalogue_version is empty (migration 0019)')
      return v
    },
    close: async () => {
      await kysely.destroy() // ends the pool
    },
  }
}

export async function migrateToLatest(kysely: Kysely<Database>, schema?: string): Promise<void> {
  // Every start after the first (and every test reopening its database, every API child) finds the
  // schema up to date. Kysely's migrator would only find that out after reading every table of every
  // schema twice (it introspects for its own two tables): ~0.1–0.3 s on PostgreSQL, growing with
  // the number of schemas on the server. Its own table says so in one read.
  if (await isUpToDate(kysely, schema)) return
  // With a schema, Kysely's own bookkeeping tables live there too (not in another test's schema).
  const migrator = new Migrator({
    db: kysely,
    provider: migrationProvider,
    ...(schema ? { migrationTableSchema: schema } : {}),
  })
  const { error, results } = await migrator.migrateToLatest()
  const failed = results?.find((r) => r.status === 'Error')
  if (error || failed) {
    const cause = error instanceof Error ? error.message : String(error ?? '')
    throw new Error(`database migration failed${failed ? ` at ${failed.migrationName}` : ''}: ${cause}`)
  }
}

/**
 * Whether exactly the known migrations have run (Kysely's `kysely_migration` table lists them by
 * name): then the migrator has nothing to do. Anything else — no table yet, a missing or an
 * unknown migration — is the migrator's to handle (migrate, or fail with its own error).
 */
async function isUpToDate(kysely: Kysely<Database>, schema?: string): Promise<boolean> {
  const exists =
    kysely.getExecutor().adapter instanceof SqliteAdapter
      ? sql<{ e: number }>`select count(*) as e from sqlite_master where type = 'table' and name = ${DEFAULT_MIGRATION_TABLE}`
      : sql<{ e: boolean }>`select to_regclass(${schema ? `${schema}.${DEFAULT_MIGRATION_TABLE}` : DEFAULT_MIGRATION_TABLE}) is not null as e`
  if (!(await exists.execute(kysely)).rows[0]?.e) return false
  const table = sql.table(schema ? `${schema}.${DEFAULT_MIGRATION_TABLE}` : DEFAULT_MIGRATION_TABLE)
  const applied = (await sql<{ name: string }>`select name from ${table} order by name`.execute(kysely)).rows.map((r) => r.name)
  const known = Object.keys(await migrationProvider.getMigrations()).sort()
  return applied.length === known.length && applied.every((name, i) => name === known[i])
}
