import { Migrator, NO_MIGRATIONS } from 'kysely'
import { freshPostgres, postgresAvailable } from '../../testing/databases'
import { migrationProvider } from './migrations'

// The test suite gives every test file its own PostgreSQL schema and drops it afterwards, two files
// at a time. Kysely's migrator asks for every table of every schema by name while it migrates, so a
// schema dropped by another file at that moment failed the migration ("schema t_… does not exist").
const onPostgres = postgresAvailable ? describe : describe.skip

onPostgres('PostgreSQL schemas of other test files dropped while one migrates', () => {
  test('a migration is never failed by another schema being dropped meanwhile', async () => {
    // Other files' schemas, fully migrated (tables to introspect), then dropped while ours migrate.
    const others = await Promise.all(Array.from({ length: 6 }, () => freshPostgres()))
    for (const other of others) await (await other.open()).close()
    // Ours run the migrations (not a copy of the run's template): migrating is what is raced.
    const ours = await Promise.all(Array.from({ length: 6 }, () => freshPostgres({ migrate: true })))
    try {
      const opened = await Promise.allSettled([...ours.map((database) => database.open()), ...others.map((other) => other.drop())])
      const failures = opened.filter((o): o is PromiseRejectedResult => o.status === 'rejected').map((o) => String(o.reason))
      expect(failures).toEqual([])
      await Promise.all(opened.map((o) => (o.status === 'fulfilled' && o.value ? o.value.close() : undefined)))
    } finally {
      await Promise.all(ours.map((database) => database.drop()))
    }
  }, 120_000)

  test('a migration is never failed by another test file dropping its tables meanwhile (a down migration)', async () => {
    // Other files' schemas, migrated and open, each migrating all the way down while ours migrate up.
    const others = await Promise.all(Array.from({ length: 6 }, () => freshPostgres()))
    const otherDbs = await Promise.all(others.map((other) => other.open()))
    const ours = await Promise.all(Array.from({ length: 12 }, () => freshPostgres({ migrate: true })))
    try {
      const down = (i: number) => {
        const other = others[i]!
        const migrator = new Migrator({ db: otherDbs[i]!.kysely, provider: migrationProvider, migrationTableSchema: other.schema })
        return other.migratingByHand(async () => {
          const result = await migrator.migrateTo(NO_MIGRATIONS)
          if (result.error) throw result.error
        })
      }
      // Ours start one after another while the others' tables go, so some migration is reading the catalogue at every moment.
      const staggered = ours.map(async (database, i) => {
        await new Promise((resolve) => setTimeout(resolve, i * 150))
        return database.open()
      })
      const opened = await Promise.allSettled([...staggered, ...others.map((_, i) => down(i))])
      const failures = opened.filter((o): o is PromiseRejectedResult => o.status === 'rejected').map((o) => String(o.reason))
      expect(failures).toEqual([])
      await Promise.all(opened.map((o) => (o.status === 'fulfilled' && o.value ? o.value.close() : undefined)))
    } finally {
      await Promise.all(otherDbs.map((db) => db.close()))
      await Promise.all([...ours, ...others].map((database) => database.drop()))
    }
  }, 120_000)
  test("a test's own hand-run migrator is never failed by another schema being dropped meanwhile", async () => {
    // The address test lists the migrations and goes down and back up itself, while other files end and drop their schemas.
    const others = await Promise.all(Array.from({ length: 8 }, () => freshPostgres()))
    for (const other of others) await (await other.open()).close()
    const ours = await freshPostgres()
    const db = await ours.open()
    const migrator = new Migrator({ db: db.kysely, provider: migrationProvider, migrationTableSchema: ours.schema })
    const after = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
    try {
      const reads = others.map(async (_, i) => {
        await after(i * 60)
        return ours.migratingByHand(() => migrator.getMigrations())
      })
      const settled = await Promise.allSettled([...reads, ...others.map(async (other, i) => after(i * 60 + 30).then(() => other.drop()))])
      const failures = settled.filter((o): o is PromiseRejectedResult => o.status === 'rejected').map((o) => String(o.reason))
      expect(failures).toEqual([])
    } finally {
      await db.close()
      await ours.drop()
    }
  }, 120_000)
})
