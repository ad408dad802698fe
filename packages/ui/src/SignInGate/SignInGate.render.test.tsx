/** @jest-environment jsdom */
import { phone } from '../test-kit/mock-taro'
import { Text } from '@tarojs/components'
import { click, render, settle } from '../test-kit/render'
import { fakeServer } from '../test-kit/sdk'
import { SignInGate } from '.'

beforeEach(() => phone.reset())

const page = <Text id='booking'>预约挂号</Text>

describe('SignInGate', () => {
  it('shows a skeleton while the stored session is read, then why to sign in and 微信一键登录; signed in, the page', async () => {
    const server = fakeServer()
    const ui = render(server.wrap(<SignInGate reason='登录微信后就能预约'>{page}</SignInGate>))
    // No login button flashes at a user who is already signed in.
    expect(ui.container.querySelector('.ty-skel')).not.toBeNull()
    expect(ui.container.querySelector('#sign-in-button')).toBeNull()

    await settle()
    expect(ui.text('#sign-in .ty-signin__reason')).toBe('登录微信后就能预约')
    expect(ui.text('#sign-in-button')).toBe('微信一键登录')
    expect(ui.container.querySelector('#booking')).toBeNull()

    click(ui.get('#sign-in-button'))
    await settle()
    expect(ui.text('#booking')).toBe('预约挂号')
    expect(ui.container.querySelector('#sign-in')).toBeNull()
    expect(server.fake.logins).toBe(1)
  })

  it('after a failed login shows the server’s message and 重试, which signs in', async () => {
    const server = fakeServer()
    server.loginAnswers.push({ status: 400, body: { code: 'WECHAT_CODE_INVALID', message: '微信登录凭证无效或已过期，请重新登录' } })
    const ui = render(server.wrap(<SignInGate reason='登录微信后就能预约'>{page}</SignInGate>))
    await settle()

    click(ui.get('#sign-in-button'))
    await settle()
    expect(ui.text('.ty-signin__error')).toBe('微信登录凭证无效或已过期，请重新登录')
    expect(ui.text('#sign-in-button')).toBe('重试')

    click(ui.get('#sign-in-button'))
    await settle()
    expect(ui.text('#booking')).toBe('预约挂号')
  })

  it('says it is signing in and sends one login however often the button is tapped', async () => {
    const server = fakeServer()
    let answer!: () => void
    server.loginAnswers.push(
      new Promise((resolve) => {
        answer = () => resolve({ body: { token: 't', expiresAt: '2026-12-28T12:00:00+08:00', user: { id: 'u1', nickname: null, avatarMediaId: null, phone: null, createdAt: '2026-11-28T12:00:00+08:00' } } })
      }),
    )
    const ui = render(server.wrap(<SignInGate reason='登录微信后就能预约'>{page}</SignInGate>))
    await settle()

    const button = ui.get('#sign-in-button')
    click(button)
    await settle()
    click(ui.get('#sign-in-button'))
    click(ui.get('#sign-in-button'))
    expect(ui.text('#sign-in-button')).toBe('正在登录…')
    expect(ui.get('#sign-in-button').getAttribute('data-loading')).toBe('true')
    expect(ui.container.querySelector('.ty-signin__error')).toBeNull()

    await settle(answer)
    expect(ui.text('#booking')).toBe('预约挂号')
    expect(server.fake.logins).toBe(1)
  })

  it('shows the page at once to a user signed in before', async () => {
    const server = fakeServer()
    await server.sdk.auth.ensureLogin()
    const ui = render(server.wrap(<SignInGate reason='登录微信后就能预约'>{page}</SignInGate>))
    expect(ui.text('#booking')).toBe('预约挂号')
  })
})
