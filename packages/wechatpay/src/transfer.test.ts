// The merchant transfer calls (商家转账) against hand-made answers: what the client sends, and how it
// reads a MCHTRANSFER.BILL.FINISHED notification. The sandbox suite (tools/wechat-sandbox
// src/transfer.test.ts) runs the same calls against a second reading of the protocol.
import crypto from 'node:crypto'
import { createWechatPayClient, WechatPaySignatureError } from './client'
import { encryptResource, parseAuthorization, requestSignatureMessage } from './crypto'

const pair = () => crypto.generateKeyPairSync('rsa', { modulusLength: 2048 })
const merchant = pair()
const platform = pair()
const PLATFORM_SERIAL = 'PUB_KEY_ID_0112345678901234567890'
const API_V3_KEY = 'abcdefghijklmnopqrstuvwxyz012345'
const NOW = Date.parse('2026-11-28T12:00:00Z')

function platformHeaders(body: string, key: crypto.KeyObject = platform.privateKey) {
  const ts = String(Math.floor(NOW / 1000))
  const nonce = crypto.randomBytes(16).toString('hex')
  const signature = crypto.sign('sha256', Buffer.from(`${ts}\n${nonce}\n${body}\n`), key).toString('base64')
  return { 'Wechatpay-Timestamp': ts, 'Wechatpay-Nonce': nonce, 'Wechatpay-Signature': signature, 'Wechatpay-Serial': PLATFORM_SERIAL }
}

function makeClient(answer: () => unknown) {
  const sent: Array<{ url: string; method: string; headers: Headers; body: string }> = []
  const client = createWechatPayClient({
    baseUrl: 'https://api.mch.example',
    mchId: '1900000109',
    merchantSerial: '5157F09EFDC096DE15EBE81A47057A7232F1B8E1',
    merchantPrivateKey: merchant.privateKey,
    platformPublicKeys: { [PLATFORM_SERIAL]: platform.publicKey },
    apiV3Key: API_V3_KEY,
    now: () => NOW,
    fetch: (async (input: string | URL | Request, init?: RequestInit) => {
      sent.push({ url: String(input), method: init?.method ?? 'GET', headers: new Headers(init?.headers), body: (init?.body as string) ?? '' })
      const body = JSON.stringify(answer())
      return new Response(body, { status: 200, headers: { 'Content-Type': 'application/json', ...platformHeaders(body) } })
    }) as typeof fetch,
  })
  return { client, sent }
}

const CREATED = {
  out_bill_no: 'LD0123456789abcdef',
  transfer_bill_no: '1330000071100999991182020050700019480001',
  create_time: '2026-11-28T20:00:00+08:00',
  state: 'WAIT_USER_CONFIRM',
  package_info: 'affffddafdfafddffda==',
}

const request = {
  appid: 'wxf636efh567hg4356',
  out_bill_no: 'LD0123456789abcdef',
  transfer_scene_id: '1000',
  openid: 'o-MYE42l80oelYMDE34nYD456Xoy',
  transfer_amount: 500_000,
  transfer_remark: '惠农小贷放款',
  notify_url: 'https://example.com/api/loans/transfer-notify',
  user_recv_perception: '现金奖励',
  transfer_scene_report_infos: [{ info_type: '活动名称', info_content: '惠农小贷' }],
}

