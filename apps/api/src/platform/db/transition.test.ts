import type { Kysely } from 'kysely'
import { AppError } from '../errors'
import { describeEachDatabase, type TestDatabase } from '../../testing/databases'
import type { Db } from '.'
import { transition } from './transition'

interface Scratch {
  transition_scratch: { id: string; status: string; owner: string; n: number; note: string | null }
}

describeEachDatabase('transition (one conditional status update)', (fresh) => {
  let database: TestDatabase
  let db: Db
  let k: Kysely<Scratch>

  beforeAll(async () => {
    database = await fresh()
    db = await database.open()
    // A table of its own, so the helper is seen working on any table with id and status.
    k = db.kysely as unknown as Kysely<Scratch>
    await k.schema
      .createTable('transition_scratch')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('owner', 'text', (c) => c.notNull())
      .addColumn('n', 'integer', (c) => c.notNull())
      .addColumn('note', 'text')
      .execute()
  })
  afterAll(async () => {
    await db.close()
    await database.drop()
  })

  const row = (id: string) => k.selectFrom('transition_scratch').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
  const insert = (id: string, status = 'pending') => k.insertInto('transition_scratch').values({ id, status, owner: 'u1', n: 0, note: null }).execute()

  test('moves the row from an allowed status, with the other columns, exactly once', async () => {
    await insert('a')
    expect(await transition(k, 'transition_scratch', 'a', { from: ['pending'], to: 'paid', set: { n: 1, note: '已付款' } })).toBe(true)
    expect(await row('a')).toMatchObject({ status: 'paid', n: 1, note: '已付款' })
    // Again: the row is no longer pending.
    expect(await transition(k, 'transition_scratch', 'a', { from: ['pending'], to: 'paid', set: { n: 2 } })).toBe(false)
    expect((await row('a')).n).toBe(1)
    expect(await transition(k, 'transition_scratch', 'missing', { from: ['pending'], to: 'paid' })).toBe(false)
  })

  test('of twenty racing callers exactly one wins', async () => {
    await insert('race')
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        db.kysely.transaction().execute((trx) => transition(trx as unknown as Kysely<Scratch>, 'transition_scratch', 'race', { from: ['pending', 'held'], to: 'cancelled', set: { n: i + 1 } })),
      ),
    )
    expect(results.filter(Boolean)).toHaveLength(1)
    const winner = results.indexOf(true) + 1
    expect(await row('race')).toMatchObject({ status: 'cancelled', n: winner })
  })

  test('further conditions, a change that keeps the status, and a conflict thrown in the caller’s words', async () => {
    await insert('b', 'booked')
    const notYours = await transition(k, 'transition_scratch', 'b', { from: ['booked'], to: 'cancelled', where: (q) => q.where('owner', '=', 'u2') })
    expect(notYours).toBe(false)
    expect(await transition(k, 'transition_scratch', 'b', { from: ['booked'], set: { note: '改约' }, where: (q) => q.where('owner', '=', 'u1') })).toBe(true)
    expect(await row('b')).toMatchObject({ status: 'booked', note: '改约' })
    const conflict = () => new AppError(409, 'APPOINTMENT_STATE_CONFLICT', '预约已经开始，不能取消')
    await expect(transition(k, 'transition_scratch', 'b', { from: ['pending'], to: 'cancelled', conflict })).rejects.toMatchObject({ status: 409, code: 'APPOINTMENT_STATE_CONFLICT' })
    expect((await row('b')).status).toBe('booked')
  })
})
