import { sql, type Kysely } from 'kysely'
import { freshPostgres, postgresAvailable } from './databases'
import { TEMPLATE_ENV } from './pg-template'

// Test files' PostgreSQL schemas are made from the run's template (pg-template.ts), not by
// migrating: such a schema must be exactly what the migrations make — every table, column,
// default, index, constraint, trigger, function and reference row.
const withTemplate = postgresAvailable && process.env[TEMPLATE_ENV] ? describe : describe.skip

/** Everything PostgreSQL knows about one schema, with the schema's own name taken out. */
async function describeSchema(db: Kysely<unknown>, schema: string): Promise<string[]> {
  const lines = async (query: ReturnType<typeof sql<{ line: string }>>) => (await query.execute(db)).rows.map((r) => r.line.split(schema).join('<schema>'))
  const columns = await lines(sql<{ line: string }>`
    select concat_ws(' ', table_name, column_name, data_type, is_nullable, column_default, ordinal_position) as line
    from information_schema.columns where table_schema = ${schema} order by table_name, column_name`)
  const indexes = await lines(sql<{ line: string }>`select indexdef as line from pg_indexes where schemaname = ${schema} order by indexname`)
  const constraints = await lines(sql<{ line: string }>`
    select concat_ws(' ', conrelid::regclass::text, conname, pg_get_constraintdef(oid)) as line
    from pg_constraint where connamespace = ${schema}::regnamespace order by conrelid::regclass::text, conname`)
  const triggers = await lines(sql<{ line: string }>`
    select pg_get_triggerdef(t.oid) as line from pg_trigger t join pg_class c on c.oid = t.tgrelid
    where c.relnamespace = ${schema}::regnamespace and not t.tgisinternal order by c.relname, t.tgname`)
  const functions = await lines(sql<{ line: string }>`select pg_get_functiondef(oid) as line from pg_proc where pronamespace = ${schema}::regnamespace order by proname`)
  const sequences = await lines(sql<{ line: string }>`select sequence_name as line from information_schema.sequences where sequence_schema = ${schema} order by sequence_name`)
  const tables = (await sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = ${schema} order by table_name`.execute(db)).rows
  const rows: string[] = []
  for (const { name } of tables) {
    // The rows themselves, bar what a migration takes from the clock as it runs, which is the
    // template's time in a copy: Kysely's run times, and the catalogue version's start (0019).
    const table = sql.table(`${schema}.${name}`)
    const content =
      name === 'kysely_migration'
        ? sql<{ line: string }>`select name as line from ${table} order by name`
        : name === 'catalogue_version'
          ? sql<{ line: string }>`select shard::text as line from ${table} order by shard`
          : sql<{ line: string }>`select t::text as line from ${table} t order by 1`
    rows.push(...(await lines(content)).map((line) => `${name}: ${line}`))
  }
  return [...columns, ...indexes, ...constraints, ...triggers, ...functions, ...sequences, ...rows]
}

withTemplate('PostgreSQL test schemas made from the run’s template', () => {
  test('are exactly what running the migrations makes', async () => {
    const migrated = await freshPostgres({ migrate: true })
    const copied = await freshPostgres()
    const [a, b] = [await migrated.open(), await copied.open()]
    try {
      const made = await describeSchema(a.kysely as Kysely<unknown>, migrated.schema!)
      expect(made.length).toBeGreaterThan(100)
      expect(await describeSchema(b.kysely as Kysely<unknown>, copied.schema!)).toEqual(made)
    } finally {
      await a.close()
      await b.close()
      await migrated.drop()
      await copied.drop()
    }
  })
})
