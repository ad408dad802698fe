import fc from 'fast-check'
import { SubscriptionAnswersRequest, type ErrorBody, type SubscriptionTemplatesResponse } from '@tianyuan/contracts'
import { REMINDER_TEMPLATES } from '@tianyuan/contracts/subscribe-rules'
import { describeEachDatabase, type TestDatabase } from '../../testing/databases'
import { createHarness, removeMediaDir, type Harness } from '../../testing/harness'
import { expectRefused, snapshotTables, sweepRoutes, sweepUnprintableText } from '../../testing/bad-input-sweep'
import { createLogger } from '../../platform/logging'
import { createWeChatClient } from '../../platform/wechat/client'
import { subscriptionsDb } from './schema'
import { createSubscriptions, RetryableSendError } from './service'

/**
 * Subscribe messages end to end against the in-process WeChat sandbox (real HTTP semantics, its own
 * reading of WeChat's rules): the answers an app reports, and sendReminder's outcomes, each
 * recorded in subscribe_sends.
 */
const VISIT = REMINDER_TEMPLATES.clinic_appointment.templateId
const visitData = (over: Record<string, string> = {}) => ({
  name1: '王秀英',
  thing2: '李医生 内科',
  time3: '2026年11月28日 14:00',
  thing4: '青石镇卫生院 二楼',
  thing5: '请带好医保卡，提前十分钟到',
  ...over,
})

