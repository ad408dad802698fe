/** @jest-environment jsdom */
import { phone } from '../../test-kit/mock-taro'
import { FakeStorage } from '@tianyuan/sdk/testing'
import type { ReactNode } from 'react'
import { FontScaleProvider } from '../../FontScaleProvider'
import { click, render, settle } from '../../test-kit/render'
import { fakeServer, type FakeServer } from '../../test-kit/sdk'
import { CABBAGE, FROST, noticeRoutes } from '../../test-kit/notices'
import { NoticeStrip } from '../NoticeStrip'
import { NoticeDetailPage } from '.'

beforeEach(() => phone.reset())

const page = (server: FakeServer, node: ReactNode = <NoticeDetailPage app='market' />) => render(server.wrap(<FontScaleProvider app='market'>{node}</FontScaleProvider>))

describe('NoticeDetailPage', () => {
  it('shows the title, who, when in Shanghai time, the paragraphs and each photo with a text alternative', async () => {
    phone.routerParams = { id: FROST.id }
    const server = fakeServer([], { routes: noticeRoutes().routes })
    const ui = page(server)
    expect(ui.container.querySelector('#notice-loading')).not.toBeNull()
    await settle()

    expect(ui.text('#notice-title')).toBe('今晚有霜冻，请盖好大棚')
    expect(ui.get('#notice-title').getAttribute('role')).toBe('heading')
    expect(ui.text('#notice-meta')).toBe('城关镇农技站（农技站）')
    // 01:05 UTC is 09:05 in Shanghai.
    expect(ui.text('#notice')).toContain('12月4日 09:05 发布')
    expect(ui.text('#notice .ty-nbadge--urgent')).toBe('紧急')
    expect(Array.from(ui.container.querySelectorAll('#notice-text .ty-ndetail__para'), (p) => p.textContent)).toEqual(FROST.paragraphs)
    // The photo loads when it scrolls into view (NetImage), named for a screen reader.
    server.fake.intersections[0]?.intersect(1)
    await settle()
    expect(ui.container.querySelector('#notice-photos img[id$="-photo"]')?.getAttribute('alt')).toBe('今晚有霜冻，请盖好大棚的第 1 张照片')
  })

  it('shows a price bulletin as a table with column and row headers for a screen reader', async () => {
    phone.routerParams = { id: CABBAGE.id }
    const ui = page(fakeServer([], { routes: noticeRoutes().routes }))
    await settle()
    const table = ui.get('#notice-prices')
    expect(table.getAttribute('role')).toBe('table')
    expect(Array.from(table.querySelectorAll('[role="columnheader"]'), (c) => c.textContent)).toEqual(['品名', '单位', '价格（元）', '涨跌（元）'])
    expect(Array.from(table.querySelectorAll('[role="rowheader"]'), (c) => c.textContent)).toEqual(['大白菜', '土豆'])
    const cells = Array.from(table.querySelectorAll('[role="cell"]'), (c) => `${c.textContent}|${c.getAttribute('aria-label') ?? ''}`)
    expect(cells).toEqual(['公斤|', '1.20|1.20 元', '↑+0.05|涨 0.05 元', '公斤|', '2.60|2.60 元', '↓-0.10|跌 0.10 元'])
  })

  it('counts the opening once per phone: a second visit sends nothing; a phone nobody signed in on sends its own id', async () => {
    phone.routerParams = { id: FROST.id }
    const api = noticeRoutes()
    const storage = new FakeStorage()
    const first = page(fakeServer([], { routes: api.routes, storage }))
    await settle()
    await settle()
    expect(api.opened).toHaveLength(1)
    expect(api.opened[0]?.id).toBe(FROST.id)
    expect((api.opened[0]?.body as { deviceId: string }).deviceId).toMatch(/^[0-9a-f]{32}$/)
    first.unmount()

    const second = fakeServer([], { routes: api.routes, storage })
    page(second)
    await settle()
    await settle()
    expect(api.opened).toHaveLength(1)
    expect(second.fake.received.map((r) => r.path).filter((p) => p.startsWith('/api/notices'))).toEqual([`/api/notices/${FROST.id}`])
  })

  it('reads a notice seen only in the home page’s list with no signal after a cold start', async () => {
    const storage = new FakeStorage()
    const home = fakeServer([], { routes: noticeRoutes().routes, storage })
    render(home.wrap(<NoticeStrip app='market' />)).unmount()
    await settle()

    phone.routerParams = { id: CABBAGE.id }
    const again = fakeServer([], { routes: noticeRoutes().routes, storage })
    again.fake.network.goOffline()
    const ui = page(again)
    await settle()
    await settle()
    expect(ui.text('#notice-title')).toBe('今日批发价：白菜、土豆')
    expect(ui.text('#notice-text')).toBe('县批发市场今天下午两点的价格。')
    expect(ui.container.querySelectorAll('#notice-prices [role="rowheader"]')).toHaveLength(2)
    expect(again.fake.received).toHaveLength(0)
  })

  it('says so when the notice has expired or was withdrawn (404), even if the stored list still has it', async () => {
    const storage = new FakeStorage()
    const api = noticeRoutes()
    render(fakeServer([], { routes: api.routes, storage }).wrap(<NoticeStrip app='market' />)).unmount()
    await settle()
    api.gone.add(FROST.id)
    phone.routerParams = { id: FROST.id }
    const ui = page(fakeServer([], { routes: api.routes, storage }))
    await settle()
    expect(ui.text('#notice-gone')).toContain('这条通知已过期或已撤回')
    expect(ui.container.querySelector('#notice')).toBeNull()
  })

  it('听 reads the whole notice aloud, sentence by sentence, and 停止朗读 stops it', async () => {
    phone.routerParams = { id: CABBAGE.id }
    const server = fakeServer([], { routes: noticeRoutes().routes, speech: true })
    const ui = page(server)
    await settle()
    expect(ui.get('#notice-listen-start').getAttribute('aria-label')).toBe('朗读这条通知')

    click(ui.get('#notice-listen-start'))
    await settle()
    expect(server.fake.speech.spoken).toEqual(['今日批发价：白菜、土豆。'])
    expect(ui.text('#notice-listen-status')).toMatch(/^正在朗读：第 1 句，共 \d+ 句$/)
    server.fake.speech.finishPiece()
    await settle()
    expect(server.fake.speech.spoken[1]).toBe('城关镇卫生院，12月4日 09:05发布。')

    click(ui.get('#notice-listen-stop'))
    await settle()
    expect(server.fake.speech.stops).toBe(1)
    expect(ui.container.querySelector('#notice-listen-stop')).toBeNull()
    expect(ui.text('#notice-listen-start')).toContain('听')
    // Nothing more is read after the stop.
    await settle()
    expect(server.fake.speech.spoken).toHaveLength(2)
  })

  it('reads the price table in words, and stops reading when the page is hidden', async () => {
    phone.routerParams = { id: CABBAGE.id }
    const server = fakeServer([], { routes: noticeRoutes().routes, speech: true })
    const ui = page(server)
    await settle()
    click(ui.get('#notice-listen-start'))
    for (let i = 0; i < 4; i++) {
      await settle()
      server.fake.speech.finishPiece()
    }
    await settle()
    expect(server.fake.speech.spoken.slice(3)).toEqual(['价格表：', '大白菜，每公斤 1.20 元，涨 0.05 元。'])
    phone.hide()
    await settle()
    expect(server.fake.speech.stops).toBe(1)
  })

  it('shows no 听 button where there is no voice (no zh-CN voice in the browser, no plugin in WeChat)', async () => {
    phone.routerParams = { id: CABBAGE.id }
    const withoutVoice = fakeServer([], { routes: noticeRoutes().routes, speech: true })
    withoutVoice.fake.speech.hasVoice = false
    const a = page(withoutVoice)
    await settle()
    expect(a.text('#notice-title')).toBe('今日批发价：白菜、土豆')
    expect(a.container.querySelector('#notice-listen-start')).toBeNull()
    a.unmount()

    const noSpeech = page(fakeServer([], { routes: noticeRoutes().routes }))
    await settle()
    expect(noSpeech.container.querySelector('#notice-listen-start')).toBeNull()
  })

  it('订阅紧急通知 asks WeChat in the tap for urgent notices of the app’s topics and the notice’s, and says what was answered', async () => {
    phone.routerParams = { id: FROST.id }
    const api = noticeRoutes()
    const reported: unknown[] = []
    const server = fakeServer([], {
      routes: (req) => {
        if (req.method === 'POST' && req.path === '/api/subscriptions') {
          reported.push(req.json())
          return { body: { ok: true } }
        }
        return api.routes(req)
      },
    })
    server.fake.setSubscribeAnswers('accept')
    const ui = page(server)
    await settle()
    click(ui.get('#notice-subscribe'))
    expect(server.fake.subscribeRequests).toHaveLength(1)
    await settle()
    await settle()
    expect(ui.text('#notice-subscribed')).toBe('已订阅：下一条紧急通知会用微信提醒您')
    expect(reported).toEqual([expect.objectContaining({ app: 'market', topics: ['价格行情', '天气预警'], answers: [expect.objectContaining({ key: 'urgent_notice', answer: 'accept' })] })])
  })

  it('a refused subscription says so and keeps the button', async () => {
    phone.routerParams = { id: FROST.id }
    const server = fakeServer([], { routes: noticeRoutes().routes })
    server.fake.setSubscribeAnswers('reject')
    const ui = page(server)
    await settle()
    click(ui.get('#notice-subscribe'))
    await settle()
    await settle()
    expect(ui.text('#notice-subscribe-said')).toBe('没有订阅：您选了不接收，需要时再点一次')
    expect(ui.container.querySelector('#notice-subscribe')).not.toBeNull()
  })
})
