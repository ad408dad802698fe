import { createFakePlatform, FakeStorage } from '../platform/fake'
import { createSdk } from '../sdk'
import { createTestApi, type TestApi } from '../test-api'
import type { PayResult, PayState } from './payment'

const T0 = Date.parse('2026-11-28T08:00:00Z')
beforeEach(() => jest.useFakeTimers({ now: T0 }))
afterEach(() => jest.useRealTimers())

const ORDER = { kind: 'market_order', orderId: 'ord-7' }

async function start(api: TestApi = createTestApi(), storage = new FakeStorage()) {
  const fake = createFakePlatform({ handler: api.handler, storage })
  fake.setLoginCodes(() => api.code())
  const sdk = createSdk({ platform: fake.platform, baseUrl: 'https://api.test/api', namespace: 'market', random: () => 0.5 })
  await sdk.api.network.ready
  await sdk.payments.ready
  await sdk.auth.ensureLogin()
  return { fake, sdk, api, storage }
}

function watch<T>(promise: Promise<T>) {
  const state: { settled: boolean; value?: T; error?: unknown } = { settled: false }
  promise.then(
    (value) => Object.assign(state, { settled: true, value }),
    (error: unknown) => Object.assign(state, { settled: true, error }),
  )
  return state
}

const polls = (api: TestApi) => [...api.payments.keys()].reduce((n, id) => n + api.count(`GET /payments/${id}`), 0)
/** Which payment a sheet was opened for. */
const idOf = (pkg: string) => pkg.replace(/^prepay_id=wx/, '')

test('paid: create → sheet → ask the server until the notification lands', async () => {
  const { fake, sdk, api } = await start()
  fake.setPaymentOutcome((params) => {
    // WeChat's notification reaches the API 2.5 s after the user confirms.
    setTimeout(() => api.markPaid(idOf(params.package)), 2500)
    return 'ok'
  })
  const phases: string[] = []
  const result = watch(sdk.payments.pay(ORDER, (s: PayState) => phases.push(s.phase)))
  await jest.advanceTimersByTimeAsync(2999)
  expect(result.settled).toBe(false)
  await jest.advanceTimersByTimeAsync(1)
  expect(result.value).toMatchObject({ phase: 'paid', message: '支付成功', payment: { status: 'paid', amountFen: 1250 } })
  expect(phases).toEqual(['creating', 'awaiting_user', 'confirming'])
  expect(polls(api)).toBe(3) // at 0 s, 1 s and 3 s
  expect(api.count('POST /payments')).toBe(1)
  expect(await sdk.payments.open()).toEqual([])
})

test("the sheet's ok is not proof: a payment the server never sees paid is unknown, not paid", async () => {
  const { fake, sdk, api } = await start()
  fake.setPaymentOutcome('ok')
  const result = watch(sdk.payments.pay(ORDER))
  await jest.advanceTimersByTimeAsync(60_000)
  expect(result.value).toMatchObject({ phase: 'unknown', message: '还没确认支付结果，联网后会自动查询，请不要重复付款' })
  expect(polls(api)).toBeGreaterThan(3)
  expect(await sdk.payments.open()).toMatchObject([{ ...ORDER, confirming: true }])
})

test('cancelled: nothing is asked; paying again reuses the same payment (same Idempotency-Key)', async () => {
  const { fake, sdk, api } = await start()
  fake.setPaymentOutcome('cancel')
  const first = await sdk.payments.pay(ORDER)
  expect(first).toMatchObject({ phase: 'cancelled', message: '已取消支付，没有扣款' })
  expect(polls(api)).toBe(0)

  fake.setPaymentOutcome((params) => {
    api.markPaid(idOf(params.package))
    return 'ok'
  })
  const second = await sdk.payments.pay(ORDER)
  expect(second.phase).toBe('paid')
  expect(api.payments.size).toBe(1)
  const creates = fake.received.filter((r) => r.path === '/api/payments')
  expect(creates).toHaveLength(2)
  expect(creates[0]?.headers['idempotency-key']).toBe(creates[1]?.headers['idempotency-key'])
  expect(fake.payments.map((p) => p.package)).toEqual(['prepay_id=wxpay-3', 'prepay_id=wxpay-3'])
})

test('failed: the sheet failed, WeChat took nothing, the reason is shown', async () => {
  const { fake, sdk, api } = await start()
  fake.setPaymentOutcome(() => ({ outcome: 'failed', detail: '余额不足' }))
  const result = await sdk.payments.pay(ORDER)
  expect(result).toMatchObject({ phase: 'failed', message: '支付没有成功，没有扣款（余额不足）' })
  expect(polls(api)).toBe(0)
})

