import type { ErrorBody, FieldIssue, MediaMeta, MeResponse, NoticeListResponse, NoticeResponse, PublishedNoticeResponse, PublishedNoticesResponse } from '@tianyuan/contracts'
import { APP_NAMES, APP_NOTICE_TOPICS } from '@tianyuan/contracts/notices-rules'
import { describeEachDatabase, type TestDatabase } from '../../testing/databases'
import { createHarness, removeMediaDir, type Harness } from '../../testing/harness'
import { fileBlob, multipart, tinyPng } from '../../testing/images'
import { dropSpentMarks } from './opened'
import { noticesDb } from './schema'
import { URGENT_NOTICE_JOB } from './shared'
import { json, newPublisher, noticeBody, publish, type TestPublisher } from './testing'

/**
 * 通知到人 as callers see it: publishers (members of an organisation) publish, and nobody else;
 * every app lists the unexpired notices of its topics with urgent ones pinned first; an expired or
 * withdrawn notice is never served; openings are counted once per reader with nothing stored that
 * says who; a price bulletin's CSV becomes a table in fen or a 400 naming the line; a replayed
 * publish makes one notice; an urgent one schedules its reminder job in the same transaction.
 */
describeEachDatabase('notices', (fresh) => {
  let database: TestDatabase
  let h: Harness
  let clinic: TestPublisher
  let village: TestPublisher

  const HOUR = 3600_000
  const errorOf = (res: Response, status: number) => json<ErrorBody>(res, status)
  const fieldOf = (e: ErrorBody) => (e.details as { issues?: FieldIssue[] } | undefined)?.issues?.[0]?.field
  const list = async (app?: string) => (await json<NoticeListResponse>(await h.request('GET', app ? `/api/notices?app=${app}` : '/api/notices'), 200)).notices
  const published = async (p: TestPublisher) => json<PublishedNoticesResponse>(await h.request('GET', '/api/notices/published', { token: p.token }), 200)
  const upload = async (token: string) => json<MediaMeta>(await h.request('POST', '/api/media', { token, body: multipart({ file: fileBlob(await tinyPng()) }) }), 201)

  beforeEach(async () => {
    database = await fresh()
    // The daily quota has its own suite below.
    h = await createHarness(database, { env: { NOTICES_OPENED_SECRET: 'test-notices-opened-secret-0123456789abcdef', NOTICES_PER_PUBLISHER_PER_DAY: '100' } })
    clinic = await newPublisher(h, '乡镇卫生院')
    village = await newPublisher(h, '村委会')
  })
  afterEach(async () => {
    await h.close()
    removeMediaDir(h)
    await database.drop()
  })

  test('a publisher publishes; every reader (signed in or not) gets it whole; GET /api/me says publisher', async () => {
    const notice = await publish(h, clinic, noticeBody(h))
    expect(notice).toMatchObject({
      title: '周六镇卫生院接种流感疫苗',
      topic: '健康',
      urgent: false,
      photos: [],
      priceTable: null,
      status: 'live',
      statusWord: '展示中',
      openedCount: 0,
      withdrawnAt: null,
      organisation: { id: clinic.organisationId, kind: '乡镇卫生院' },
    })
    expect(notice.paragraphs).toHaveLength(2)
    const [listed] = await list('clinic')
    expect(Object.keys(listed!).sort()).toEqual(['expiresAt', 'id', 'organisation', 'paragraphs', 'photos', 'priceTable', 'publishedAt', 'title', 'topic', 'urgent'])
    expect(listed).toMatchObject({ id: notice.id, paragraphs: notice.paragraphs, title: notice.title })
    const detail = await json<NoticeResponse>(await h.request('GET', `/api/notices/${notice.id}`), 200)
    expect(detail.notice).toEqual(listed)
    const me = await json<MeResponse>(await h.request('GET', '/api/me', { token: clinic.token }), 200)
    expect(me.roles).toContain('publisher')
    const reader = await h.login()
    expect((await json<MeResponse>(await h.request('GET', '/api/me', { token: reader.token }), 200)).roles).not.toContain('publisher')
  })

  test('only publishers publish, see 我发布的 and withdraw; another organisation’s notice is not theirs', async () => {
    const reader = await h.login()
    const refused = await errorOf(await h.request('POST', '/api/notices', { token: reader.token, json: noticeBody(h) }), 403)
    expect(refused.code).toBe('NOT_A_PUBLISHER')
    expect(refused.message).toMatch(/不能发布通知/)
    expect((await errorOf(await h.request('GET', '/api/notices/published', { token: reader.token }), 403)).code).toBe('NOT_A_PUBLISHER')
    expect((await h.request('POST', '/api/notices', { json: noticeBody(h) })).status).toBe(401)
    expect(await list()).toEqual([])

    const notice = await publish(h, clinic, noticeBody(h))
    expect((await errorOf(await h.request('POST', `/api/notices/${notice.id}/withdraw`, { token: reader.token }), 403)).code).toBe('NOT_A_PUBLISHER')
    // A member of another organisation: as if it did not exist.
    expect((await errorOf(await h.request('POST', `/api/notices/${notice.id}/withdraw`, { token: village.token }), 404)).message).toMatch(/没有找到这条通知/)
    expect((await published(village)).notices).toEqual([])
    // A second member of the same organisation sees and withdraws it.
    const colleague = await newPublisher(h, '乡镇卫生院', clinic.organisationId)
    expect((await published(colleague)).notices.map((n) => n.id)).toEqual([notice.id])
    const withdrawn = await json<PublishedNoticeResponse>(await h.request('POST', `/api/notices/${notice.id}/withdraw`, { token: colleague.token }), 200)
    expect(withdrawn.notice).toMatchObject({ status: 'withdrawn', statusWord: '已撤回' })
    expect(await list('clinic')).toEqual([])
    expect((await h.request('GET', `/api/notices/${notice.id}`)).status).toBe(404)
    // Again: the same answer.
    expect((await json<PublishedNoticeResponse>(await h.request('POST', `/api/notices/${notice.id}/withdraw`, { token: clinic.token }), 200)).notice.withdrawnAt).toBe(withdrawn.notice.withdrawnAt)
  })

  test('expiry: in the future and at most 90 days ahead; once past, never listed, shown or counted', async () => {
    const past = await errorOf(await h.request('POST', '/api/notices', { token: clinic.token, json: noticeBody(h, {}, -1) }), 400)
    expect([fieldOf(past), past.message]).toEqual(['expiresAt', '「expiresAt」有误：到期时间应在现在之后'])
    const far = await errorOf(await h.request('POST', '/api/notices', { token: clinic.token, json: noticeBody(h, {}, 90 * 24 + 1) }), 400)
    expect(far.message).toMatch(/最多在 90 天以内/)
    await publish(h, clinic, noticeBody(h, {}, 90 * 24))

    const soon = await publish(h, clinic, noticeBody(h, { title: '今天下午停水' }, 1))
    expect((await list('clinic')).map((n) => n.id)).toContain(soon.id)
    h.clock.advance(HOUR)
    expect((await list('clinic')).map((n) => n.id)).not.toContain(soon.id)
    expect((await list()).map((n) => n.id)).not.toContain(soon.id)
    expect((await errorOf(await h.request('GET', `/api/notices/${soon.id}`), 404)).message).toMatch(/可能已过期或已撤回/)
    expect((await h.request('POST', `/api/notices/${soon.id}/opened`, { json: { deviceId: 'device-0123456789abcdef' } })).status).toBe(404)
    // The publisher still sees it, as expired.
    expect((await published(clinic)).notices.find((n) => n.id === soon.id)).toMatchObject({ status: 'expired', statusWord: '已过期' })
  })

  test('pinning and topics: urgent notices first in every app, then the app’s own topics, newest first', async () => {
    const agri = await newPublisher(h, '农技站')
    const coop = await newPublisher(h, '合作社')
    const credit = await newPublisher(h, '信用社')
    const made: Record<string, string> = {}
    for (const [who, topic] of [
      [clinic, '健康'],
      [agri, '农技'],
      [credit, '政策'],
      [coop, '价格行情'],
      [village, '村务'],
    ] as const) {
      made[topic] = (await publish(h, who, noticeBody(h, { title: `${topic}通知`, topic }))).id
      h.clock.advance(60_000)
    }
    const frost = await publish(h, village, noticeBody(h, { title: '寒潮预警：今晚有霜冻', topic: '天气预警', urgent: true }))
    h.clock.advance(60_000)
    const newerHealth = await publish(h, clinic, noticeBody(h, { title: '义诊', topic: '健康' }))
    // An urgent notice of a topic an app does not show is still pinned there.
    const urgentHealth = await publish(h, clinic, noticeBody(h, { title: '停诊通知', topic: '健康', urgent: true }))

    for (const app of APP_NAMES) {
      const notices = await list(app)
      const urgent = notices.filter((n) => n.urgent)
      expect([app, urgent.map((n) => n.id)]).toEqual([app, [urgentHealth.id, frost.id]])
      expect(notices.slice(0, 2)).toEqual(urgent)
      const rest = notices.slice(2)
      expect(rest.length).toBeGreaterThan(0)
      expect(rest.every((n) => APP_NOTICE_TOPICS[app].includes(n.topic))).toBe(true)
    }
    expect((await list('clinic')).map((n) => n.id)).toEqual([urgentHealth.id, frost.id, newerHealth.id, made['健康']])
    expect((await list('classroom')).slice(2).map((n) => n.id)).toEqual([made['农技']])
    expect((await list('microloan')).slice(2).map((n) => n.id)).toEqual([made['政策']])
    expect((await list('market')).slice(2).map((n) => n.id)).toEqual([made['价格行情']])
    // 村务 is in no app's topics: only the full list has it.
    expect((await list()).map((n) => n.id)).toContain(made['村务'])
    expect((await errorOf(await h.request('GET', '/api/notices?app=wechat'), 400)).message).toMatch(/应用只能是/)
  })

  test('the list: at most 20, ETag and 304 on a repeat visit, public', async () => {
    for (let i = 0; i < 22; i++) await publish(h, clinic, noticeBody(h, { title: `通知 ${i}` }))
    const first = await h.request('GET', '/api/notices?app=clinic')
    expect(first.status).toBe(200)
    expect(((await first.json()) as NoticeListResponse).notices).toHaveLength(20)
    const tag = first.headers.get('etag')
    expect(tag).toBeTruthy()
    const again = await h.request('GET', '/api/notices?app=clinic', { headers: { 'if-none-match': tag! } })
    expect(again.status).toBe(304)
    expect(await again.text()).toBe('')
  })

  test('photos: the publisher’s own uploads only, at most 9', async () => {
    const own = [await upload(clinic.token), await upload(clinic.token)]
    const notice = await publish(h, clinic, noticeBody(h, { photoIds: own.map((p) => p.id) }))
    expect(notice.photos).toEqual(own.map((p) => ({ id: p.id, width: p.width, height: p.height, thumbhash: p.thumbhash })))
    const someoneElses = await upload((await h.login()).token)
    const refused = await errorOf(await h.request('POST', '/api/notices', { token: clinic.token, json: noticeBody(h, { photoIds: [own[0]!.id, someoneElses.id] }) }), 400)
    expect([fieldOf(refused), refused.message]).toEqual(['photoIds.1', '「photoIds.1」有误：找不到这张照片，请重新上传'])
    const ten = Array.from({ length: 10 }, (_, i) => `photo${String(i).padStart(18, '0')}`)
    expect((await errorOf(await h.request('POST', '/api/notices', { token: clinic.token, json: noticeBody(h, { photoIds: ten }) }), 400)).message).toMatch(/最多 9 张照片/)
    expect((await published(clinic)).notices).toHaveLength(1)
  })

  test('openings: two readers, one of them twice → 2; nothing stored or logged says who', async () => {
    const notice = await publish(h, clinic, noticeBody(h))
    const other = await publish(h, clinic, noticeBody(h, { title: '第二条' }))
    const a = await h.login()
    const b = await h.login()
    const open = (id: string, init: { token?: string; json?: unknown; headers?: Record<string, string> }) => h.request('POST', `/api/notices/${id}/opened`, init)
    expect(await json(await open(notice.id, { token: a.token, headers: { 'idempotency-key': 'open-1' } }), 200)).toEqual({ ok: true })
    expect((await open(notice.id, { token: a.token, headers: { 'idempotency-key': 'open-2' } })).status).toBe(200)
    expect((await open(notice.id, { token: b.token })).status).toBe(200)
    expect((await open(other.id, { token: a.token })).status).toBe(200)
    expect((await published(clinic)).notices.find((n) => n.id === notice.id)?.openedCount).toBe(2)

    // A phone nobody signed in on counts by its own device id, once.
    expect((await open(notice.id, { json: { deviceId: 'device-0123456789abcdef' } })).status).toBe(200)
    expect((await open(notice.id, { json: { deviceId: 'device-0123456789abcdef' } })).status).toBe(200)
    expect((await published(clinic)).notices.find((n) => n.id === notice.id)?.openedCount).toBe(3)
    expect(fieldOf(await errorOf(await open(notice.id, {}), 400))).toBe('deviceId')

    // The stored rows: marks only — no user id, openid or device id anywhere, and one reader's
    // marks on two notices differ (no reading history can be joined up across notices).
    const db = noticesDb(h.db.kysely)
    const marks = await db.selectFrom('notice_open_marks').selectAll().execute()
    expect(marks).toHaveLength(4)
    const stored = JSON.stringify(marks) + JSON.stringify(await db.selectFrom('notices').selectAll().execute())
    for (const secret of [a.user.id, b.user.id, 'device-0123456789abcdef']) expect(stored).not.toContain(secret)
    expect(Object.keys(marks[0]!).sort()).toEqual(['mark', 'notice_id'])
    expect(new Set(marks.map((m) => m.mark)).size).toBe(4)
    // The idempotency store keeps nothing of an opening, and the request log line names no user.
    const keys = await h.db.kysely.selectFrom('idempotency_keys').selectAll().execute()
    expect(keys.filter((k) => k.key.startsWith('open-'))).toEqual([])
    const openedLines = h.logs.filter((line) => line.includes('/opened'))
    expect(openedLines.length).toBeGreaterThan(0)
    for (const line of openedLines) expect(line).not.toMatch(/userId/)

    // Once the notice expires, its marks and salt go; the count stays.
    h.clock.advance(48 * HOUR)
    expect(await dropSpentMarks({ db, now: h.clock.now })).toEqual({ notices: 2, marks: 4 })
    expect(await db.selectFrom('notice_open_marks').selectAll().execute()).toEqual([])
    expect((await db.selectFrom('notices').select('opened_salt').execute()).map((r) => r.opened_salt)).toEqual([null, null])
    expect((await published(clinic)).notices.find((n) => n.id === notice.id)?.openedCount).toBe(3)
  })

  test('a price bulletin: the pasted CSV becomes a table in fen; a bad line is a 400 naming it', async () => {
    const coop = await newPublisher(h, '合作社')
    const csv = '品名,单位,价格(元),涨跌(元)\n大白菜,元/公斤,1.10,-0.04\n土豆，公斤，2.8，0\n鸡蛋\t公斤\t8.60\t+0.14\n'
    const notice = await publish(h, coop, noticeBody(h, { title: '今日批发价', topic: '价格行情', priceTable: csv }))
    expect(notice.priceTable).toEqual([
      { product: '大白菜', unit: '公斤', priceFen: 110, changeFen: -4 },
      { product: '土豆', unit: '公斤', priceFen: 280, changeFen: 0 },
      { product: '鸡蛋', unit: '公斤', priceFen: 860, changeFen: 14 },
    ])
    expect((await list('market'))[0]?.priceTable).toEqual(notice.priceTable)

    const bad = await errorOf(await h.request('POST', '/api/notices', { token: coop.token, json: noticeBody(h, { topic: '价格行情', priceTable: '大白菜,公斤,1.10\n土豆,公斤,两块八,0' }) }), 400)
    expect([fieldOf(bad), bad.message]).toEqual(['priceTable', '「priceTable」有误：第 2 行的价格“两块八”不是金额，请写成 2.35 这样（单位：元，最多两位小数）'])
    const wrongTopic = await errorOf(await h.request('POST', '/api/notices', { token: coop.token, json: noticeBody(h, { topic: '健康', priceTable: '大白菜,公斤,1.10' }) }), 400)
    expect(wrongTopic.message).toMatch(/只有“价格行情”通知可以带价格表/)
    expect((await published(coop)).notices).toHaveLength(1)
  })

  test('a replayed publish (same Idempotency-Key) answers the first notice and makes no second one', async () => {
    const body = noticeBody(h)
    const first = await publish(h, clinic, body, { 'idempotency-key': 'publish-once' })
    const res = await h.request('POST', '/api/notices', { token: clinic.token, json: body, headers: { 'idempotency-key': 'publish-once' } })
    expect(res.status).toBe(201)
    expect(res.headers.get('idempotent-replayed')).toBe('true')
    expect(((await res.json()) as PublishedNoticeResponse).notice.id).toBe(first.id)
    expect((await published(clinic)).notices.map((n) => n.id)).toEqual([first.id])
    // The answer was stored with the notice, in its transaction.
    const key = await h.db.kysely.selectFrom('idempotency_keys').selectAll().where('key', '=', 'publish-once').executeTakeFirstOrThrow()
    expect(key.state).toBe('done')
  })

  test('an urgent notice schedules its reminder job with it, until its expiry; withdrawing cancels the job', async () => {
    const plain = await publish(h, village, noticeBody(h, { topic: '天气预警' }))
    const urgent = await publish(h, village, noticeBody(h, { title: '寒潮预警：今晚有霜冻', topic: '天气预警', urgent: true }, 24))
    const jobs = await h.db.kysely.selectFrom('scheduled_jobs').selectAll().where('kind', '=', URGENT_NOTICE_JOB).execute()
    expect(jobs.map((j) => j.key)).toEqual([urgent.id])
    expect(jobs[0]).toMatchObject({ status: 'due' })
    expect(Number(jobs[0]!.run_at)).toBe(Date.parse(urgent.publishedAt))
    expect(Number(jobs[0]!.expires_at)).toBe(Date.parse(urgent.expiresAt))
    expect(JSON.parse(jobs[0]!.payload)).toMatchObject({ noticeId: urgent.id, topic: '天气预警' })
    expect(jobs.map((j) => j.key)).not.toContain(plain.id)
    await json(await h.request('POST', `/api/notices/${urgent.id}/withdraw`, { token: village.token }), 200)
    expect((await h.db.kysely.selectFrom('scheduled_jobs').select('status').where('key', '=', urgent.id).executeTakeFirstOrThrow()).status).toBe('cancelled')
  })
})

