/** @jest-environment jsdom */
import { phone } from '../../test-kit/mock-taro'
import { act } from 'react'
import { FontScaleProvider } from '../../FontScaleProvider'
import { click, render, settle, typeInto } from '../../test-kit/render'
import { fakeServer, type FakeServer } from '../../test-kit/sdk'
import { noticeRoutes } from '../../test-kit/notices'
import { expiryAt } from '../shared/expiry'
import { bodyProblem, PublishNoticePage } from '.'

beforeEach(() => phone.reset())

async function signedIn(server: FakeServer) {
  const ui = render(server.wrap(<FontScaleProvider app='market'>{<PublishNoticePage />}</FontScaleProvider>))
  await settle()
  click(ui.get('#sign-in-button'))
  await settle()
  await settle()
  return ui
}

const publishes = (server: FakeServer) => server.fake.received.filter((r) => r.method === 'POST' && r.path === '/api/notices')

describe('PublishNoticePage', () => {
  it('tells an account that is not a publisher who can publish, instead of a form that would be refused', async () => {
    const api = noticeRoutes()
    api.notPublisher = true
    const ui = await signedIn(fakeServer([], { routes: api.routes }))
    expect(ui.text('#not-publisher')).toContain('这个账号不能发布通知')
    expect(ui.container.querySelector('#publish-notice-button')).toBeNull()
  })

  it('checks the fields before sending, with zh-CN messages, and sends nothing until they are right', async () => {
    const server = fakeServer([], { routes: noticeRoutes().routes })
    const ui = await signedIn(server)
    expect(ui.text('#publish-who')).toContain('以“城关镇卫生院”的名义发布。今天还能发 9 条')
    click(ui.get('#publish-notice-button'))
    await settle()
    expect(ui.text('#notice-title-input-error')).toBe('请填写标题')
    expect(ui.text('#notice-body-input-error')).toBe('请填写正文')
    expect(ui.text('#notice-topics')).toContain('请选一个主题')
    expect(publishes(server)).toHaveLength(0)
  })

  it('previews a pasted price table, and names the line of each problem', async () => {
    const ui = await signedIn(fakeServer([], { routes: noticeRoutes().routes }))
    click(ui.get('#notice-topic-4'))
    expect(ui.get('#notice-topic-4').getAttribute('aria-checked')).toBe('true')
    typeInto(ui.get('#notice-prices-input'), '品名,单位,价格(元),涨跌(元)\n大白菜,公斤,1.2,+0.05\n土豆,公斤,两块,0')
    expect(ui.text('#notice-prices-problems')).toContain('第 3 行的价格“两块”不是金额')
    expect(ui.container.querySelector('#notice-prices-preview')).toBeNull()

    typeInto(ui.get('#notice-prices-input'), '品名,单位,价格(元),涨跌(元)\n大白菜,公斤,1.2,+0.05\n土豆,公斤,2.60,-0.1')
    expect(ui.container.querySelector('#notice-prices-problems')).toBeNull()
    expect(Array.from(ui.container.querySelectorAll('#notice-prices-preview [role="rowheader"]'), (c) => c.textContent)).toEqual(['大白菜', '土豆'])
    expect(ui.text('#notice-prices-preview')).toContain('1.20')
  })

  it('publishes title, paragraphs, topic, expiry, urgent and the table; a lost answer is sent again with the same key: one notice', async () => {
    const api = noticeRoutes()
    const server = fakeServer([], { routes: api.routes })
    const ui = await signedIn(server)
    typeInto(ui.get('#notice-title-input'), '今日批发价')
    typeInto(ui.get('#notice-body-input'), '县批发市场今天的价格。\n\n明天照常开市。')
    click(ui.get('#notice-topic-4'))
    typeInto(ui.get('#notice-prices-input'), '大白菜,公斤,1.20,+0.05')
    click(ui.get('#notice-expiry-3'))
    click(ui.get('#notice-urgent'))
    expect(ui.get('#notice-urgent').getAttribute('aria-checked')).toBe('true')

    // The server makes the notice but its first answer is lost: the SDK sends it again with the
    // same Idempotency-Key and gets the stored answer. A double tap adds nothing.
    server.fake.network.dropResponses(1)
    const before = Date.now()
    click(ui.get('#publish-notice-button'))
    click(ui.get('#publish-notice-button'))
    for (let i = 0; i < 100 && !phone.navigations.length; i++) await act(() => new Promise((r) => setTimeout(r, 50)))
    expect(phone.navigations).toEqual(['redirectTo /notices/pages/published/index'])
    expect(publishes(server)).toHaveLength(2)
    expect(new Set(publishes(server).map((r) => r.headers['idempotency-key'])).size).toBe(1)
    expect(api.created).toHaveLength(1)
    const sent = api.created[0] as Record<string, unknown>
    expect(sent).toMatchObject({ title: '今日批发价', paragraphs: ['县批发市场今天的价格。', '明天照常开市。'], topic: '价格行情', urgent: true, priceTable: '大白菜,公斤,1.20,+0.05', photoIds: [] })
    expect(Date.parse(String(sent.expiresAt))).toBe(expiryAt(3, before))
  }, 60_000)

  it('bodyProblem says what the API would refuse', () => {
    expect(bodyProblem('  \n ')).toBe('请填写正文')
    expect(bodyProblem(Array.from({ length: 21 }, (_, i) => `第${i}段`).join('\n'))).toBe('正文最多 20 段（现在是 21 段）')
    expect(bodyProblem(`短\n${'长'.repeat(1001)}`)).toBe('第 2 段太长了，每段最多 1000 个字')
    expect(bodyProblem(Array.from({ length: 4 }, () => '字'.repeat(800)).join('\n'))).toBe('正文一共最多 3000 个字（现在是 3200 个），请精简一些')
    expect(bodyProblem('一段\n两段')).toBeUndefined()
  })
})