test('creating offline fails at once with the offline message, and no sheet opens', async () => {
  const { fake, sdk } = await start()
  fake.network.goOffline()
  const result = await sdk.payments.pay(ORDER)
  expect(result).toMatchObject({ phase: 'failed', error: { code: 'offline' }, message: '没有网络，请连上网络后再试' })
  expect(fake.payments).toHaveLength(0)
})

test('a refused create (the order cannot be paid) shows the server message and keeps no key', async () => {
  const { fake, sdk, api } = await start()
  fake.setHandler((req) => (req.path === '/api/payments' ? { status: 409, body: { code: 'ORDER_NOT_PAYABLE', message: '这笔订单已经取消，不能付款' } } : api.handler(req)))
  const result = await sdk.payments.pay(ORDER)
  expect(result).toMatchObject({ phase: 'failed', message: '这笔订单已经取消，不能付款', error: { serverCode: 'ORDER_NOT_PAYABLE' } })
  expect(await sdk.payments.open()).toEqual([])
  expect(fake.payments).toHaveLength(0)
})

test("a create whose answer is lost is retried with the same key: one payment on the server", async () => {
  const { fake, sdk, api } = await start()
  fake.setPaymentOutcome((params) => {
    api.markPaid(idOf(params.package))
    return 'ok'
  })
  fake.network.dropResponses(1)
  const result = watch(sdk.payments.pay(ORDER))
  await jest.advanceTimersByTimeAsync(5000)
  expect(result.value?.phase).toBe('paid')
  expect(api.count('POST /payments')).toBe(2)
  expect(api.payments.size).toBe(1)
})

describe('the network lost mid-payment', () => {
  /** The user confirms and WeChat takes the money, but the phone loses the network meanwhile. */
  function paidWhileOffline(fake: Awaited<ReturnType<typeof start>>['fake'], api: TestApi) {
    fake.setPaymentOutcome((params) => {
      api.markPaid(idOf(params.package))
      fake.network.goOffline()
      return 'ok'
    })
  }

  test('unknown at once, kept on the phone, settled as paid when the network returns', async () => {
    const { fake, sdk, api } = await start()
    paidWhileOffline(fake, api)
    const later: PayResult[] = []
    sdk.payments.subscribe((r) => later.push(r))
    const result = await sdk.payments.pay(ORDER)
    expect(result).toMatchObject({ phase: 'unknown', payment: { status: 'pending' } })
    expect(await sdk.payments.open()).toMatchObject([{ ...ORDER, paymentId: 'pay-3', confirming: true }])

    fake.network.goOnline('3g')
    await jest.advanceTimersByTimeAsync(0)
    expect(later).toMatchObject([{ phase: 'paid', order: ORDER, payment: { id: 'pay-3', status: 'paid' } }])
    expect(await sdk.payments.open()).toEqual([])
  })

  test('after a restart the open payment is asked about again; paying again does not charge twice', async () => {
    const first = await start()
    paidWhileOffline(first.fake, first.api)
    expect((await first.sdk.payments.pay(ORDER)).phase).toBe('unknown')
    first.sdk.dispose()

    // The app is killed and started again, online, on the same phone.
    const fake = createFakePlatform({ handler: first.api.handler, storage: first.storage })
    const sdk = createSdk({ platform: fake.platform, baseUrl: 'https://api.test/api', namespace: 'market', random: () => 0.5 })
    const later: PayResult[] = []
    sdk.payments.subscribe((r) => later.push(r))
    await jest.advanceTimersByTimeAsync(0)
    expect(later).toMatchObject([{ phase: 'paid', payment: { id: 'pay-3' } }])
    expect(fake.logins).toBe(0) // the stored session was used

    const again = await sdk.payments.pay(ORDER)
    expect(again).toMatchObject({ phase: 'paid', message: '这笔订单已经付过款了', payment: { id: 'pay-3' } })
    expect(first.api.count('POST /payments')).toBe(1)
    expect(first.api.payments.size).toBe(1)
    expect(fake.payments).toHaveLength(0) // no second sheet
  })

  test('paying again before the answer is known asks the server first, and never opens a second sheet for a paid order', async () => {
    const { fake, sdk, api } = await start()
    paidWhileOffline(fake, api)
    expect((await sdk.payments.pay(ORDER)).phase).toBe('unknown')
    fake.network.goOnline('4g')
    const again = await sdk.payments.pay(ORDER)
    expect(again).toMatchObject({ phase: 'paid', payment: { id: 'pay-3' } })
    expect(fake.payments).toHaveLength(1)
    expect(api.count('POST /payments')).toBe(1)
  })
})
