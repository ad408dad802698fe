// The H5 adapter against the real wechat-sandbox, in-process: its login codes are exchanged
// with jscode2session, its payments are decided through the cashier's JSON endpoints (what the
// cashier page's buttons call) and checked with the merchant's signed query.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { createWechatSandbox, type WechatSandbox } from '@tianyuan/wechat-sandbox'
import { createWechatPayClient, type WechatPayClient } from '@tianyuan/wechatpay'
import { createFakePlatform, FakeStorage, type FakePlatform } from './fake'
import { fetchHandler } from './fetch-handler'
import { createH5Platform, DEFAULT_SANDBOX_USER, paymentOutcomeOf, sandboxCashierDecision, type CashierOpener } from './h5'

const APPID = 'wx-sdk-test-appid'
const SECRET = 'wx-sdk-test-secret'
const MCHID = '1900000109'

let dir: string
let sandbox: WechatSandbox
let merchant: WechatPayClient
let seq = 0

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sdk-h5-'))
  sandbox = createWechatSandbox({ dataDir: path.join(dir, 'keys'), appId: APPID, appSecret: SECRET, mchId: MCHID, env: 'test', fetch: async () => new Response(null, { status: 204 }) })
  merchant = createWechatPayClient({
    baseUrl: 'http://sandbox.test',
    mchId: MCHID,
    merchantSerial: sandbox.keys.merchantSerial,
    merchantPrivateKey: sandbox.keys.merchantPrivateKey,
    platformPublicKeys: { [sandbox.keys.platformSerial]: sandbox.keys.platformPublicKey },
    apiV3Key: sandbox.keys.apiV3Key,
    fetch: async (input, init) => sandbox.fetch(new Request(input, init)),
  })
})
afterAll(async () => {
  await sandbox.close()
  fs.rmSync(dir, { recursive: true, force: true })
})

function setUp(options: { storage?: FakeStorage; openCashier?: (fake: FakePlatform) => CashierOpener } = {}) {
  const fake = createFakePlatform({ handler: fetchHandler({ '/wechat-sandbox': sandbox.fetch }), storage: options.storage })
  const h5 = createH5Platform({ base: fake.platform, openCashier: options.openCashier?.(fake) })
  return { fake, h5 }
}

/** Whose code it is, asked of the sandbox as the API would (jscode2session). */
async function openidOfCode(code: string): Promise<string | undefined> {
  const query = new URLSearchParams({ appid: APPID, secret: SECRET, js_code: code, grant_type: 'authorization_code' })
  const res = await sandbox.fetch(new Request(`http://sandbox.test/sns/jscode2session?${query}`))
  return ((await res.json()) as { openid?: string }).openid
}

async function prepay(total = 1250) {
  const outTradeNo = `SDKH5${Date.now()}${++seq}`
  const { prepay_id } = await merchant.jsapiPrepay({
    appid: APPID,
    description: '土鸡蛋 30 枚',
    out_trade_no: outTradeNo,
    notify_url: 'http://merchant.test/notify',
    amount: { total, currency: 'CNY' },
    payer: { openid: sandbox.openidOf(DEFAULT_SANDBOX_USER) },
  })
  return { outTradeNo, prepayId: prepay_id, params: merchant.buildRequestPaymentParams(APPID, prepay_id) }
}

