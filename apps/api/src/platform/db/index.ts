import fs from 'node:fs'
import path from 'node:path'
import BetterSqlite3 from 'better-sqlite3'
import { Kysely, Migrator, PostgresDialect, SqliteDialect, sql } from 'kysely'
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
   * A value that differs from every earlier one once anything in the database may have changed —
   * a commit by this process or by any other on the same database — and is cheap to read
   * (platform/http/read-cache keys public reads by it). It may change without a change (any
   * table, any write counts); it never stays the same across one. SQLite: `PRAGMA data_version`
   * (commits by other connections) with this process's own write count; PostgreSQL: the current
   * snapshot (`xmin:xmax:xip`) — two equal snapshots see exactly the same committed rows.
   */
  dataVersion(): Promise<string>
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

async function whileNoSchemaIsDropped<T>(url: string, work: () => Promise<T>): Promise<T> {
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

function openSqlite(file: string): Db {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true })
  const sqlite = new BetterSqlite3(file)
  sqlite.pragma('journal_mode = WAL')
  sqlite.pragma('synchronous = NORMAL')
  sqlite.pragma('foreign_keys = ON')
  sqlite.pragma('busy_timeout = 5000')
  const statements = withStatementCache(sqlite)
  const kysely = new Kysely<Database>({ dialect: new SqliteDialect({ database: statements }) })
  // data_version changes only for commits by *other* connections; this connection's own writes are counted by the statement cache.
  const dataVersion = sqlite.prepare('pragma data_version').pluck()
  return {
    kysely,
    dialect: 'sqlite',
    ping: async () => {
      await sql`select 1`.execute(kysely)
    },
    // Read on the handle, outside Kysely's connection lock: better-sqlite3 is synchronous, so this
    // never runs inside another statement; a transaction of this process that is open meanwhile
    // has counted its writes already, and whatever is read after this sees at least this state.
    dataVersion: async () => `${dataVersion.get() as number}.${statements.writes()}`,
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
  const statements = new Map<string, { statement: BetterSqlite3.Statement; writes: boolean }>()
  // Statements run by this connection that may write (better-sqlite3's `readonly` is SQLite's
  // sqlite3_stmt_readonly: false for INSERT/UPDATE/DELETE, with or without RETURNING; true for
  // SELECT and for BEGIN/COMMIT). Kysely prepares each statement right before it runs it.
  let writes = 0
  return {
    close: () => sqlite.close(),
    prepare(sqlText: string) {
      let entry = statements.get(sqlText)
      if (!entry) {
        if (statements.size >= max) statements.delete(statements.keys().next().value as string)
        const statement = sqlite.prepare(sqlText)
        entry = { statement, writes: !statement.readonly }
        statements.set(sqlText, entry)
      }
      if (entry.writes) writes++
      return entry.statement
    },
    writes: () => writes,
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
    // PostgreSQL 13 or later (pg_current_snapshot).
    dataVersion: async () => {
      const v = (await sql<{ v: string }>`select pg_current_snapshot()::text as v`.execute(kysely)).rows[0]?.v
      if (!v) throw new Error('pg_current_snapshot() answered nothing')
      return v
    },
    close: async () => {
      await kysely.destroy() // ends the pool
    },
  }
}

export async function migrateToLatest(kysely: Kysely<Database>, schema?: string): Promise<void> {
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