test('createTransferBill: signed POST; user_name encrypted for the platform key, named in Wechatpay-Serial', async () => {
  const { client, sent } = makeClient(() => CREATED)
  const created = await client.createTransferBill({ ...request, user_name: '张大爷' })
  expect(created).toEqual(CREATED)
  const s = sent[0]!
  expect(s.method).toBe('POST')
  expect(s.url).toBe('https://api.mch.example/v3/fund-app/mch-transfer/transfer-bills')
  const body = JSON.parse(s.body) as Record<string, unknown>
  expect(body).toMatchObject({ out_bill_no: request.out_bill_no, transfer_amount: 500_000, transfer_scene_id: '1000', openid: request.openid })
  // Never the name in clear: only the platform's private key reads it back.
  expect(s.body).not.toContain('张大爷')
  const plain = crypto.privateDecrypt({ key: platform.privateKey, padding: crypto.constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha1' }, Buffer.from(body.user_name as string, 'base64'))
  expect(plain.toString('utf8')).toBe('张大爷')
  expect(s.headers.get('Wechatpay-Serial')).toBe(PLATFORM_SERIAL)
  const auth = parseAuthorization(s.headers.get('Authorization'))!
  const message = requestSignatureMessage('POST', '/v3/fund-app/mch-transfer/transfer-bills', auth.timestamp, auth.nonce_str, s.body)
  expect(crypto.verify('sha256', Buffer.from(message), merchant.publicKey, Buffer.from(auth.signature, 'base64'))).toBe(true)
})

test('createTransferBill without user_name sends no Wechatpay-Serial; query and cancel use the out-bill-no paths', async () => {
  const { client, sent } = makeClient(() => CREATED)
  await client.createTransferBill(request)
  expect(sent[0]!.headers.get('Wechatpay-Serial')).toBeNull()
  expect(JSON.parse(sent[0]!.body)).not.toHaveProperty('user_name')
  await client.queryTransferBill('LD0123456789abcdef')
  expect(sent[1]).toMatchObject({ method: 'GET', url: 'https://api.mch.example/v3/fund-app/mch-transfer/transfer-bills/out-bill-no/LD0123456789abcdef', body: '' })
  await client.cancelTransferBill('LD0123456789abcdef')
  expect(sent[2]).toMatchObject({ method: 'POST', url: 'https://api.mch.example/v3/fund-app/mch-transfer/transfer-bills/out-bill-no/LD0123456789abcdef/cancel' })
})

test('an answer without transfer_bill_no is not taken for a bill', async () => {
  const { client } = makeClient(() => ({ out_bill_no: 'x' }))
  await expect(client.createTransferBill(request)).rejects.toThrow(/transfer_bill_no/)
})

describe('MCHTRANSFER.BILL.FINISHED', () => {
  const envelope = (resource: object) => {
    const nonce = 'fPqxLQRZmjVn'
    return JSON.stringify({
      id: 'c5e1963a-bd4d-5dd2-bbaf-8f7236a2b20a',
      create_time: '2026-11-28T20:00:03+08:00',
      resource_type: 'encrypt-resource',
      event_type: 'MCHTRANSFER.BILL.FINISHED',
      summary: '商家转账单据终态通知',
      resource: { original_type: 'mch_payment', algorithm: 'AEAD_AES_256_GCM', ciphertext: encryptResource(API_V3_KEY, nonce, 'mch_payment', JSON.stringify(resource)), associated_data: 'mch_payment', nonce },
    })
  }
  const bill = {
    out_bill_no: 'LD0123456789abcdef',
    transfer_bill_no: '1330000071100999991182020050700019480001',
    state: 'SUCCESS',
    transfer_amount: 500_000,
    openid: 'o-MYE42l80oelYMDE34nYD456Xoy',
    create_time: '2026-11-28T20:00:00+08:00',
    update_time: '2026-11-28T20:00:03+08:00',
  }

  test('verified, decrypted, kind transfer_bill, mch_id read whichever way WeChat spells it', () => {
    const { client } = makeClient(() => ({}))
    for (const spelled of [{ mch_id: '1900000109' }, { mchid: '1900000109' }]) {
      const body = envelope({ ...bill, ...spelled })
      const n = client.parseNotification(platformHeaders(body), body)
      expect(n.kind).toBe('transfer_bill')
      expect(n.event_type).toBe('MCHTRANSFER.BILL.FINISHED')
      expect(n.resource).toEqual({ ...bill, mch_id: '1900000109' })
    }
  })

  test('a forged signature is refused before anything is decrypted', () => {
    const { client } = makeClient(() => ({}))
    const body = envelope({ ...bill, mch_id: '1900000109' })
    const forged = pair()
    expect(() => client.parseNotification(platformHeaders(body, forged.privateKey), body)).toThrow(WechatPaySignatureError)
  })
})
