/** @jest-environment jsdom */
import { phone } from '../../test-kit/mock-taro'
import { FakeStorage } from '@tianyuan/sdk/testing'
import { click, render, settle } from '../../test-kit/render'
import { fakeServer } from '../../test-kit/sdk'
import { CABBAGE, FROST, notice, noticeRoutes } from '../../test-kit/notices'
import { NoticeStrip } from '.'

beforeEach(() => phone.reset())

const rows = (ui: ReturnType<typeof render>) => Array.from(ui.container.querySelectorAll('.ty-nstrip__row'))

describe('NoticeStrip', () => {
  it('shows urgent notices first with a 紧急 label, at most three, each a link named by its title and publisher', async () => {
    const api = noticeRoutes([FROST, CABBAGE, notice('n3'), notice('n4')])
    const server = fakeServer([], { routes: api.routes })
    const ui = render(server.wrap(<NoticeStrip app='market' />))
    await settle()

    expect(rows(ui)).toHaveLength(3)
    expect(ui.text('#notice-strip-0')).toBe('紧急今晚有霜冻，请盖好大棚')
    expect(ui.get('#notice-strip-0 .ty-nstrip__urgent').textContent).toBe('紧急')
    expect(ui.get('#notice-strip-0').getAttribute('role')).toBe('link')
    // Named by its visible words (no aria-label that would differ from them).
    expect(ui.get('#notice-strip-0').hasAttribute('aria-label')).toBe(false)
    expect(ui.container.querySelectorAll('.ty-nstrip__urgent')).toHaveLength(1)
    expect(server.fake.received[0]?.path).toBe('/api/notices?app=market')

    click(ui.get('#notice-strip-1'))
    click(ui.get('#notice-strip-all'))
    expect(phone.navigations).toEqual(['navigateTo /notices/pages/detail/index?id=n-cabbage', 'navigateTo /notices/pages/list/index'])
  })

  it('renders nothing at all when there are no notices, or before the first answer', async () => {
    const api = noticeRoutes([])
    const server = fakeServer([], { routes: api.routes })
    const ui = render(server.wrap(<NoticeStrip app='clinic' />))
    expect(ui.container.innerHTML).toBe('')
    await settle()
    expect(ui.container.innerHTML).toBe('')
  })

  it('after one visit, shows the stored list with no signal after a cold start', async () => {
    const storage = new FakeStorage()
    const first = fakeServer([], { routes: noticeRoutes().routes, storage })
    const online = render(first.wrap(<NoticeStrip app='market' />))
    await settle()
    expect(rows(online)).toHaveLength(2)
    online.unmount()

    // The app is killed; it starts again where there is no network.
    const again = fakeServer([], { routes: noticeRoutes().routes, storage })
    again.fake.network.goOffline()
    const offline = render(again.wrap(<NoticeStrip app='market' />))
    await settle()
    expect(offline.text('#notice-strip-0')).toContain('今晚有霜冻，请盖好大棚')
    expect(offline.text('#notice-strip-1')).toContain('今日批发价：白菜、土豆')
    expect(again.fake.received).toHaveLength(0)
  })
})
