// The merchant's client (@tianyuan/wechatpay) against the sandbox over real HTTP: the
// protocol as both sides read it.
import crypto from 'node:crypto'
import {
  createWechatPayClient,
  WechatPayApiError,
  type Transaction,
  type WechatPayClient,
} from '@tianyuan/wechatpay'
import { createWechatSandbox, type WechatSandbox } from './app'
import { listen, startReceiver, tempDir } from './test-helpers'

const APPID = 'wx-test-appid'
const MCHID = '1900000109'

let sandbox: WechatSandbox
let server: Awaited<ReturnType<typeof listen>>
let receiver: Awaited<ReturnType<typeof startReceiver>>
let client: WechatPayClient
let seq = 0
const outTradeNo = () => `T${Date.now()}${++seq}`

beforeAll(async () => {
  sandbox = createWechatSandbox({ dataDir: tempDir() + '/keys', appId: APPID, appSecret: 's', mchId: MCHID, refundDelayMs: 0, env: 'test' })
  server = await listen(sandbox.fetch)
  receiver = await startReceiver()
  client = createWechatPayClient({
    baseUrl: server.url,
    mchId: MCHID,
    merchantSerial: sandbox.keys.merchantSerial,
    merchantPrivateKey: sandbox.keys.merchantPrivateKey,
    platformPublicKeys: { [sandbox.keys.platformSerial]: sandbox.keys.platformPublicKey },
    apiV3Key: sandbox.keys.apiV3Key,
  })
})

afterAll(async () => {
  await sandbox.close()
  await server.close()
  await receiver.close()
})

const order = (no: string, total = 1234) => ({
  appid: APPID,
  description: '张大爷的复诊问诊费',
  out_trade_no: no,
  notify_url: receiver.url,
  amount: { total, currency: 'CNY' as const },
  payer: { openid: sandbox.openidOf('张大爷') },
})