describe('login', () => {
  test("gives a sandbox code for this browser's test user (田园用户 by default) that the server can exchange", async () => {
    const { fake, h5 } = setUp()
    const { code } = await h5.login()
    expect(fake.received.at(-1)).toMatchObject({ method: 'POST', path: '/wechat-sandbox/sandbox/login' })
    expect(fake.received.at(-1)?.json()).toEqual({ user: '田园用户' })
    expect(await openidOfCode(code)).toBe(sandbox.openidOf('田园用户'))
    // Single use, as WeChat's are.
    expect(await openidOfCode(code)).toBeUndefined()
  })

  test('the test user can be changed, and is kept per browser profile (storage)', async () => {
    const storage = new FakeStorage()
    const first = setUp({ storage })
    await first.h5.setSandboxUser(' 张大爷 ')
    const { code } = await first.h5.login()
    expect(await openidOfCode(code)).toBe(sandbox.openidOf('张大爷'))

    const reopened = setUp({ storage })
    expect(await reopened.h5.sandboxUser()).toBe('张大爷')
    await expect(reopened.h5.setSandboxUser('  ')).rejects.toThrow(RangeError)
  })

  test('no sandbox answering is a login_failed SdkError, not a pretend code', async () => {
    const { fake, h5 } = setUp()
    fake.setHandler(() => ({ status: 404, body: 'Not Found' }))
    await expect(h5.login()).rejects.toMatchObject({ code: 'login_failed', userMessage: '微信登录没有成功，请再试一次' })
    fake.network.goOffline()
    await expect(h5.login()).rejects.toMatchObject({ code: 'login_failed' })
  })
})

describe('requestPayment through the sandbox cashier', () => {
  test('confirm: ok, and WeChat has the payment', async () => {
    const { h5 } = setUp({ openCashier: (fake) => sandboxCashierDecision(fake.platform, '/wechat-sandbox', 'confirm') })
    const { params, outTradeNo } = await prepay()
    expect(await h5.requestPayment(params)).toEqual({ outcome: 'confirmed' })
    expect((await merchant.queryByOutTradeNo(outTradeNo)).trade_state).toBe('SUCCESS')
  })

  test('cancel: cancelled, nothing paid', async () => {
    const { h5 } = setUp({ openCashier: (fake) => sandboxCashierDecision(fake.platform, '/wechat-sandbox', 'cancel') })
    const { params, outTradeNo } = await prepay()
    expect(await h5.requestPayment(params)).toEqual({ outcome: 'cancelled' })
    expect((await merchant.queryByOutTradeNo(outTradeNo)).trade_state).toBe('NOTPAY')
  })

  test("fail: failed with the cashier's detail", async () => {
    const { h5 } = setUp({ openCashier: (fake) => sandboxCashierDecision(fake.platform, '/wechat-sandbox', 'fail', '余额不足') })
    const { params } = await prepay()
    expect(await h5.requestPayment(params)).toEqual({ outcome: 'failed', detail: '余额不足' })
  })

  test('a paySign the merchant did not make is refused by the sandbox, as WeChat would', async () => {
    const { h5 } = setUp({ openCashier: (fake) => sandboxCashierDecision(fake.platform, '/wechat-sandbox', 'confirm') })
    const { params } = await prepay()
    expect(await h5.requestPayment({ ...params, paySign: params.paySign.replace(/^./, (c) => (c === 'A' ? 'B' : 'A')) })).toEqual({ outcome: 'failed', detail: '支付验证签名失败' })
  })

  test('the cashier page is opened at the sandbox with every requestPayment field', async () => {
    const opened: string[] = []
    const { h5 } = setUp({ openCashier: () => async (url) => (opened.push(url), 'requestPayment:fail cancel') })
    const { params, prepayId } = await prepay()
    await h5.requestPayment(params)
    const url = new URL(opened[0] ?? '', 'http://preview.test')
    expect(url.pathname).toBe('/wechat-sandbox/sandbox/cashier')
    expect(Object.fromEntries(url.searchParams)).toEqual({ prepay_id: prepayId, ...params })
    const page = await sandbox.fetch(new Request(`http://sandbox.test/sandbox/cashier${url.search}`))
    expect(await page.text()).toContain('¥12.50')
  })
})

test("WeChat's errMsg values map to the platform's outcomes", () => {
  expect(paymentOutcomeOf('requestPayment:ok')).toEqual({ outcome: 'confirmed' })
  expect(paymentOutcomeOf('requestPayment:fail cancel')).toEqual({ outcome: 'cancelled' })
  expect(paymentOutcomeOf('requestPayment:fail 该订单已支付')).toEqual({ outcome: 'failed', detail: '该订单已支付' })
})
