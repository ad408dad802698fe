// A migrated PostgreSQL schema made once per Jest run, from which every test file's schema is
// made. Migrating a schema through Kysely's migrator cost ≈ 0.6 CPU-s (its introspection reads
// every table of every schema on the server, twice, before it migrates; the DDL itself is the
// smaller part). Here the real migrations run once, on a template schema, while every statement
// they send is recorded; a test schema is then made by sending those same statements again, in
// one transaction with the new schema first on the search path (exactly how the migrations
// themselves run there), and copying Kysely's own two tables. Nothing of the template is
// committed: it is made from the migrations in the tree each run, so a new migration is in it.
// What a migration takes from the clock as it runs (0019's start of the catalogue version) is the
// template's time in every copy; pg-template.test.ts checks that a copy equals a migrated schema
// in everything else.
//
// The migrations themselves stay tested: the template is made by them, every SQLite database
// still runs them, and the tests that migrate down and up by hand (addresses, search) and the
// schema-drop race tests (freshPostgres({ migrate: true })) run them on PostgreSQL.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { randomBytes } from 'node:crypto'
import { DEFAULT_MIGRATION_LOCK_TABLE, DEFAULT_MIGRATION_TABLE, Kysely, Migrator, PostgresDialect, type Migration, type MigrationProvider } from 'kysely'
import pg from 'pg'
import { dropSchema, whileNoSchemaIsDropped } from '../platform/db'
import { migrationProvider } from '../platform/db/migrations'

/** The environment variable naming the template's file (set by global-setup, read by the workers). */
export const TEMPLATE_ENV = 'TIANYUAN_TEST_PG_TEMPLATE'

type Parameter = string | number | boolean | null

export interface Template {
  /** The migrated template schema (kept for the run: its two Kysely tables are copied). */
  schema: string
  /** What the migrations sent, in order. */
  statements: { sql: string; parameters: Parameter[] }[]
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/

/**
 * Migrates a new template schema with the real migrations, recording what they send, and writes
 * the recording to a file in the temp folder; resolves with the file's path.
 */
export async function makeTemplate(url: string): Promise<string> {
  const schema = `t_template_${randomBytes(6).toString('hex')}`
  const statements: Template['statements'] = []
  let recording = false
  const pool = new pg.Pool({ connectionString: url, max: 1, options: `-c search_path=${schema}` })
  const kysely = new Kysely<unknown>({
    dialect: new PostgresDialect({ pool }),
    log: (event) => {
      if (!recording || event.level !== 'query') return
      const parameters = event.query.parameters.map((p) => {
        // JSON carries it to the workers: a Date or a Buffer would come back as something else.
        if (p !== null && !['string', 'number', 'boolean'].includes(typeof p)) throw new Error(`a migration sent a ${typeof p} parameter; the template cannot replay it`)
        return p as Parameter
      })
      statements.push({ sql: event.query.sql, parameters })
    },
  })
  // Only what each migration's `up` sends: the migrator's own bookkeeping is copied afterwards.
  const recorded: MigrationProvider = {
    getMigrations: async () =>
      Object.fromEntries(
        Object.entries(await migrationProvider.getMigrations()).map(([name, migration]): [string, Migration] => [
          name,
          {
            ...migration,
            up: async (db) => {
              recording = true
              try {
                await migration.up(db)
              } finally {
                recording = false
              }
            },
          },
        ]),
      ),
  }
  try {
    await pool.query(`create schema ${schema}`)
    // Under the same lock as any migration into a named schema (see platform/db).
    await whileNoSchemaIsDropped(url, async () => {
      const { error, results } = await new Migrator({ db: kysely, provider: recorded, migrationTableSchema: schema }).migrateToLatest()
      const failed = results?.find((r) => r.status === 'Error')
      if (error || failed) throw new Error(`migrating the template schema failed${failed ? ` at ${failed.migrationName}` : ''}: ${error instanceof Error ? error.message : String(error ?? '')}`)
    })
  } catch (error) {
    await kysely.destroy()
    await dropSchema(url, schema)
    throw error
  }
  await kysely.destroy()
  const file = path.join(os.tmpdir(), `tianyuan-${schema}.json`)
  fs.writeFileSync(file, JSON.stringify({ schema, statements } satisfies Template))
  return file
}

const loaded = new Map<string, Template>()

function readTemplate(file: string): Template {
  let template = loaded.get(file)
  if (!template) {
    template = JSON.parse(fs.readFileSync(file, 'utf8')) as Template
    if (!SCHEMA_NAME.test(template.schema)) throw new Error(`bad template schema: ${template.schema}`)
    loaded.set(file, template)
  }
  return template
}

/**
 * Creates `schema` as the migrations would leave it: the recorded statements sent again with
 * `schema` first on the search path, and Kysely's migration tables copied from the template (so
 * its migrator, or platform/db's up-to-date check, finds every migration applied). One
 * transaction: a failure leaves no half-made schema. Nothing here reads another schema's tables
 * but the template's, which is dropped only after the run, so no schema-drop lock is needed.
 */
export async function schemaFromTemplate(url: string, file: string, schema: string): Promise<void> {
  if (!SCHEMA_NAME.test(schema)) throw new Error(`bad schema name: ${schema}`)
  const template = readTemplate(file)
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    await client.query('begin')
    await client.query(`create schema ${schema}`)
    await client.query(`set local search_path = ${schema}`)
    for (const { sql, parameters } of template.statements) await client.query(sql, parameters)
    for (const table of [DEFAULT_MIGRATION_TABLE, DEFAULT_MIGRATION_LOCK_TABLE]) {
      await client.query(`create table ${schema}.${table} (like ${template.schema}.${table} including all)`)
      await client.query(`insert into ${schema}.${table} select * from ${template.schema}.${table}`)
    }
    await client.query('commit')
  } catch (error) {
    await client.query('rollback').catch(() => undefined)
    throw error
  } finally {
    await client.end()
  }
}

/** After the run: drops the template schema and removes its file. */
export async function dropTemplate(url: string, file: string): Promise<void> {
  if (!fs.existsSync(file)) return
  await dropSchema(url, readTemplate(file).schema)
  fs.rmSync(file, { force: true })
}