describeEachDatabase('notices: the daily quota', (fresh) => {
  let database: TestDatabase
  let h: Harness

  beforeAll(async () => {
    database = await fresh()
    h = await createHarness(database, { env: { NOTICES_PER_PUBLISHER_PER_DAY: '2' } })
  })
  afterAll(async () => {
    await h.close()
    removeMediaDir(h)
    await database.drop()
  })

  test('a publisher’s third notice of a Shanghai day → 429 in plain words; the next day it goes', async () => {
    // 2026-11-28 12:00 in Shanghai.
    const publisher = await newPublisher(h)
    await publish(h, publisher, noticeBody(h))
    await publish(h, publisher, noticeBody(h))
    const res = await h.request('POST', '/api/notices', { token: publisher.token, json: noticeBody(h) })
    const refused = await json<ErrorBody>(res, 429)
    expect(refused.code).toBe('RATE_LIMITED')
    expect(refused.message).toBe('每个账号一天最多发布 2 条通知，今天已经发了 2 条，请明天再发；要改正已发的通知，可以先撤回再重发')
    expect(Number(res.headers.get('retry-after'))).toBe(12 * 3600)
    expect((await json<PublishedNoticesResponse>(await h.request('GET', '/api/notices/published', { token: publisher.token }), 200)).quota).toEqual({ usedToday: 2, perDay: 2 })
    h.clock.advance(12 * 3600_000)
    await publish(h, publisher, noticeBody(h))
  })
})
