import { sql, type Kysely } from 'kysely'
import { describeEachDatabase, type TestDatabase } from '../../testing/databases'
import { upsertUserByOpenid } from '../../modules/auth/repo'
import { hitRateLimit } from '../auth/rate-limit'
import type { Database, Db } from '.'

// Db.catalogueVersion (migration 0019) on two connections to one database, as two API processes
// have: it moves with every committed change to the catalogue's tables, by any writer, and with
// nothing else; never with a change that is not (yet) committed.
describeEachDatabase('catalogue version', (fresh, kind) => {
  let database: TestDatabase
  let a: Db
  let b: Db

  beforeAll(async () => {
    database = await fresh()
    a = await database.open()
    b = await database.open()
  })
  afterAll(async () => {
    await a.close()
    await b.close()
    await database.drop()
  })

  const versions = async () => [await a.catalogueVersion(), await b.catalogueVersion()]
  let seq = 0
  const addCategory = (k: Kysely<Database>) => sql`insert into market_categories (id, name, sort) values (${`test_${++seq}`}, ${'测试'}, ${900 + seq})`.execute(k)

  test('a sign-in and a rate-limit hit leave it; a category added by either connection moves it for both', async () => {
    const before = await versions()
    expect(before[0]).toBe(before[1])
    await upsertUserByOpenid(a.kysely, 'openid-1', null, 1000)
    await hitRateLimit(b.kysely, 'k', 5, 60_000, 1000)
    expect(await versions()).toEqual(before)
    await addCategory(b.kysely)
    const after = await versions()
    expect(after[0]).toBe(after[1])
    expect(after[0]).not.toBe(before[0])
  })

  test('a change not yet committed is in neither connection’s version, and a rolled-back one never is', async () => {
    const before = await versions()
    let duringOwn: Promise<string> | null = null
    await expect(
      a.kysely.transaction().execute(async (trx) => {
        await sql`update market_categories set name = ${'改了又撤回'} where id = ${'fruit'}`.execute(trx)
        // Another request of the same process, while this transaction is open (on SQLite: the same connection).
        duringOwn = a.catalogueVersion()
        expect(await b.catalogueVersion()).toBe(before[1])
        throw new Error('roll back')
      }),
    ).rejects.toThrow('roll back')
    expect(await (duringOwn as unknown as Promise<string>)).toBe(before[0])
    expect(await versions()).toEqual(before)
    const names = await sql<{ name: string }>`select name from market_categories where id = ${'fruit'}`.execute(b.kysely)
    expect(names.rows[0]?.name).toBe('新鲜水果')
  })

  if (kind === 'postgres') {
    test('an open catalogue transaction does not hold up another one (no hot counter row until commit)', async () => {
      const before = await versions()
      let releaseFirst: () => void = () => undefined
      const firstHolds = new Promise<void>((resolve) => (releaseFirst = resolve))
      let firstWrote: () => void = () => undefined
      const wrote = new Promise<void>((resolve) => (firstWrote = resolve))
      const first = a.kysely.transaction().execute(async (trx) => {
        await sql`update market_categories set sort = sort + 1 where id = ${'fruit'}`.execute(trx)
        firstWrote()
        await firstHolds
      })
      await wrote
      // The second must commit while the first still holds its rows; a counter row taken by the
      // first's statement would make it wait (and fail on the lock timeout).
      let between: string[]
      try {
        await b.kysely.transaction().execute(async (trx) => {
          await sql`set local lock_timeout = '2s'`.execute(trx)
          await sql`update market_categories set sort = sort + 1 where id = ${'grain'}`.execute(trx)
          await addCategory(trx)
        })
        between = await versions()
      } finally {
        releaseFirst()
        await first
      }
      expect(between[0]).not.toBe(before[0])
      const after = await versions()
      expect(after[0]).not.toBe(between[0])
      // One step per transaction, however many statements it ran.
      expect(BigInt(after[0] as string) - BigInt(before[0] as string)).toBe(2n)
    })
  }
})
