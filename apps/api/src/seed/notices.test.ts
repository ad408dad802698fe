import { gzipSync } from 'node:zlib'
import type { MeResponse, NoticeListResponse, NoticeResponse, PublishedNoticesResponse } from '@tianyuan/contracts'
import { APP_NAMES, NOTICE_TOPICS } from '@tianyuan/contracts/notices-rules'
import { createWechatSandbox } from '@tianyuan/wechat-sandbox'
import { describeEachDatabase, type TestDatabase } from '../testing/databases'
import { createHarness, removeMediaDir, SHARED_SANDBOX_KEYS, TEST_APPID, TEST_SECRET, type Harness } from '../testing/harness'
import { DEMO_PUBLISHER, NOTICE_ORGANISATIONS, seedNotices } from './notices'

describeEachDatabase('notices seed data', (fresh, kind) => {
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

  const list = async (app?: string) => (await (await h.request('GET', app ? `/api/notices?app=${app}` : '/api/notices')).json()) as NoticeListResponse

  test('five organisations, a publisher who logs in by name, a live notice of every topic; a second run adds nothing; expired ones are renewed', async () => {
    const sandbox = createWechatSandbox({ dataDir: SHARED_SANDBOX_KEYS, appId: TEST_APPID, appSecret: TEST_SECRET, mchId: h.config.wechatPay.mchId, env: 'test' })
    const deps = { db: h.db.kysely, now: h.clock.now, openidOf: (name: string) => sandbox.openidOf(name) }
    expect(await seedNotices(deps)).toEqual({ organisations: 5, notices: 7 })
    expect(await seedNotices(deps)).toEqual({ organisations: 0, notices: 0 })
    await sandbox.close()

    const all = (await list()).notices
    expect(new Set(all.map((n) => n.topic))).toEqual(new Set(NOTICE_TOPICS))
    expect(new Set(all.map((n) => n.organisation.kind))).toEqual(new Set(NOTICE_ORGANISATIONS.map((o) => o.kind)))
    expect(all.filter((n) => n.urgent).map((n) => n.topic)).toEqual(['天气预警'])
    for (const n of all) {
      expect(Date.parse(n.publishedAt)).toBeLessThanOrEqual(h.clock.now())
      expect(Date.parse(n.expiresAt)).toBeGreaterThan(h.clock.now())
      expect(n.photos).toEqual([])
    }
    const prices = all.find((n) => n.topic === '价格行情')!
    expect(prices.priceTable).toHaveLength(8)
    expect(prices.priceTable!.map((r) => r.product)).toEqual(expect.arrayContaining(['大白菜', '土豆', '鸡蛋', '猪肉(白条)']))
    for (const row of prices.priceTable!) expect([row.unit, row.priceFen > 0, row.priceFen < 10_000]).toEqual(['公斤', true, true])
    // Every app shows the urgent warning first, then something of its own.
    for (const app of APP_NAMES) {
      const { notices } = await list(app)
      expect(notices[0]?.topic).toBe('天气预警')
      expect(notices.length).toBeGreaterThan(1)
    }

    // The demo publisher, as the preview logs in (the sandbox's openid for the name).
    const publisher = await h.login(createWechatSandbox({ dataDir: SHARED_SANDBOX_KEYS, appId: TEST_APPID, appSecret: TEST_SECRET, mchId: h.config.wechatPay.mchId, env: 'test' }).openidOf(DEMO_PUBLISHER.publisher))
    expect(((await (await h.request('GET', '/api/me', { token: publisher.token })).json()) as MeResponse).roles).toContain('publisher')
    const mine = (await (await h.request('GET', '/api/notices/published', { token: publisher.token })).json()) as PublishedNoticesResponse
    expect(mine.organisation.name).toBe(DEMO_PUBLISHER.name)
    expect(mine.notices.map((n) => n.topic).sort()).toEqual(['天气预警', '政策', '村务'].sort())

    // Two days on, the day's prices and the cold-wave warning have expired: the next run re-dates them.
    h.clock.advance(2 * 24 * 3600_000 + 60_000)
    const renewed = await seedNotices(deps)
    expect(renewed.notices).toBeGreaterThanOrEqual(2)
    expect((await list('market')).notices.find((n) => n.topic === '价格行情')?.priceTable).toHaveLength(8)
    expect((await list()).notices).toHaveLength(7)
  })

  // Figures for the closing note (measured on both databases; the answers are the same bytes).
  test('bytes: the list of an app and one notice, raw and gzip', async () => {
    const figures: string[] = []
    for (const app of APP_NAMES) {
      const res = await h.request('GET', `/api/notices?app=${app}`)
      const raw = Buffer.from(await res.arrayBuffer())
      const notices = (JSON.parse(raw.toString('utf8')) as NoticeListResponse).notices.length
      figures.push(`GET /api/notices?app=${app}: ${notices} notices, ${raw.length} B raw, ${gzipSync(raw).length} B gzip`)
      // With their whole text, a few KB on the wire.
      expect(gzipSync(raw).length).toBeLessThan(6 * 1024)
      const tag = res.headers.get('etag')!
      const again = await h.request('GET', `/api/notices?app=${app}`, { headers: { 'if-none-match': tag } })
      expect(again.status).toBe(304)
    }
    const prices = (await list('market')).notices.find((n) => n.topic === '价格行情')!
    for (const id of [prices.id, 'seed-flu-vaccine']) {
      const raw = Buffer.from(await (await h.request('GET', `/api/notices/${id}`)).arrayBuffer())
      figures.push(`GET /api/notices/${id}: ${raw.length} B raw, ${gzipSync(raw).length} B gzip`)
      expect(((JSON.parse(raw.toString('utf8')) as NoticeResponse).notice.id)).toBe(id)
    }
    if (kind === 'sqlite') process.stdout.write(`notices bytes:\n  ${figures.join('\n  ')}\n`)
  })
})
