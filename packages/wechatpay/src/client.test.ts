// The client alone, against hand-made answers: what it sends, and what it refuses to believe.
import crypto from 'node:crypto'
import { createWechatPayClient, isSandboxSerial, WechatPayApiError, WechatPaySignatureError, type WechatPayClientOptions } from './client'
import { encryptResource, parseAuthorization, requestSignatureMessage } from './crypto'

const pair = () => {
  const { privateKey, publicKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 })
  return { privateKey, publicKey }
}
const merchant = pair()
const platform = pair()
const stranger = pair()
const PLATFORM_SERIAL = 'PUB_KEY_ID_0112345678901234567890'
const API_V3_KEY = 'abcdefghijklmnopqrstuvwxyz012345'
const NOW = Date.parse('2026-11-28T12:00:00Z')

interface Sent {
  url: string
  method: string
  headers: Headers
  body: string
}

/** Signs like the platform. */
function platformHeaders(body: string, opts: { key?: crypto.KeyObject; serial?: string; ts?: number } = {}) {
  const ts = String(opts.ts ?? Math.floor(NOW / 1000))
  const nonce = crypto.randomBytes(16).toString('hex')
  const signature = crypto.sign('sha256', Buffer.from(`${ts}\n${nonce}\n${body}\n`), opts.key ?? platform.privateKey).toString('base64')
  return {
    'Wechatpay-Timestamp': ts,
    'Wechatpay-Nonce': nonce,
    'Wechatpay-Signature': signature,
    'Wechatpay-Serial': opts.serial ?? PLATFORM_SERIAL,
  }
}

function makeClient(answer: (sent: Sent) => Response, extra: Partial<WechatPayClientOptions> = {}) {
  const sent: Sent[] = []
  const fetchStub = (async (input: string | URL | Request, init?: RequestInit) => {
    const s = { url: String(input), method: init?.method ?? 'GET', headers: new Headers(init?.headers), body: (init?.body as string) ?? '' }
    sent.push(s)
    return answer(s)
  }) as typeof fetch
  const client = createWechatPayClient({
    baseUrl: 'https://api.mch.example/',
    mchId: '1900000109',
    merchantSerial: '5157F09EFDC096DE15EBE81A47057A7232F1B8E1',
    merchantPrivateKey: merchant.privateKey.export({ type: 'pkcs8', format: 'pem' }),
    platformPublicKeys: { [PLATFORM_SERIAL]: platform.publicKey },
    apiV3Key: API_V3_KEY,
    fetch: fetchStub,
    now: () => NOW,
    ...extra,
  })
  return { client, sent }
}

const signedJson = (status: number, obj: unknown, opts?: Parameters<typeof platformHeaders>[1]) => {
  const body = JSON.stringify(obj)
  return new Response(body, { status, headers: { 'Content-Type': 'application/json', ...platformHeaders(body, opts) } })
}