const decide = async (prepayId: string, action: 'confirm' | 'cancel' | 'fail', params: object) => {
  const res = await fetch(`${server.url}/sandbox/cashier/${prepayId}/${action}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(params),
  })
  expect(res.status).toBe(200)
  return ((await res.json()) as { errMsg: string }).errMsg
}

const apiError = async (p: Promise<unknown>): Promise<WechatPayApiError> => {
  const e = await p.then(
    () => new Error('expected a WechatPayApiError'),
    (err: unknown) => err,
  )
  expect(e).toBeInstanceOf(WechatPayApiError)
  return e as WechatPayApiError
}

test('full flow: prepay → paySign → cashier confirm → signed, encrypted notification → paid', async () => {
  const no = outTradeNo()
  const { prepay_id } = await client.jsapiPrepay(order(no))
  expect(prepay_id).toMatch(/^wx\w+$/)
  const params = client.buildRequestPaymentParams(APPID, prepay_id)

  const page = await fetch(`${server.url}/sandbox/cashier?prepay_id=${prepay_id}&${new URLSearchParams({ ...params })}`)
  expect(page.status).toBe(200)
  const html = await page.text()
  expect(html).toContain('张大爷的复诊问诊费')
  expect(html).toContain('¥12.34')
  expect(html).toContain('确认支付')
  expect(html).toContain('lang="zh-CN"')

  const before = receiver.received.length
  expect(await decide(prepay_id, 'confirm', params)).toBe('requestPayment:ok')
  await receiver.waitFor(before + 1)
  const delivery = receiver.received[before]!
  const envelope = JSON.parse(delivery.body) as { resource: { ciphertext: string } }
  expect(envelope.resource.ciphertext).not.toContain(no) // encrypted, not plain

  const n = client.parseNotification(delivery.headers, delivery.body)
  expect(n.event_type).toBe('TRANSACTION.SUCCESS')
  expect(n.kind).toBe('transaction')
  const tx = n.resource as Transaction
  expect(tx).toMatchObject({ appid: APPID, mchid: MCHID, out_trade_no: no, trade_state: 'SUCCESS', amount: { total: 1234, payer_total: 1234 } })
  expect(tx.transaction_id).toMatch(/^4200\d{24}$/)

  expect(await client.queryByOutTradeNo(no)).toMatchObject({ trade_state: 'SUCCESS', transaction_id: tx.transaction_id })
  // A paid order can be neither paid again, re-ordered nor closed.
  expect(await decide(prepay_id, 'confirm', params)).toBe('requestPayment:fail 该订单已支付')
  const paidPage = await (await fetch(`${server.url}/sandbox/cashier?prepay_id=${prepay_id}`)).text()
  expect(paidPage).toContain('该订单已支付')
  expect(paidPage).not.toContain('确认支付')
  expect((await apiError(client.jsapiPrepay(order(no)))).code).toBe('ORDERPAID')
  expect((await apiError(client.close(no))).code).toBe('ORDERPAID')
})

test('cancel and fail leave the order unpaid and notify nothing; the order can still be paid', async () => {
  const no = outTradeNo()
  const { prepay_id } = await client.jsapiPrepay(order(no, 500))
  const params = client.buildRequestPaymentParams(APPID, prepay_id)
  const attemptsBefore = sandbox.notifications.attempts().length
  expect(await decide(prepay_id, 'cancel', params)).toBe('requestPayment:fail cancel')
  expect(await decide(prepay_id, 'fail', params)).toBe('requestPayment:fail 模拟支付失败')
  expect(await decide(prepay_id, 'fail', { ...params, detail: '余额不足' })).toBe('requestPayment:fail 余额不足')
  expect((await client.queryByOutTradeNo(no)).trade_state).toBe('NOTPAY')
  expect(sandbox.notifications.attempts().length).toBe(attemptsBefore)
  expect(await decide(prepay_id, 'confirm', params)).toBe('requestPayment:ok')
  expect((await client.queryByOutTradeNo(no)).trade_state).toBe('SUCCESS')
})

test('the cashier refuses a paySign the merchant did not make, and a package for another order', async () => {
  const no = outTradeNo()
  const { prepay_id } = await client.jsapiPrepay(order(no, 100))
  const params = client.buildRequestPaymentParams(APPID, prepay_id)
  const other = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey
  const forged = crypto.sign('sha256', Buffer.from(`${APPID}\n${params.timeStamp}\n${params.nonceStr}\n${params.package}\n`), other).toString('base64')
  expect(await decide(prepay_id, 'confirm', { ...params, paySign: forged })).toBe('requestPayment:fail 支付验证签名失败')
  expect(await decide(prepay_id, 'confirm', { ...params, nonceStr: params.nonceStr.slice(1) })).toBe('requestPayment:fail 支付验证签名失败')
  expect(await decide(prepay_id, 'confirm', { ...params, package: 'prepay_id=wx123' })).toBe('requestPayment:fail package参数错误')
  expect(await decide('wx-unknown', 'confirm', params)).toBe('requestPayment:fail prepay_id无效')
  expect((await client.queryByOutTradeNo(no)).trade_state).toBe('NOTPAY')
})

test('prepay is idempotent for the same order and refuses a different one under the same out_trade_no', async () => {
  const no = outTradeNo()
  const a = await client.jsapiPrepay(order(no))
  const b = await client.jsapiPrepay(order(no))
  expect(b.prepay_id).toBe(a.prepay_id)
  const e = await apiError(client.jsapiPrepay(order(no, 1)))
  expect([e.status, e.code, e.signed]).toEqual([400, 'INVALID_REQUEST', true])
})

test('bodies are validated as WeChat does (PARAM_ERROR 400), unknown orders are ORDER_NOT_EXIST 404', async () => {
  const zero = await apiError(client.jsapiPrepay(order(outTradeNo(), 0)))
  expect([zero.status, zero.code]).toEqual([400, 'PARAM_ERROR'])
  const shortNo = await apiError(client.jsapiPrepay(order('abc')))
  expect([shortNo.status, shortNo.code]).toEqual([400, 'PARAM_ERROR'])
  const noOpenid = await apiError(client.jsapiPrepay({ ...order(outTradeNo()), payer: { openid: '' } }))
  expect(noOpenid.code).toBe('PARAM_ERROR')
  const otherApp = await apiError(client.jsapiPrepay({ ...order(outTradeNo()), appid: 'wx-someone-else' }))
  expect(otherApp.code).toBe('PARAM_ERROR')
  const missing = await apiError(client.queryByOutTradeNo('NO_SUCH_ORDER_1'))
  expect([missing.status, missing.code, missing.signed]).toEqual([404, 'ORDER_NOT_EXIST', true])
})

test('close: 204, then CLOSED; a closed order can be neither paid nor ordered again', async () => {
  const no = outTradeNo()
  const { prepay_id } = await client.jsapiPrepay(order(no))
  const params = client.buildRequestPaymentParams(APPID, prepay_id)
  await client.close(no)
  expect((await client.queryByOutTradeNo(no)).trade_state).toBe('CLOSED')
  expect(await decide(prepay_id, 'confirm', params)).toBe('requestPayment:fail 订单已关闭')
  expect((await apiError(client.jsapiPrepay(order(no)))).code).toBe('ORDER_CLOSED')
})

test('refunds, partial then the rest, each with its REFUND.SUCCESS notification', async () => {
  const no = outTradeNo()
  const { prepay_id } = await client.jsapiPrepay(order(no, 1000))
  expect(await decide(prepay_id, 'confirm', client.buildRequestPaymentParams(APPID, prepay_id))).toBe('requestPayment:ok')
  const count = receiver.received.length

  const r1 = await client.refund({ out_trade_no: no, out_refund_no: `R${no}a`, reason: '医生停诊', notify_url: receiver.url, amount: { refund: 300, total: 1000, currency: 'CNY' } })
  expect(r1).toMatchObject({ status: 'PROCESSING', out_trade_no: no, amount: { refund: 300, total: 1000 } })
  // The same request again is the same refund; the same number with other terms is refused.
  const again = await client.refund({ out_trade_no: no, out_refund_no: `R${no}a`, reason: '医生停诊', notify_url: receiver.url, amount: { refund: 300, total: 1000, currency: 'CNY' } })
  expect(again.refund_id).toBe(r1.refund_id)
  expect((await apiError(client.refund({ out_trade_no: no, out_refund_no: `R${no}a`, notify_url: receiver.url, amount: { refund: 301, total: 1000, currency: 'CNY' } }))).code).toBe('INVALID_REQUEST')

  await receiver.waitFor(count + 1)
  const n = client.parseNotification(receiver.received[count]!.headers, receiver.received[count]!.body)
  expect(n.event_type).toBe('REFUND.SUCCESS')
  expect(n.resource).toMatchObject({ out_trade_no: no, out_refund_no: `R${no}a`, refund_id: r1.refund_id, refund_status: 'SUCCESS', amount: { refund: 300, total: 1000 } })
  expect((await client.queryRefund(`R${no}a`)).status).toBe('SUCCESS')
  expect((await client.queryByOutTradeNo(no)).trade_state).toBe('REFUND')

  const tooMuch = await apiError(client.refund({ out_trade_no: no, out_refund_no: `R${no}b`, amount: { refund: 701, total: 1000, currency: 'CNY' } }))
  expect([tooMuch.status, tooMuch.code]).toEqual([400, 'INVALID_REQUEST'])
  const rest = await client.refund({ transaction_id: (n.resource as { transaction_id: string }).transaction_id, out_refund_no: `R${no}b`, amount: { refund: 700, total: 1000, currency: 'CNY' } })
  expect(rest.amount.refund).toBe(700)
  expect((await apiError(client.queryRefund('NO_SUCH_REFUND'))).code).toBe('RESOURCE_NOT_EXISTS')
  const unpaid = outTradeNo()
  await client.jsapiPrepay(order(unpaid))
  expect((await apiError(client.refund({ out_trade_no: unpaid, out_refund_no: `R${unpaid}`, amount: { refund: 1, total: 1234, currency: 'CNY' } }))).code).toBe('INVALID_REQUEST')
})

test('a refund reason is limited to 80 bytes of UTF-8 (WeChat: 不可超过80个字节); the client cuts a longer one', async () => {
  const no = outTradeNo()
  const { prepay_id } = await client.jsapiPrepay(order(no, 1000))
  expect(await decide(prepay_id, 'confirm', client.buildRequestPaymentParams(APPID, prepay_id))).toBe('requestPayment:ok')
  const long = '售后退款：收到的苹果有一半已经压坏腐烂了，包装箱也破了，申请按照坏果比例退款' // 37 characters, 111 bytes
  // The sandbox refuses more than 80 bytes (PARAM_ERROR); the client cuts to whole characters first.
  await client.refund({ out_trade_no: no, out_refund_no: `R${no}`, reason: long, amount: { refund: 100, total: 1000, currency: 'CNY' } })
  const [made] = sandbox.refunds.made(no)
  expect(made?.reason).toBe(long.slice(0, 26))
  expect(Buffer.byteLength(made?.reason ?? '', 'utf8')).toBe(78)
})

test('test control: the next N refund requests answer 500 SYSTEM_ERROR, then the same request succeeds once', async () => {
  const no = outTradeNo()
  const { prepay_id } = await client.jsapiPrepay(order(no, 1000))
  expect(await decide(prepay_id, 'confirm', client.buildRequestPaymentParams(APPID, prepay_id))).toBe('requestPayment:ok')
  const control = await fetch(`${server.url}/sandbox/faults/refunds`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ count: 2 }) })
  expect(control.status).toBe(200)
  const request = { out_trade_no: no, out_refund_no: `R${no}`, reason: '医生停诊', amount: { refund: 400, total: 1000, currency: 'CNY' as const } }
  for (let i = 0; i < 2; i++) {
    const error = await apiError(client.refund(request))
    expect([error.status, error.code, error.signed]).toEqual([500, 'SYSTEM_ERROR', true])
  }
  expect(sandbox.refunds.made(no)).toEqual([])
  const done = await client.refund(request)
  expect(done.amount.refund).toBe(400)
  // made: true — the refund happens, only the answer is lost; the retry finds the same refund.
  sandbox.faults.failNextRefunds(1, { made: true })
  const second = { ...request, out_refund_no: `R${no}b`, amount: { ...request.amount, refund: 600 } }
  expect((await apiError(client.refund(second))).code).toBe('SYSTEM_ERROR')
  const retried = await client.refund(second)
  expect(sandbox.refunds.made(no).map((r) => [r.out_refund_no, r.refund])).toEqual([
    [`R${no}`, 400],
    [`R${no}b`, 600],
  ])
  expect(retried.refund_id).toBe((await client.queryRefund(`R${no}b`)).refund_id)
  const listed = (await (await fetch(`${server.url}/sandbox/refunds?out_trade_no=${no}`)).json()) as { requests: { out_refund_no: string; status: number }[] }
  expect(listed.requests.filter((r) => r.out_refund_no.startsWith(`R${no}`)).map((r) => r.status)).toEqual([500, 500, 200, 500, 200])
  expect((await fetch(`${server.url}/sandbox/faults/refunds`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"count":-1}' })).status).toBe(400)
})

describe('merchant signatures', () => {
  const body = () => JSON.stringify({ ...order(outTradeNo()), mchid: MCHID })
  const signed = (privateKey: crypto.KeyLike, payload: string, opts: { ts?: number; serial?: string; url?: string } = {}) => {
    const ts = String(opts.ts ?? Math.floor(Date.now() / 1000))
    const nonce = crypto.randomBytes(8).toString('hex')
    const msg = `POST\n${opts.url ?? '/v3/pay/transactions/jsapi'}\n${ts}\n${nonce}\n${payload}\n`
    const signature = crypto.sign('sha256', Buffer.from(msg), privateKey).toString('base64')
    return `WECHATPAY2-SHA256-RSA2048 mchid="${MCHID}",nonce_str="${nonce}",signature="${signature}",timestamp="${ts}",serial_no="${opts.serial ?? sandbox.keys.merchantSerial}"`
  }
  const post = async (authorization: string | undefined, payload: string) => {
    const res = await fetch(`${server.url}/v3/pay/transactions/jsapi`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...(authorization ? { Authorization: authorization } : {}) },
      body: payload,
    })
    return { status: res.status, json: (await res.json()) as { code?: string; prepay_id?: string }, headers: res.headers }
  }

  test('a correctly signed raw request succeeds (the control)', async () => {
    const b = body()
    const r = await post(signed(sandbox.keys.merchantPrivateKey, b), b)
    expect(r.status).toBe(200)
    expect(r.json.prepay_id).toBeDefined()
  })

  test('unsigned, wrongly signed, tampered, stale or wrong-serial requests get 401 SIGN_ERROR, itself signed', async () => {
    const other = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey
    const b = body()
    const cases = [
      await post(undefined, b),
      await post('Bearer abc', b),
      await post(signed(other, b), b),
      await post(signed(sandbox.keys.merchantPrivateKey, b), b.replace('1234', '1')),
      await post(signed(sandbox.keys.merchantPrivateKey, b, { url: '/v3/pay/transactions/native' }), b),
      await post(signed(sandbox.keys.merchantPrivateKey, b, { ts: Math.floor(Date.now() / 1000) - 600 }), b),
      await post(signed(sandbox.keys.merchantPrivateKey, b, { serial: 'SANDBOX0000' }), b),
    ]
    for (const r of cases) {
      expect(r.status).toBe(401)
      expect(r.json.code).toBe('SIGN_ERROR')
      const ts = r.headers.get('Wechatpay-Timestamp')!
      const nonce = r.headers.get('Wechatpay-Nonce')!
      const text = JSON.stringify(r.json)
      expect(r.headers.get('Wechatpay-Serial')).toBe(sandbox.keys.platformSerial)
      expect(
        crypto.verify('sha256', Buffer.from(`${ts}\n${nonce}\n${text}\n`), sandbox.keys.platformPublicKey, Buffer.from(r.headers.get('Wechatpay-Signature')!, 'base64')),
      ).toBe(true)
    }
  })
})