describeEachDatabase('subscriptions', (fresh) => {
  let database: TestDatabase
  let h: Harness
  let seq = 0

  beforeAll(async () => {
    database = await fresh()
    h = await createHarness(database)
  })
  afterAll(async () => {
    await h.close()
    removeMediaDir(h)
    await database.drop()
  })

  /** A villager signed in to the API with the openid the sandbox gives them. */
  const villager = async () => {
    const name = `村民${process.pid}-${++seq}`
    const login = await h.login(h.sandbox.openidOf(name))
    return { name, token: login.token, userId: login.user.id }
  }
  const sends = (userId: string) =>
    subscriptionsDb(h.db.kysely).selectFrom('subscribe_sends').selectAll().where('user_id', '=', userId).orderBy('created_at').orderBy('id').execute()
  const remind = (userId: string, data = visitData()) =>
    h.subscriptions.sendReminder({ userId, key: 'clinic_appointment', data, page: 'pkg/pages/appointment/index?id=a1', app: 'clinic' })
  const report = (token: string, body: unknown) => h.request('POST', '/api/subscriptions', { token, json: body })

  test('GET /api/subscriptions/templates: each reminder key → its template id (public)', async () => {
    const res = await h.request('GET', '/api/subscriptions/templates')
    expect(res.status).toBe(200)
    const body = (await res.json()) as SubscriptionTemplatesResponse
    expect(body.templates.clinic_appointment).toBe(VISIT)
    expect(Object.keys(body.templates).sort()).toEqual(['classroom_answered', 'clinic_appointment', 'loan_installment', 'market_shipped', 'urgent_notice'])
  })

  test('no subscription → WeChat refuses (43101), nothing arrives, recorded no_subscription', async () => {
    const v = await villager()
    h.sandbox.issueLoginCode(v.name) // WeChat knows the user; they never tapped 允许
    expect(await remind(v.userId)).toEqual({ outcome: 'no_subscription', errcode: 43101 })
    expect(h.sandbox.subscribe.inbox(v.name)).toEqual([])
    const rows = await sends(v.userId)
    expect(rows.map((r) => [r.outcome, r.errcode])).toEqual([['no_subscription', 43101]])
  })

  test('a grant is consumed by one send: the first arrives in the inbox, the second is 43101', async () => {
    const v = await villager()
    // The phone: wx.requestSubscribeMessage answered 允许 at the sandbox; the app reports it.
    h.sandbox.subscribe.request(v.name, [VISIT], { [VISIT]: 'accept' })
    const reported = await report(v.token, { app: 'clinic', answers: [{ key: 'clinic_appointment', templateId: VISIT, answer: 'accept' }] })
    expect(reported.status).toBe(200)
    expect(await reported.json()).toEqual({ recorded: 1 })

    expect(await remind(v.userId)).toEqual({ outcome: 'sent' })
    const inbox = h.sandbox.subscribe.inbox(v.name)
    expect(inbox).toHaveLength(1)
    expect(inbox[0]!.title).toBe('就诊提醒')
    expect(inbox[0]!.page).toBe('pkg/pages/appointment/index?id=a1')
    expect(inbox[0]!.lines.find((l) => l.name === 'time3')?.value).toBe('2026年11月28日 14:00')

    h.clock.advance(60_000)
    expect(await remind(v.userId)).toEqual({ outcome: 'no_subscription', errcode: 43101 })
    expect(h.sandbox.subscribe.inbox(v.name)).toHaveLength(1)
    expect((await sends(v.userId)).map((r) => r.outcome)).toEqual(['sent', 'no_subscription'])
    const grant = await subscriptionsDb(h.db.kysely).selectFrom('subscribe_grants').selectAll().where('user_id', '=', v.userId).executeTakeFirstOrThrow()
    expect(grant).toMatchObject({ app: 'clinic', topic: '', reminder_key: 'clinic_appointment', available: 0, last_answer: 'accept' })
  })

  test('a too-long thing is refused before sending: nothing reaches WeChat, recorded invalid with the reason', async () => {
    const v = await villager()
    h.sandbox.subscribe.request(v.name, [VISIT], { [VISIT]: 'accept' })
    const before = h.sandbox.subscribe.sends().length
    expect(await remind(v.userId, visitData({ thing4: '青石镇卫生院门诊楼二楼东侧走廊尽头第三诊室' }))).toEqual({ outcome: 'invalid' })
    expect(await remind(v.userId, visitData({ time3: '明天下午' }))).toEqual({ outcome: 'invalid' })
    expect(h.sandbox.subscribe.sends()).toHaveLength(before)
    const rows = await sends(v.userId)
    expect(rows.map((r) => r.outcome)).toEqual(['invalid', 'invalid'])
    expect(rows.map((r) => r.detail).join('\n')).toContain('就诊地点最多 20 个字')
    expect(rows.map((r) => r.detail).join('\n')).toContain('就诊时间要写成 24 小时制时间')
    // The grant is still there for a good message.
    expect(h.sandbox.subscribe.grantsOf(v.name)).toEqual({ [VISIT]: 1 })
    expect(await remind(v.userId)).toEqual({ outcome: 'sent' })
  })

  test('an expired access token is refreshed once and the message sent', async () => {
    const v = await villager()
    h.sandbox.subscribe.request(v.name, [VISIT, VISIT], { [VISIT]: 'accept' })
    h.sandbox.subscribe.request(v.name, [VISIT], { [VISIT]: 'accept' })
    expect(await remind(v.userId)).toEqual({ outcome: 'sent' }) // caches a token
    const tokensBefore = h.sandbox.subscribe.sends().length
    h.sandbox.faults.expireAccessTokens()
    expect(await remind(v.userId)).toEqual({ outcome: 'sent' })
    // The old token's 42001 is refused before WeChat looks at the message; the one send that got through worked.
    expect(h.sandbox.subscribe.sends().slice(tokensBefore).map((s) => s.errcode)).toEqual([0])
    expect(h.sandbox.subscribe.inbox(v.name)).toHaveLength(2)
  })

  test('WeChat unreachable → RetryableSendError (the scheduler retries), recorded retrying', async () => {
    const v = await villager()
    const offline = createSubscriptions({
      db: h.db.kysely,
      // Nothing listens on port 9 (discard): the connection is refused, as when WeChat cannot be reached.
      wechat: createWeChatClient({ ...h.config.wechat, apiBase: 'http://127.0.0.1:9', timeoutMs: 2000 }),
      ...h.config.subscribe,
      now: h.clock.now,
      logger: createLogger({ level: 'silent' }),
    })
    await expect(offline.sendReminder({ userId: v.userId, key: 'clinic_appointment', data: visitData(), page: 'pkg/pages/appointments/index', app: 'clinic' })).rejects.toBeInstanceOf(RetryableSendError)
    expect((await sends(v.userId)).map((r) => r.outcome)).toEqual(['retrying'])
  })

  test('a user without a WeChat openid WeChat knows → failed 40003, recorded', async () => {
    const v = await villager() // never seen by the sandbox: not logged in there, never subscribed
    expect(await remind(v.userId)).toEqual({ outcome: 'failed', errcode: 40003 })
    expect((await sends(v.userId)).map((r) => [r.outcome, r.errcode])).toEqual([['failed', 40003]])
  })

  test('urgent notices: subscribers by topic (the asking app\'s own when none given), used grants drop out', async () => {
    const urgent = REMINDER_TEMPLATES.urgent_notice.templateId
    const a = await villager()
    const b = await villager()
    const c = await villager()
    const answer = [{ key: 'urgent_notice', templateId: urgent, answer: 'accept' }]
    expect((await report(a.token, { app: 'clinic', answers: answer })).status).toBe(200)
    expect(await (await report(b.token, { app: 'market', answers: answer, topics: ['天气预警', '健康'] })).json()).toEqual({ recorded: 2 })
    expect((await report(c.token, { app: 'clinic', answers: [{ ...answer[0], answer: 'reject' }] })).status).toBe(200)
    expect(await h.subscriptions.subscribersOf({ topic: '健康' })).toEqual([a.userId, b.userId].sort())
    expect(await h.subscriptions.subscribersOf({ topic: '健康', app: 'clinic' })).toEqual([a.userId])
    expect(await h.subscriptions.subscribersOf({ topic: '天气预警' })).toEqual([b.userId])

    h.sandbox.subscribe.request(a.name, [urgent], { [urgent]: 'accept' })
    const data = { thing1: '明晨霜冻，请盖好大棚', thing2: '青石镇农技站', phrase3: '天气预警', time4: '2026年11月28日 18:00' }
    expect(await h.subscriptions.sendReminder({ userId: a.userId, key: 'urgent_notice', data, page: 'notices/pages/detail/index?id=n1', app: 'clinic' })).toEqual({ outcome: 'sent' })
    expect(await h.subscriptions.subscribersOf({ topic: '健康' })).toEqual([b.userId])
  })

  test('answers that do not fit → 400 with a zh-CN message, nothing recorded', async () => {
    const v = await villager()
    const snapshot = () => snapshotTables(subscriptionsDb(h.db.kysely), ['subscribe_grants'])
    const before = await snapshot()
    const bad = [
      { app: 'clinic', answers: [] },
      { app: 'clinic', answers: [1, 2, 3, 4].map(() => ({ key: 'clinic_appointment', templateId: VISIT, answer: 'accept' })) },
      { app: 'wechat', answers: [{ key: 'clinic_appointment', templateId: VISIT, answer: 'accept' }] },
      { app: 'clinic', answers: [{ key: 'clinic_appointment', templateId: 'some-other-template', answer: 'accept' }] },
      { app: 'clinic', answers: [{ key: 'clinic_appointment', templateId: VISIT, answer: 'yes' }] },
      { app: 'clinic', answers: [{ key: 'clinic_appointment', templateId: VISIT, answer: 'accept' }], topics: ['健康'] },
      { app: 'clinic', answers: [{ key: 'urgent_notice', templateId: REMINDER_TEMPLATES.urgent_notice.templateId, answer: 'accept' }], topics: ['八卦'] },
    ]
    for (const body of bad) {
      const res = await report(v.token, body)
      expect(res.status).toBe(400)
      const error = (await res.clone().json()) as ErrorBody
      expect(error.message).toMatch(/[\u4e00-\u9fff]/)
      await expectRefused(res)
    }
    expect((await h.request('POST', '/api/subscriptions', { json: { app: 'clinic', answers: [] } })).status).toBe(401)
    expect(await snapshot()).toBe(before)
  })

  let sweepToken = ''
  test('(sweep setup)', async () => {
    sweepToken = (await villager()).token
  })
  const snapshotAll = (hh: Harness) => snapshotTables(subscriptionsDb(hh.db.kysely), ['subscribe_grants', 'subscribe_sends'])
  const route = {
    method: 'POST',
    name: '/api/subscriptions',
    path: () => '/api/subscriptions',
    token: () => sweepToken,
    schema: SubscriptionAnswersRequest,
    valid: () => ({ app: 'clinic', answers: [{ key: 'clinic_appointment', templateId: VISIT, answer: 'accept' }] }),
  }
  sweepRoutes([route], {
    harness: () => h,
    snapshot: snapshotAll,
    numRuns: 40,
    hugeNumbers: fc.constant('{"app":"clinic","answers":[{"key":"clinic_appointment","templateId":1e400,"answer":"accept"}]}'),
    shapes: () => [
      fc.record({ app: fc.constantFrom('clinic', 'x', ''), answers: fc.array(fc.record({ key: fc.string({ maxLength: 20 }), templateId: fc.string({ maxLength: 140 }), answer: fc.constantFrom('accept', 'no') }), { maxLength: 5 }) }),
    ],
    formBody: 'app=clinic',
    oversize: { app: 'clinic', answers: [], pad: 'a'.repeat(200_000) },
  })
  sweepUnprintableText([route], { harness: () => h, snapshot: snapshotAll })
})
