/** @jest-environment jsdom */
import { phone } from '../../test-kit/mock-taro'
import { FontScaleProvider } from '../../FontScaleProvider'
import { click, render, settle } from '../../test-kit/render'
import { fakeServer, type FakeServer } from '../../test-kit/sdk'
import { CABBAGE, FROST, noticeRoutes } from '../../test-kit/notices'
import { openedCountText, PublishedNoticesPage } from '.'

beforeEach(() => phone.reset())

async function signedIn(server: FakeServer) {
  const ui = render(server.wrap(<FontScaleProvider app='market'>{<PublishedNoticesPage />}</FontScaleProvider>))
  await settle()
  click(ui.get('#sign-in-button'))
  await settle()
  await settle()
  return ui
}

function publisher() {
  const api = noticeRoutes()
  api.published = [
    { ...FROST, status: 'live', statusWord: '展示中', openedCount: 37, withdrawnAt: null },
    { ...CABBAGE, status: 'expired', statusWord: '已过期', openedCount: 0, withdrawnAt: null },
  ]
  return api
}

describe('PublishedNoticesPage', () => {
  it('shows each notice with how many people opened it, and 撤回 only on live ones', async () => {
    const ui = await signedIn(fakeServer([], { routes: publisher().routes }))
    expect(ui.text('#published-0-opened')).toBe('37 人看过')
    expect(ui.text('#published-1-opened')).toBe('还没有人看过')
    expect(ui.text('#published-0')).toContain('展示中')
    expect(ui.text('#published-1')).toContain('已过期')
    expect(ui.get('#published-0-withdraw').getAttribute('aria-label')).toBe('撤回“今晚有霜冻，请盖好大棚”')
    expect(ui.container.querySelector('#published-1-withdraw')).toBeNull()
    click(ui.get('#publish-new-notice'))
    expect(phone.navigations).toEqual(['navigateTo /notices/pages/publish/index'])
  })

  it('撤回 asks first; cancelled it sends nothing, confirmed it withdraws and shows 已撤回', async () => {
    const api = publisher()
    const server = fakeServer([], { routes: api.routes })
    const ui = await signedIn(server)
    const withdrawals = () => server.fake.received.filter((r) => r.path === `/api/notices/${FROST.id}/withdraw`)

    phone.modalConfirms = false
    click(ui.get('#published-0-withdraw'))
    await settle()
    expect(phone.modals).toEqual(['撤回这条通知？'])
    expect(withdrawals()).toHaveLength(0)

    phone.modalConfirms = true
    click(ui.get('#published-0-withdraw'))
    await settle()
    await settle()
    expect(withdrawals()).toHaveLength(1)
    expect(ui.text('#published-0')).toContain('已撤回')
    expect(ui.container.querySelector('#published-0-withdraw')).toBeNull()
  })

  it('says plainly when the account is not a publisher', async () => {
    const api = noticeRoutes()
    api.notPublisher = true
    const ui = await signedIn(fakeServer([], { routes: api.routes }))
    expect(ui.text('#not-publisher')).toContain('这个账号不能发布通知')
  })

  it('openedCountText', () => {
    expect(openedCountText(0)).toBe('还没有人看过')
    expect(openedCountText(1)).toBe('1 人看过')
  })
})
