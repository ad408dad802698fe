import { Migrator } from 'kysely'
import type { Address, AddressesResponse } from '@tianyuan/contracts'
import { migrateToLatest } from '../../platform/db'
import { migrationProvider } from '../../platform/db/migrations'
import { newId } from '../../platform/ids'
import { describeEachDatabase, type TestDatabase } from '../../testing/databases'
import { createHarness, removeMediaDir, type Harness } from '../../testing/harness'
import { MAX_ADDRESSES } from './addresses'
import { marketDb } from './schema'
import { isUniqueViolation } from './shared'
import { json } from './testing'

/**
 * The address book's two rules — at most 30 addresses, at most one default — hold when a buyer's
 * requests race (two phones, a retrying network). On PostgreSQL 40 concurrent creates used to store
 * 37 addresses and several defaults.
 */
describeEachDatabase('market: address book limits under concurrency', (fresh) => {
  let database: TestDatabase
  let h: Harness

  beforeAll(async () => {
    database = await fresh()
    h = await createHarness(database)
  })
  afterAll(async () => {
    await h.close()
    removeMediaDir(h)
    await database.drop()
  })

  const body = (i: number, isDefault: boolean) => ({ name: `收货人${i}`, phone: '13800138000', region: '湖北省 恩施州 宣恩县', detail: `黄坪村${i}号`, isDefault })

  test(`40 concurrent creates: exactly ${MAX_ADDRESSES} stored, one default, the rest a zh-CN 409`, async () => {
    const { token } = await h.login()
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) => h.request('POST', '/api/market/addresses', { token, json: body(i, i % 2 === 0) }).then(async (res) => ({ status: res.status, body: await res.text() }))),
    )
    const statuses = results.map((r) => r.status)
    expect(statuses.filter((s) => s === 201)).toHaveLength(MAX_ADDRESSES)
    expect(statuses.filter((s) => s !== 201).every((s) => s === 409)).toBe(true)
    const refused = results.find((r) => r.status === 409)
    expect(JSON.parse(refused?.body ?? '{}')).toMatchObject({ code: 'CONFLICT', message: expect.stringContaining(`最多保存 ${MAX_ADDRESSES} 个地址`) })
    const { items } = await json<AddressesResponse>(await h.request('GET', '/api/market/addresses', { token }), 200)
    expect(items).toHaveLength(MAX_ADDRESSES)
    expect(items.filter((a) => a.isDefault)).toHaveLength(1)
  })

  test('concurrent "make this the default" on ten addresses: one default remains', async () => {
    const { token } = await h.login()
    const created: Address[] = []
    for (let i = 0; i < 10; i++) created.push((await json<{ address: Address }>(await h.request('POST', '/api/market/addresses', { token, json: body(i, false) }), 201)).address)
    const statuses = await Promise.all(created.map((a) => h.request('PATCH', `/api/market/addresses/${a.id}`, { token, json: { isDefault: true } }).then((r) => r.status)))
    expect(statuses.every((s) => s === 200 || s === 409)).toBe(true)
    const { items } = await json<AddressesResponse>(await h.request('GET', '/api/market/addresses', { token }), 200)
    expect(items.filter((a) => a.isDefault)).toHaveLength(1)
  })

  test('the database itself refuses a second default for one buyer', async () => {
    const { token, user } = await h.login()
    const { address } = await json<{ address: Address }>(await h.request('POST', '/api/market/addresses', { token, json: body(1, true) }), 201)
    expect(address.isDefault).toBe(true)
    const t = h.clock.now()
    const row = { id: newId(), user_id: user.id, name: '李', phone: '13800138000', region: '湖北', detail: '村', is_default: 1, created_at: t, updated_at: t, deleted_at: null }
    const second = await marketDb(h.db.kysely)
      .insertInto('market_addresses')
      .values(row)
      .execute()
      .then(
        () => 'stored',
        (error: unknown) => (isUniqueViolation(error) ? 'unique violation' : String(error)),
      )
    expect(second).toBe('unique violation')
    // A deleted address is never the default, so it does not count.
    await marketDb(h.db.kysely)
      .insertInto('market_addresses')
      .values({ ...row, id: newId(), is_default: 0, deleted_at: t })
      .execute()
  })

  test('migration 0007 keeps the newest of the defaults a buyer already has, then enforces one', async () => {
    const { user } = await h.login()
    const db = marketDb(h.db.kysely)
    const migrator = new Migrator({ db: h.db.kysely, provider: migrationProvider, ...(database.schema ? { migrationTableSchema: database.schema } : {}) })
    // Back to before 0007 (and whatever came after it), as a database the race already hit.
    const down = await database.migratingByHand(async () => {
      const names = (await migrator.getMigrations()).map((m) => m.name)
      return migrator.migrateTo(names[names.indexOf('0007_one_default_address') - 1] as string)
    })
    expect(down.error).toBeUndefined()
    try {
      const t = h.clock.now()
      const rows = [0, 1, 2].map((i) => ({
        id: `dup-${i}-${newId().slice(0, 8)}`,
        user_id: user.id,
        name: `收货人${i}`,
        phone: '13800138000',
        region: '湖北',
        detail: `村${i}`,
        is_default: 1,
        created_at: t + i,
        updated_at: t + i,
        deleted_at: i === 2 ? t + 10 : null,
      }))
      await db.insertInto('market_addresses').values(rows).execute()
    } finally {
      await database.migratingByHand(() => migrateToLatest(h.db.kysely, database.schema))
    }
    const defaults = await db.selectFrom('market_addresses').select(['detail']).where('user_id', '=', user.id).where('is_default', '=', 1).execute()
    expect(defaults).toEqual([{ detail: '村1' }])
  })
})
