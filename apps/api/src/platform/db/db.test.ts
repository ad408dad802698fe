import { describeEachDatabase } from '../../testing/databases'
import { hitRateLimit } from '../auth/rate-limit'
import { upsertUserByOpenid } from '../../modules/auth/repo'

describeEachDatabase('database', (fresh) => {
  test('migrations run once and are a no-op on the next start', async () => {
    const database = await fresh()
    const first = await database.open()
    const second = await database.open()
    try {
      await first.kysely.insertInto('rate_limits').values({ bucket: 'b', window_start: 1, hits: 1 }).execute()
      const rows = await second.kysely.selectFrom('rate_limits').selectAll().execute()
      expect(rows).toEqual([{ bucket: 'b', window_start: 1, hits: 1 }])
    } finally {
      await first.close()
      await second.close()
      await database.drop()
    }
  })

  test('two instances racing: one user per openid, and every rate-limit hit counted', async () => {
    const database = await fresh()
    const a = await database.open()
    const b = await database.open()
    try {
      const users = await Promise.all(Array.from({ length: 10 }, (_, i) => upsertUserByOpenid((i % 2 ? a : b).kysely, 'same-openid', null, 1000)))
      expect(new Set(users.map((u) => u.id)).size).toBe(1)
      const hits = await Promise.all(Array.from({ length: 20 }, (_, i) => hitRateLimit((i % 2 ? a : b).kysely, 'k', 15, 60_000, 5000)))
      expect(hits.filter((h) => h.allowed)).toHaveLength(15)
      const row = await a.kysely.selectFrom('rate_limits').selectAll().where('bucket', '=', 'k').executeTakeFirstOrThrow()
      expect(row.hits).toBe(20)
    } finally {
      await a.close()
      await b.close()
      await database.drop()
    }
  })
})
