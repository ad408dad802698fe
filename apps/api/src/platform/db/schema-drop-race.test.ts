import { freshPostgres, postgresAvailable } from '../../testing/databases'

// The test suite gives every test file its own PostgreSQL schema and drops it afterwards, two files
// at a time. Kysely's migrator asks for every table of every schema by name while it migrates, so a
// schema dropped by another file at that moment failed the migration ("schema t_… does not exist").
const onPostgres = postgresAvailable ? describe : describe.skip

onPostgres('PostgreSQL schemas of other test files dropped while one migrates', () => {
  test('a migration is never failed by another schema being dropped meanwhile', async () => {
    // Other files' schemas, fully migrated (tables to introspect), then dropped while ours migrate.
    const others = await Promise.all(Array.from({ length: 6 }, () => freshPostgres()))
    for (const other of others) await (await other.open()).close()
    const ours = await Promise.all(Array.from({ length: 6 }, () => freshPostgres()))
    try {
      const opened = await Promise.allSettled([...ours.map((database) => database.open()), ...others.map((other) => other.drop())])
      const failures = opened.filter((o): o is PromiseRejectedResult => o.status === 'rejected').map((o) => String(o.reason))
      expect(failures).toEqual([])
      await Promise.all(opened.map((o) => (o.status === 'fulfilled' && o.value ? o.value.close() : undefined)))
    } finally {
      await Promise.all(ours.map((database) => database.drop()))
    }
  }, 120_000)
})