test('each request carries a WECHATPAY2-SHA256-RSA2048 Authorization over METHOD\\nURL\\ntimestamp\\nnonce\\nbody\\n', async () => {
  const { client, sent } = makeClient(() => signedJson(200, { prepay_id: 'wx201410272009395522657a690389285100' }))
  const res = await client.jsapiPrepay({
    appid: 'wxd678efh567hg6787',
    description: 'Image形象店-深圳腾大-QQ公仔',
    out_trade_no: '1217752501201407033233368018',
    notify_url: 'https://www.weixin.qq.com/wxpay/pay.php',
    amount: { total: 100, currency: 'CNY' },
    payer: { openid: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o' },
  })
  expect(res.prepay_id).toBe('wx201410272009395522657a690389285100')
  const s = sent[0]!
  expect(s.url).toBe('https://api.mch.example/v3/pay/transactions/jsapi')
  expect(JSON.parse(s.body)).toMatchObject({ mchid: '1900000109', amount: { total: 100 } })
  const auth = parseAuthorization(s.headers.get('Authorization'))!
  expect(auth).toMatchObject({ mchid: '1900000109', serial_no: '5157F09EFDC096DE15EBE81A47057A7232F1B8E1', timestamp: String(NOW / 1000) })
  expect(auth.nonce_str).toMatch(/^[A-Za-z0-9]{32}$/)
  const message = requestSignatureMessage('POST', '/v3/pay/transactions/jsapi', auth.timestamp, auth.nonce_str, s.body)
  expect(crypto.verify('sha256', Buffer.from(message), merchant.publicKey, Buffer.from(auth.signature, 'base64'))).toBe(true)
})

test('a GET signs its path with the query and an empty body', async () => {
  const { client, sent } = makeClient(() => signedJson(200, { trade_state: 'NOTPAY', out_trade_no: 'A 1' }))
  await client.queryByOutTradeNo('A 1')
  const s = sent[0]!
  expect(s.url).toBe('https://api.mch.example/v3/pay/transactions/out-trade-no/A%201?mchid=1900000109')
  const auth = parseAuthorization(s.headers.get('Authorization'))!
  const message = `GET\n/v3/pay/transactions/out-trade-no/A%201?mchid=1900000109\n${auth.timestamp}\n${auth.nonce_str}\n\n`
  expect(crypto.verify('sha256', Buffer.from(message), merchant.publicKey, Buffer.from(auth.signature, 'base64'))).toBe(true)
})

describe('responses must be signed by a known platform key, recently', () => {
  const cases: Array<[string, () => Response]> = [
    ['unsigned', () => new Response(JSON.stringify({ trade_state: 'SUCCESS' }), { status: 200 })],
    ['signed by another key', () => signedJson(200, { trade_state: 'SUCCESS' }, { key: stranger.privateKey })],
    ['from an unknown serial', () => signedJson(200, { trade_state: 'SUCCESS' }, { serial: 'PUB_KEY_ID_999' })],
    ['stale (10 minutes old)', () => signedJson(200, { trade_state: 'SUCCESS' }, { ts: Math.floor(NOW / 1000) - 600 })],
    [
      'tampered after signing',
      () => {
        const h = platformHeaders(JSON.stringify({ trade_state: 'NOTPAY' }))
        return new Response(JSON.stringify({ trade_state: 'SUCCESS' }), { status: 200, headers: h })
      },
    ],
  ]
  test.each(cases)('%s → WechatPaySignatureError', async (_name, answer) => {
    const { client } = makeClient(answer)
    await expect(client.queryByOutTradeNo('T1')).rejects.toBeInstanceOf(WechatPaySignatureError)
  })
  test('a properly signed one is accepted (the control)', async () => {
    const { client } = makeClient(() => signedJson(200, { trade_state: 'SUCCESS' }))
    await expect(client.queryByOutTradeNo('T1')).resolves.toMatchObject({ trade_state: 'SUCCESS' })
  })
  test('a 204 with an empty body is verified too', async () => {
    const ok = makeClient(() => new Response(null, { status: 204, headers: platformHeaders('') }))
    await expect(ok.client.close('T1')).resolves.toBeUndefined()
    const bad = makeClient(() => new Response(null, { status: 204 }))
    await expect(bad.client.close('T1')).rejects.toBeInstanceOf(WechatPaySignatureError)
  })
})

test('error answers become WechatPayApiError with WeChat code; a forged signed error is refused', async () => {
  const signed = makeClient(() => signedJson(404, { code: 'ORDER_NOT_EXIST', message: '订单不存在' }))
  const e = await signed.client.queryByOutTradeNo('T1').catch((x: unknown) => x)
  expect(e).toBeInstanceOf(WechatPayApiError)
  expect(e).toMatchObject({ status: 404, code: 'ORDER_NOT_EXIST', signed: true })
  const unsigned = makeClient(() => new Response('bad gateway', { status: 502 }))
  expect(await unsigned.client.queryByOutTradeNo('T1').catch((x: unknown) => x)).toMatchObject({ status: 502, code: 'HTTP_502', signed: false })
  const forged = makeClient(() => signedJson(400, { code: 'ORDERPAID', message: '该订单已支付' }, { key: stranger.privateKey }))
  await expect(forged.client.queryByOutTradeNo('T1')).rejects.toBeInstanceOf(WechatPaySignatureError)
})

test('buildRequestPaymentParams signs appId\\ntimeStamp\\nnonceStr\\npackage\\n with the merchant key', () => {
  const { client } = makeClient(() => new Response(null))
  const p = client.buildRequestPaymentParams('wxd678efh567hg6787', 'wx201410272009395522657a690389285100')
  expect(p).toMatchObject({ timeStamp: String(NOW / 1000), package: 'prepay_id=wx201410272009395522657a690389285100', signType: 'RSA' })
  const msg = `wxd678efh567hg6787\n${p.timeStamp}\n${p.nonceStr}\n${p.package}\n`
  expect(crypto.verify('sha256', Buffer.from(msg), merchant.publicKey, Buffer.from(p.paySign, 'base64'))).toBe(true)
  expect(crypto.verify('sha256', Buffer.from(msg.replace('wxd678', 'wxd679')), merchant.publicKey, Buffer.from(p.paySign, 'base64'))).toBe(false)
})

describe('parseNotification', () => {
  const transaction = { appid: 'wx1', mchid: '1900000109', out_trade_no: 'T1', trade_state: 'SUCCESS', amount: { total: 100, currency: 'CNY' } }
  const notification = (resource: object = transaction, key = API_V3_KEY) => {
    const nonce = 'fdasflkja484'
    return JSON.stringify({
      id: 'EV-2018022511223320873',
      create_time: '2026-11-28T20:00:00+08:00',
      resource_type: 'encrypt-resource',
      event_type: 'TRANSACTION.SUCCESS',
      summary: '支付成功',
      resource: { original_type: 'transaction', algorithm: 'AEAD_AES_256_GCM', ciphertext: encryptResource(key, nonce, 'transaction', JSON.stringify(resource)), associated_data: 'transaction', nonce },
    })
  }
  const { client } = makeClient(() => new Response(null))

  test('verifies, then decrypts the resource', () => {
    const body = notification()
    const n = client.parseNotification(platformHeaders(body), body)
    expect(n).toMatchObject({ id: 'EV-2018022511223320873', event_type: 'TRANSACTION.SUCCESS', kind: 'transaction', resource: transaction })
  })

  test('accepts Node-style lower-case header records and fetch Headers alike', () => {
    const body = notification()
    const lower = Object.fromEntries(Object.entries(platformHeaders(body)).map(([k, v]) => [k.toLowerCase(), v]))
    expect(client.parseNotification(lower, body).kind).toBe('transaction')
    expect(client.parseNotification(new Headers(platformHeaders(body)), body).kind).toBe('transaction')
  })

  test('a tampered body is refused before decryption (even if its new ciphertext is valid)', () => {
    const body = notification()
    const headers = platformHeaders(body)
    // An attacker who knew the APIv3 key still could not swap the resource: the signature covers the raw body.
    const swapped = notification({ ...transaction, amount: { total: 1, currency: 'CNY' } })
    expect(() => client.parseNotification(headers, swapped)).toThrow(WechatPaySignatureError)
    expect(() => client.parseNotification(headers, body.replace('支付成功', '支付成功 '))).toThrow(WechatPaySignatureError)
  })

  test('a wrong signature, an unknown serial, missing headers or a stale timestamp are refused', () => {
    const body = notification()
    expect(() => client.parseNotification(platformHeaders(body, { key: stranger.privateKey }), body)).toThrow(WechatPaySignatureError)
    expect(() => client.parseNotification(platformHeaders(body, { serial: 'PUB_KEY_ID_9' }), body)).toThrow(WechatPaySignatureError)
    expect(() => client.parseNotification({}, body)).toThrow(WechatPaySignatureError)
    const stale = platformHeaders(body, { ts: Math.floor(NOW / 1000) - 301 })
    expect(() => client.parseNotification(stale, body)).toThrow(/away from now/)
    expect(() => client.parseNotification(stale, body, { maxSkewSeconds: 600 })).not.toThrow()
    const future = platformHeaders(body, { ts: Math.floor(NOW / 1000) + 301 })
    expect(() => client.parseNotification(future, body)).toThrow(WechatPaySignatureError)
  })

  test('a resource encrypted under another APIv3 key does not decrypt', () => {
    const body = notification(transaction, 'ZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZ')
    expect(() => client.parseNotification(platformHeaders(body), body)).toThrow()
  })
})

test('options are checked: APIv3 key length, platform keys, sandbox keys in production', () => {
  const base = {
    baseUrl: 'https://api.mch.weixin.qq.com',
    mchId: '1900000109',
    merchantSerial: '5157F09EFDC096DE15EBE81A47057A7232F1B8E1',
    merchantPrivateKey: merchant.privateKey,
    platformPublicKeys: { [PLATFORM_SERIAL]: platform.publicKey },
    apiV3Key: API_V3_KEY,
  }
  expect(() => createWechatPayClient({ ...base, environment: 'production' })).not.toThrow()
  expect(() => createWechatPayClient({ ...base, apiV3Key: 'short' })).toThrow(/32/)
  expect(() => createWechatPayClient({ ...base, platformPublicKeys: {} })).toThrow(/platform/)
  expect(() => createWechatPayClient({ ...base, merchantSerial: 'SANDBOX0123', environment: 'production' })).toThrow(/sandbox/)
  expect(() => createWechatPayClient({ ...base, platformPublicKeys: { PUB_KEY_ID_SANDBOX_1: platform.publicKey }, environment: 'production' })).toThrow(/sandbox/)
  expect(isSandboxSerial('PUB_KEY_ID_0112345678')).toBe(false)
})
