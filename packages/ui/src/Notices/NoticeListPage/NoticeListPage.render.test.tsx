/** @jest-environment jsdom */
import { phone } from '../../test-kit/mock-taro'
import { FontScaleProvider } from '../../FontScaleProvider'
import { click, render, settle } from '../../test-kit/render'
import { fakeServer, type FakeServer } from '../../test-kit/sdk'
import { CABBAGE, FROST, noticeRoutes } from '../../test-kit/notices'
import { NoticeListPage } from '.'

beforeEach(() => phone.reset())

const page = (server: FakeServer) => render(server.wrap(<FontScaleProvider app='market'>{<NoticeListPage app='market' />}</FontScaleProvider>))

describe('NoticeListPage', () => {
  it('lists the notices in the server’s order, urgent marked, each a link to its page', async () => {
    const ui = page(fakeServer([], { routes: noticeRoutes([FROST, CABBAGE]).routes }))
    expect(ui.container.querySelector('#notices-loading')).not.toBeNull()
    await settle()
    expect(ui.text('.ty-page__title')).toBe('通知')
    expect(ui.text('#notice-0 .ty-ncard__title')).toBe(FROST.title)
    expect(ui.text('#notice-0 .ty-nbadge--urgent')).toBe('紧急')
    expect(ui.container.querySelector('#notice-1 .ty-nbadge--urgent')).toBeNull()
    expect(ui.text('#notice-1')).toContain('城关镇卫生院 · 12月4日 09:05')
    expect(ui.get('#notice-1').getAttribute('role')).toBe('link')
    click(ui.get('#notice-1'))
    expect(phone.navigations).toEqual(['navigateTo /notices/pages/detail/index?id=n-cabbage'])
  })

  it('says when there are none, and shows the server’s message with 重试 when the list cannot load', async () => {
    const empty = page(fakeServer([], { routes: noticeRoutes([]).routes }))
    await settle()
    expect(empty.text('#notices-empty')).toContain('现在没有通知')
    empty.unmount()

    let fail = true
    const api = noticeRoutes([CABBAGE])
    const server = fakeServer([], { routes: (req) => (fail ? { status: 400, body: { code: 'BAD', message: '应用只能是 market、clinic、classroom 或 microloan' } } : api.routes(req)) })
    const ui = page(server)
    await settle()
    expect(ui.text('#notices-error')).toContain('应用只能是 market')
    fail = false
    click(ui.get('#notices-error button, #notices-error [role="button"]'))
    await settle()
    expect(ui.text('#notice-0')).toContain(CABBAGE.title)
  })
})
