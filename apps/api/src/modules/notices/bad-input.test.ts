import fc from 'fast-check'
import { NoticeListQuery, NoticeOpenedRequest, PublishNoticeRequest } from '@tianyuan/contracts'
import { describeEachDatabase, type TestDatabase } from '../../testing/databases'
import { createHarness, removeMediaDir, type Harness } from '../../testing/harness'
import { Empty, expectRefused, mutationsOf, snapshotTables, sweepRoutes, sweepUnprintableText, unprintableQueryText, type SweepRoute } from '../../testing/bad-input-sweep'
import { noticesDb, type NoticesTables } from './schema'
import { newPublisher, publish, noticeBody, type TestPublisher } from './testing'

/**
 * The notices' routes in the bad-input sweep (the rules of ../bad-input.test.ts): generated
 * malformed JSON, wrong types, unknown fields, huge numbers and oversize bodies each get a 4xx in the
 * one error shape with a zh-CN message, and no notice, price row, mark or count is stored.
 */
const TABLES = ['users', 'media', 'notices', 'notice_price_rows', 'notice_open_marks', 'scheduled_jobs'] as const satisfies readonly (keyof NoticesTables | 'users' | 'media' | 'scheduled_jobs')[]

const snapshot = (h: Harness): Promise<string> => snapshotTables(noticesDb(h.db.kysely), TABLES)

describeEachDatabase('notices: bad input', (fresh) => {
  let database: TestDatabase
  let h: Harness
  let publisher: TestPublisher
  let noticeId: string

  beforeAll(async () => {
    database = await fresh()
    h = await createHarness(database)
    publisher = await newPublisher(h, '合作社')
    noticeId = (await publish(h, publisher, noticeBody(h))).id
  })
  afterAll(async () => {
    await h.close()
    removeMediaDir(h)
    await database.drop()
  })

  // The valid body expired an hour ago (refused by the server's clock), so no mutation of it can
  // publish: every generated body must be refused, whichever field it breaks.
  const validPublish = () => ({
    title: '今日批发价',
    paragraphs: ['今天下午两点县批发市场的平均批发价。'],
    topic: '价格行情',
    expiresAt: new Date(h.clock.now() - 3600_000).toISOString(),
    urgent: true,
    priceTable: '大白菜,公斤,1.10,-0.04\n土豆,公斤,2.80,0',
  })

  const routes: SweepRoute[] = [
    { method: 'POST', name: '/api/notices', path: () => '/api/notices', token: () => publisher.token, schema: PublishNoticeRequest, valid: validPublish },
    { method: 'POST', name: '/api/notices/:id/withdraw', path: () => `/api/notices/${noticeId}/withdraw`, token: () => publisher.token, schema: Empty },
    // Nobody signed in: a body without a (valid) deviceId is refused; a valid one would count, so none is generated.
    { method: 'POST', name: '/api/notices/:id/opened', path: () => `/api/notices/${noticeId}/opened`, token: () => undefined, schema: NoticeOpenedRequest.refine((b) => b.deviceId !== undefined) },
  ]

  const poison = fc.constantFrom<unknown>(-1, 0, 1e15, null, true, [], {}, '', '   ', 'x'.repeat(3001), ['x'.repeat(1001)], Array.from({ length: 21 }, () => '段'), '健康', '2026-02-30T08:00:00+08:00', '大白菜,公斤', '大白菜,公斤,免费')

  sweepRoutes(routes, {
    harness: () => h,
    snapshot,
    numRuns: 30,
    hugeNumbers: fc.constantFrom('{"title": 1e400}', '{"photoIds": [-1e309]}', '{"urgent": 1e999}', '[1e400]', '1e999'),
    shapes: (route) => [...mutationsOf(route.valid, poison), fc.record({ deviceId: fc.constantFrom('short', '', 'x'.repeat(65), 'has space 0123456789') })],
    formBody: 'title=hello',
    oversize: { title: 'a'.repeat(200_000) },
  })

  sweepUnprintableText(routes, { harness: () => h, snapshot })

  test('GET routes: generated bad query strings → 400, database unchanged', async () => {
    const before = await snapshot(h)
    const key = fc.constantFrom('app', 'topic', 'page', 'x')
    const value = fc.oneof(fc.string({ maxLength: 8 }), unprintableQueryText, fc.constantFrom('Clinic', 'wechat', '', '健康', 'x'.repeat(70)))
    await fc.assert(
      fc.asyncProperty(fc.dictionary(key, value, { minKeys: 1, maxKeys: 3 }), async (query) => {
        const qs = new URLSearchParams(query).toString()
        if (!NoticeListQuery.safeParse(query).success) await expectRefused(await h.request('GET', `/api/notices?${qs}`))
        if (!Empty.safeParse(query).success) {
          await expectRefused(await h.request('GET', `/api/notices/${noticeId}?${qs}`))
          await expectRefused(await h.request('GET', `/api/notices/published?${qs}`, { token: publisher.token }))
        }
      }),
      { numRuns: 25 },
    )
    expect(await snapshot(h)).toBe(before)
  })
})
