import { Hono } from 'hono'
import type { Kysely } from 'kysely'
import type { ErrorBody } from '@tianyuan/contracts'
import { describeEachDatabase, type TestDatabase } from '../testing/databases'
import type { AppEnv } from './context'
import type { Db } from './db'
import { AppError } from './errors'
import { answerInTransaction, idempotency } from './idempotency'
import { createLogger } from './logging'

interface Scratch {
  idem_scratch: { id: string; label: string }
}

// answerInTransaction: the answer commits with the work, so what happens after the commit (a
// failure, a crash) cannot make a retry run the work again — and a run that lost its claim
// cannot commit its work at all.
describeEachDatabase('Idempotency-Key: the answer stored with the work', (fresh) => {
  let database: TestDatabase
  let db: Db
  let k: Kysely<Scratch>
  let afterCommit: 'fail' | 'nothing' = 'nothing'
  let beforeWork: (key: string) => Promise<void> = async () => undefined
  let app: Hono<AppEnv>
  let seq = 0

  beforeAll(async () => {
    database = await fresh()
    db = await database.open()
    k = db.kysely as unknown as Kysely<Scratch>
    await k.schema.createTable('idem_scratch').addColumn('id', 'text', (c) => c.primaryKey()).addColumn('label', 'text', (c) => c.notNull()).execute()
    const log = createLogger({ level: 'silent' })
    app = new Hono<AppEnv>()
    app.onError((error, c) =>
      error instanceof AppError ? c.json(error.toBody(), error.status, error.headers) : c.json({ code: 'INTERNAL', message: '服务器开小差了' }, 500),
    )
    app.use('*', async (c, next) => {
      c.set('log', log)
      c.set('caller', { kind: 'user', userId: 'user-1', tokenHash: 'h' })
      await next()
    })
    app.use('*', idempotency(db.kysely, Date.now))
    app.post('/things', async (c) => {
      const { label } = (await c.req.json()) as { label: string }
      await beforeWork(c.req.header('idempotency-key') ?? '')
      const thing = await k.transaction().execute(async (trx) => {
        const row = { id: `thing-${++seq}`, label }
        await trx.insertInto('idem_scratch').values(row).execute()
        await answerInTransaction(trx, 201, { thing: row })
        return row
      })
      if (afterCommit === 'fail') throw new Error('the connection to the log server broke')
      return c.json({ thing }, 201)
    })
  })
  afterAll(async () => {
    await db.close()
    await database.drop()
  })
  afterEach(() => {
    afterCommit = 'nothing'
    beforeWork = async () => undefined
  })

  const post = (key: string, label: string) =>
    app.request('/things', { method: 'POST', headers: { 'content-type': 'application/json', 'idempotency-key': key }, body: JSON.stringify({ label }) })
  const things = (label: string) => k.selectFrom('idem_scratch').selectAll().where('label', '=', label).execute()

  test('the stored answer is the one committed with the work, byte for byte', async () => {
    const first = await post('k-ok', '苹果')
    expect(first.status).toBe(201)
    const body = await first.text()
    const again = await post('k-ok', '苹果')
    expect(again.status).toBe(201)
    expect(again.headers.get('idempotent-replayed')).toBe('true')
    expect(again.headers.get('content-type')).toBe(first.headers.get('content-type'))
    expect(await again.text()).toBe(body)
    expect(await things('苹果')).toHaveLength(1)
  })

  test('a failure after the commit (500) does not release the key: the retry replays the work’s answer', async () => {
    afterCommit = 'fail'
    expect((await post('k-fail-after', '梨')).status).toBe(500)
    afterCommit = 'nothing'
    const retry = await post('k-fail-after', '梨')
    expect(retry.status).toBe(201)
    expect(retry.headers.get('idempotent-replayed')).toBe('true')
    const [row] = await things('梨')
    expect(((await retry.json()) as { thing: { id: string } }).thing.id).toBe(row?.id)
    expect(await things('梨')).toHaveLength(1)
  })

  test('a run whose claim another instance took over cannot commit its work (409, rolled back)', async () => {
    // As if the claim had gone stale and another instance had taken it over meanwhile.
    beforeWork = async (key) => {
      await db.kysely.updateTable('idempotency_keys').set((eb) => ({ claimed_at: eb('claimed_at', '+', 1) })).where('key', '=', key).execute()
    }
    const res = await post('k-taken-over', '桃')
    expect(res.status).toBe(409)
    expect(((await res.json()) as ErrorBody).code).toBe('IDEMPOTENCY_IN_PROGRESS')
    expect(await things('桃')).toHaveLength(0)
  })
})
