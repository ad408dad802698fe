// WeChat's retry schedule, compressed, under a manual clock: no real waiting.
import { createWechatPayClient, type WechatPayClient } from '@tianyuan/wechatpay'
import { createWechatSandbox, type WechatSandbox } from './app'
import { createManualClock, type ManualClock } from './clock'
import { WECHAT_RETRY_SCHEDULE_SECONDS } from './notify'
import { listen, nthAttempt, startReceiver, tempDir } from './test-helpers'

const APPID = 'wx-test-appid'
const MCHID = '1900000109'
const FACTOR = 0.001
const keysDir = tempDir() + '/keys'

interface Rig {
  clock: ManualClock
  sandbox: WechatSandbox
  client: WechatPayClient
  receiver: Awaited<ReturnType<typeof startReceiver>>
  pay(): Promise<string>
  close(): Promise<void>
}

async function rig(answer: (i: number) => number | 'hang'): Promise<Rig> {
  const clock = createManualClock()
  const sandbox = createWechatSandbox({
    dataDir: keysDir,
    appId: APPID,
    appSecret: 's',
    mchId: MCHID,
    notifyRetryFactor: FACTOR,
    now: clock.now,
    timers: clock.timers,
    env: 'test',
  })
  const server = await listen(sandbox.fetch)
  const receiver = await startReceiver(answer, clock.now)
  const client = createWechatPayClient({
    baseUrl: server.url,
    mchId: MCHID,
    merchantSerial: sandbox.keys.merchantSerial,
    merchantPrivateKey: sandbox.keys.merchantPrivateKey,
    platformPublicKeys: { [sandbox.keys.platformSerial]: sandbox.keys.platformPublicKey },
    apiV3Key: sandbox.keys.apiV3Key,
    now: clock.now,
  })
  return {
    clock,
    sandbox,
    client,
    receiver,
    async pay() {
      const no = `N${Math.random().toString(36).slice(2, 12)}`
      const { prepay_id } = await client.jsapiPrepay({
        appid: APPID,
        description: '课程购买',
        out_trade_no: no,
        notify_url: receiver.url,
        amount: { total: 990 },
        payer: { openid: sandbox.openidOf('李老师') },
      })
      const res = await fetch(`${server.url}/sandbox/cashier/${prepay_id}/confirm`, {
        method: 'POST',
        body: JSON.stringify(client.buildRequestPaymentParams(APPID, prepay_id)),
      })
      expect(((await res.json()) as { errMsg: string }).errMsg).toBe('requestPayment:ok')
      return no
    },
    async close() {
      await sandbox.close()
      await receiver.close()
      await server.close()
    },
  }
}

test("the retry schedule is WeChat's: 15s/15s/30s/3m/10m/20m/30m/30m/30m/60m/3h/3h/3h/6h/6h", () => {
  expect(WECHAT_RETRY_SCHEDULE_SECONDS).toEqual([15, 15, 30, 180, 600, 1200, 1800, 1800, 1800, 3600, 10800, 10800, 10800, 21600, 21600])
})

test('a receiver that fails twice then succeeds gets three deliveries at the compressed intervals', async () => {
  const r = await rig((i) => (i < 2 ? 500 : 200))
  try {
    const t0 = r.clock.now()
    const no = await r.pay()
    expect(await nthAttempt(r.sandbox, 1)).toMatchObject({ attempt: 1, delivered: false, detail: 'HTTP 500', nextAttemptAt: t0 + 15_000 * FACTOR })

    await r.clock.advance(15_000 * FACTOR - 1)
    expect(r.clock.pending()).toEqual([t0 + 15]) // not a moment early: the retry is still waiting
    expect(r.receiver.received).toHaveLength(1)
    await r.clock.advance(1)
    expect(await nthAttempt(r.sandbox, 2)).toMatchObject({ attempt: 2, delivered: false, nextAttemptAt: t0 + 30_000 * FACTOR })
    await r.clock.advance(15_000 * FACTOR)
    expect(await nthAttempt(r.sandbox, 3)).toMatchObject({ attempt: 3, delivered: true, detail: 'HTTP 200', nextAttemptAt: null })

    expect(r.receiver.received.map((d) => d.at - t0)).toEqual([0, 15, 30])
    // The same notification each time, freshly signed each time, and each one verifies.
    const parsed = r.receiver.received.map((d) => r.client.parseNotification(d.headers, d.body))
    expect(new Set(parsed.map((p) => p.id)).size).toBe(1)
    expect(parsed[2]!.resource).toMatchObject({ out_trade_no: no, trade_state: 'SUCCESS' })
    // Delivered: nothing further is scheduled.
    expect(r.clock.pending()).toEqual([])
    await r.clock.advance(24 * 3600_000)
    expect(r.receiver.received).toHaveLength(3)
  } finally {
    await r.close()
  }
})

test('an answer slower than 5 s counts as a failure and is retried', async () => {
  const r = await rig((i) => (i === 0 ? 'hang' : 204))
  try {
    const t0 = r.clock.now()
    await r.pay()
    await r.receiver.waitFor(1)
    await r.clock.advance(4999)
    expect(r.sandbox.notifications.attempts()).toHaveLength(0) // still waiting for the answer
    await r.clock.advance(1)
    expect(await nthAttempt(r.sandbox, 1)).toMatchObject({ delivered: false, detail: 'timeout after 5000 ms', nextAttemptAt: t0 + 5000 + 15 })
    await r.clock.advance(15)
    expect(await nthAttempt(r.sandbox, 2)).toMatchObject({ attempt: 2, delivered: true, detail: 'HTTP 204' })
  } finally {
    await r.close()
  }
})

test('a receiver that never succeeds gets 16 deliveries (1 + 15 retries), then none', async () => {
  const r = await rig(() => 503)
  try {
    const t0 = r.clock.now()
    await r.pay()
    let expectedAt = t0
    for (let i = 1; i <= 16; i++) {
      const a = await nthAttempt(r.sandbox, i)
      expect(a.at).toBe(expectedAt)
      if (i === 16) {
        expect(a.nextAttemptAt).toBeNull()
        break
      }
      const wait = WECHAT_RETRY_SCHEDULE_SECONDS[i - 1]! * 1000 * FACTOR
      expectedAt += wait
      await r.clock.advance(wait)
    }
    await r.clock.advance(7 * 24 * 3600_000)
    expect(r.receiver.received).toHaveLength(16)
  } finally {
    await r.close()
  }
})

test('close() stops the delivery loop', async () => {
  const r = await rig(() => 500)
  try {
    await r.pay()
    await nthAttempt(r.sandbox, 1)
    expect(r.clock.pending()).toHaveLength(1)
    await r.sandbox.close()
    expect(r.clock.pending()).toEqual([])
    await r.clock.advance(3600_000)
    expect(r.receiver.received).toHaveLength(1)
  } finally {
    await r.close()
  }
})
