import type { ErrorBody, PublishedNoticeResponse } from '@tianyuan/contracts'
import { IDEMPOTENCY_STALE_MS } from '../../platform/idempotency'
import { startApiProcess, type ApiProcess } from '../../testing/api-process'
import { describeEachDatabase, type TestDatabase } from '../../testing/databases'
import { createHarness, removeMediaDir, TestClock, type Harness } from '../../testing/harness'
import { noticesDb } from './schema'
import { URGENT_NOTICE_JOB } from './shared'
import { newPublisher, noticeBody, type TestPublisher } from './testing'

// Exactly once across a crash (platform/idempotency-crash.test.ts's pattern): the real API in a
// child process is killed with SIGKILL after the publish transaction committed and before the
// middleware stored its answer; the retry with the same Idempotency-Key, to a fresh server after
// the stale window, replays the first notice — one notice, one reminder job — because the answer
// was committed with the notice (answerInTransaction).
describeEachDatabase('notices: a publish across kill -9', (fresh) => {
  let database: TestDatabase
  let h: Harness
  let publisher: TestPublisher
  const children: ApiProcess[] = []

  beforeAll(async () => {
    database = await fresh()
    h = await createHarness(database, { clock: new TestClock(Date.now()) })
    publisher = await newPublisher(h, '村委会')
  })
  afterAll(async () => {
    await Promise.all(children.map((c) => c.close()))
    await h.close()
    removeMediaDir(h)
    await database.drop()
  })

  const start = async (env: Record<string, string>, clockOffsetMs = 0) => {
    const child = await startApiProcess({ target: database.target, schema: database.schema, mediaDir: h.mediaDir, clockOffsetMs }, env)
    children.push(child)
    return child
  }
  const post = (url: string, json: unknown, headers: Record<string, string> = {}) =>
    fetch(`${url}/api/notices`, {
      method: 'POST',
      headers: { authorization: `Bearer ${publisher.token}`, 'content-type': 'application/json', 'idempotency-key': 'notice-crash-1', ...headers },
      body: JSON.stringify(json),
    })

  test('an urgent notice: the retry replays it; one notice, one reminder job', async () => {
    const body = noticeBody(h, { title: '寒潮预警：今晚有霜冻', topic: '天气预警', urgent: true })
    const crashing = await start({ TIANYUAN_TEST_CRASH_AFTER_COMMIT: '1' })
    await expect(post(crashing.url, body, { 'x-test-crash-after-commit': '1' })).rejects.toThrow()
    expect((await crashing.exited).signal).toBe('SIGKILL')
    const notices = () => noticesDb(h.db.kysely).selectFrom('notices').select('id').where('author_id', '=', publisher.userId).execute()
    const committed = await notices()
    expect(committed).toHaveLength(1) // the work did commit before the kill

    const later = await start({}, IDEMPOTENCY_STALE_MS + 60_000)
    const res = await post(later.url, body)
    const text = await res.text()
    expect({ status: res.status, error: res.status === 201 ? null : (JSON.parse(text) as ErrorBody) }).toEqual({ status: 201, error: null })
    expect(res.headers.get('idempotent-replayed')).toBe('true')
    expect((JSON.parse(text) as PublishedNoticeResponse).notice.id).toBe(committed[0]?.id)
    expect(await notices()).toHaveLength(1)
    const jobs = await h.db.kysely.selectFrom('scheduled_jobs').select('key').where('kind', '=', URGENT_NOTICE_JOB).execute()
    expect(jobs.map((j) => j.key)).toEqual([committed[0]?.id])
  }, 120_000)
})
