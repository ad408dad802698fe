import { createFakePlatform, FakeStorage } from '../platform/fake'
import { createApiClient } from '../request/client'
import { createSdk } from '../sdk'
import { createStore } from '../storage/store'
import { createTestApi, type TestApi } from '../test-api'
import { createLazyPayments } from './lazy-payments'
import type { PayResult, Payments, PaymentsOptions } from './payment'

const T0 = Date.parse('2026-11-28T08:00:00Z')
beforeEach(() => jest.useFakeTimers({ now: T0 }))
afterEach(() => jest.useRealTimers())

const ORDER = { kind: 'market_order', orderId: 'ord-7' }
const idOf = (pkg: string) => pkg.replace(/^prepay_id=wx/, '')

/** Payments on the H5 path, counting how often payment.ts is loaded. */
async function lazyPayments(api: TestApi = createTestApi(), storage = new FakeStorage()) {
  const fake = createFakePlatform({ handler: api.handler, storage })
  fake.setLoginCodes(() => api.code())
  // The SDK as it is wired, for the session (payments need a logged-in user)…
  const sdk = createSdk({ platform: fake.platform, baseUrl: 'https://api.test/api', namespace: 'market', random: () => 0.5 })
  await sdk.api.network.ready
  await sdk.auth.ensureLogin()
  // …and a second payments on the same client and store, whose loads this test counts.
  const loads = { count: 0 }
  const options: PaymentsOptions = { platform: fake.platform, api: sdk.api, store: createStore(fake.platform, 'market').scope('pay') }
  const payments: Payments = createLazyPayments(options, () => {
    loads.count++
    return import('./payment')
  })
  return { fake, sdk, api, storage, payments, loads }
}

test('nothing to pay or settle: payment.ts is not loaded, and ready still resolves', async () => {
  const { payments, loads } = await lazyPayments()
  const heard: PayResult[] = []
  payments.subscribe((r) => heard.push(r))
  await payments.ready
  await jest.advanceTimersByTimeAsync(10_000)
  expect(loads.count).toBe(0)
  expect(heard).toEqual([])
})

test('the first pay() loads it once, and pays as the real payments do', async () => {
  const { fake, api, payments, loads } = await lazyPayments()
  fake.setPaymentOutcome((params) => {
    api.markPaid(idOf(params.package))
    return 'ok'
  })
  const phases: string[] = []
  const [first, second] = await Promise.all([payments.pay(ORDER, (s) => phases.push(s.phase)), payments.pay(ORDER)])
  expect(first).toMatchObject({ phase: 'paid', message: '支付成功' })
  expect(second).toMatchObject({ phase: 'paid' })
  expect(phases).toEqual(['creating', 'awaiting_user', 'confirming'])
  expect(api.count('POST /payments')).toBe(1) // two taps, one payment
  expect(await payments.open()).toEqual([])
  expect(loads.count).toBe(1)
})

test('a payment the last session left open loads it at start and is settled for a listener added before the code arrived', async () => {
  // The last session: paid, then the network went before the answer came.
  const before = await lazyPayments()
  before.fake.setPaymentOutcome((params) => {
    before.api.markPaid(idOf(params.package))
    before.fake.network.goOffline()
    return 'ok'
  })
  expect((await before.sdk.payments.pay(ORDER)).phase).toBe('unknown')
  before.sdk.dispose()

  // Started again, online, on the same phone.
  const fake = createFakePlatform({ handler: before.api.handler, storage: before.storage })
  const api = createApiClient({ platform: fake.platform, baseUrl: 'https://api.test/api', namespace: 'market', authHeaders: () => before.sdk.auth.authHeaders(), onUnauthorized: async () => false })
  let loads = 0
  const payments = createLazyPayments({ platform: fake.platform, api, store: createStore(fake.platform, 'market').scope('pay') }, () => {
    loads++
    return import('./payment')
  })
  const later: PayResult[] = []
  payments.subscribe((r) => later.push(r))
  await payments.ready
  await jest.advanceTimersByTimeAsync(0)
  expect(loads).toBe(1)
  expect(later).toMatchObject([{ phase: 'paid', order: ORDER, payment: { status: 'paid' } }])
  expect(await payments.open()).toEqual([])
  payments.dispose()
  api.dispose()
})

test('disposed before the code arrives: the real payments are disposed too and settle nothing', async () => {
  const before = await lazyPayments()
  before.fake.setPaymentOutcome((params) => {
    before.api.markPaid(idOf(params.package))
    before.fake.network.goOffline()
    return 'ok'
  })
  expect((await before.sdk.payments.pay(ORDER)).phase).toBe('unknown')
  before.sdk.dispose()
  const polled = before.api.count(`GET /payments/pay-3`)

  const fake = createFakePlatform({ handler: before.api.handler, storage: before.storage })
  const sdk = createSdk({ platform: fake.platform, baseUrl: 'https://api.test/api', namespace: 'market', random: () => 0.5 })
  sdk.dispose()
  await jest.advanceTimersByTimeAsync(10_000)
  expect(before.api.count(`GET /payments/pay-3`)).toBe(polled)
})
