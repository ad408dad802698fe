/**
 * @jest-environment jsdom
 */
// The React pieces rendered for real (Preact as the apps ship, in jsdom), over the fake platform
// and the in-memory API. Taro's components are plain elements here: what is tested is what the
// user reads and taps, not Taro's rendering.
import { act, type ReactNode } from 'react'
import { createFakePlatform, FakeStorage } from '../platform/fake'
import { createSdk, type Sdk } from '../sdk'
import { createTestApi, type TestApi } from '../test-api'
import { OfflineBanner } from './offline-banner'
import { SdkProvider } from './sdk-context'
import { settle } from './test-kit'
import { usePay, type PayView } from './use-pay'

jest.mock('@tarojs/components', () => {
  const { createElement } = jest.requireActual<typeof import('react')>('react')
  const element =
    (tag: string) =>
    ({ children, onClick, disabled, style }: { children?: ReactNode; onClick?: () => void; disabled?: boolean; style?: object }) =>
      createElement(tag, { onClick, disabled, style }, children)
  return { View: element('div'), Text: element('span'), Button: element('button') }
})

interface Root {
  render(node: ReactNode): void
  unmount(): void
}
const { createRoot } = jest.requireActual<{ createRoot(container: Element): Root }>('react-dom/client')
;(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true

let root: Root | undefined
let container: HTMLElement
beforeEach(() => {
  jest.useFakeTimers({ now: Date.parse('2026-11-28T08:00:00Z') })
  container = document.createElement('div')
  document.body.appendChild(container)
})
afterEach(() => {
  act(() => root?.unmount())
  root = undefined
  container.remove()
  jest.useRealTimers()
})

async function start(api: TestApi = createTestApi()) {
  const fake = createFakePlatform({ handler: api.handler, storage: new FakeStorage() })
  fake.setLoginCodes(() => api.code())
  const sdk = createSdk({ platform: fake.platform, baseUrl: 'https://api.test/api', namespace: 'market', random: () => 0.5 })
  await sdk.auth.ready
  await sdk.api.network.ready
  return { fake, sdk, api }
}

async function show(sdk: Sdk, node: ReactNode) {
  await act(async () => {
    root = createRoot(container)
    root.render(<SdkProvider sdk={sdk}>{node}</SdkProvider>)
  })
}
const text = () => container.textContent ?? ''

describe('OfflineBanner', () => {
  test('counts what waits to be sent while offline, and goes away once it is sent', async () => {
    const { sdk, fake, api } = await start()
    await sdk.auth.ensureLogin()
    await show(sdk, <OfflineBanner />)
    expect(text()).toBe('')
    await act(async () => fake.network.goOffline())
    expect(text()).toBe('网络已断开')
    await act(async () => {
      await sdk.auth.updateProfile({ nickname: '老张' })
      await sdk.api.mutate({ method: 'PATCH', path: '/me', body: { nickname: '张大爷' }, queueable: true })
    })
    expect(text()).toBe('网络已断开，2 项操作会在联网后自动发送')
    await act(async () => {
      fake.network.goOnline('4g')
      await jest.advanceTimersByTimeAsync(0)
    })
    expect(text()).toBe('')
    expect(api.count('PATCH /me')).toBe(2)
  })
})

describe('usePay', () => {
  let view: PayView | undefined
  function Probe() {
    view = usePay()
    return <span>{`${view.state.phase}|${view.state.message}|${view.busy}`}</span>
  }

  test('follows the phases to paid, and a double tap pays once', async () => {
    const { sdk, fake, api } = await start()
    await sdk.auth.ensureLogin()
    let confirmSheet: (outcome: 'ok') => void = () => {}
    fake.setPaymentOutcome((params) => new Promise((resolve) => (confirmSheet = (o) => (api.markPaid(params.package.replace('prepay_id=wx', '')), resolve(o)))))
    await show(sdk, <Probe />)
    expect(text()).toBe('idle||false')
    let first: Promise<unknown> = Promise.resolve()
    await settle(() => {
      first = view!.pay({ kind: 'market_order', orderId: 'o-1' })
      void view!.pay({ kind: 'market_order', orderId: 'o-1' })
    })
    expect(text()).toBe('awaiting_user|请在微信支付中确认|true')
    await act(async () => {
      confirmSheet('ok')
      await first
    })
    expect(text()).toBe('paid|支付成功|false')
    expect(api.count('POST /payments')).toBe(1)
    expect(fake.payments).toHaveLength(1)
  })

  test('an unknown outcome turns to paid on screen when the network returns', async () => {
    const { sdk, fake, api } = await start()
    await sdk.auth.ensureLogin()
    fake.setPaymentOutcome((params) => {
      api.markPaid(params.package.replace('prepay_id=wx', ''))
      fake.network.goOffline()
      return 'ok'
    })
    await show(sdk, <Probe />)
    await act(async () => void (await view!.pay({ kind: 'market_order', orderId: 'o-2' })))
    expect(text()).toBe('unknown|还没确认支付结果，联网后会自动查询，请不要重复付款|false')
    await act(async () => {
      fake.network.goOnline('3g')
      await jest.advanceTimersByTimeAsync(0)
    })
    expect(text()).toBe('paid|支付成功|false')
  })
})
