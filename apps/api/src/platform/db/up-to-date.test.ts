import { sql } from 'kysely'
import { describeEachDatabase } from '../../testing/databases'

// openDatabase skips Kysely's migrator when `kysely_migration` lists exactly the known migrations.
// A database that is behind or ahead of the code must still reach the migrator (which migrates it,
// or refuses it with its own error), never be taken as up to date.
describeEachDatabase('a database is up to date only with exactly the known migrations', (fresh) => {
  async function reopenAfter(change: 'forget the first migration' | 'add an unknown migration'): Promise<unknown> {
    const database = await fresh()
    const db = await database.open()
    try {
      if (change === 'forget the first migration') await sql`delete from kysely_migration where name = ${'0001_init'}`.execute(db.kysely)
      else await sql`insert into kysely_migration (name, timestamp) values (${'9999_from_newer_code'}, ${new Date().toISOString()})`.execute(db.kysely)
      await db.close()
      const again = await database.open().then(
        (opened) => opened,
        (error: unknown) => error,
      )
      if (again instanceof Error) return again.message
      await (again as { close(): Promise<void> }).close()
      return 'opened'
    } finally {
      await database.drop()
    }
  }

  test('one known migration missing from its list: the migrator runs (and fails: its tables are there)', async () => {
    expect(await reopenAfter('forget the first migration')).toMatch(/database migration failed/)
  })

  test('a migration the code does not know: the migrator refuses it', async () => {
    expect(await reopenAfter('add an unknown migration')).toMatch(/database migration failed.*9999_from_newer_code/)
  })
})
