// WeChat Pay counts some fields in bytes of UTF-8, not characters: `reason` of a refund is
// string(80), "不可超过80个字节". A cut must never split a character.
import crypto from 'node:crypto'
import { createWechatPayClient } from './client'
import { cutUtf8Bytes, REFUND_REASON_MAX_BYTES } from './text'

const bytes = (s: string) => Buffer.byteLength(s, 'utf8')

describe('cutUtf8Bytes', () => {
  test('a 31-character Chinese reason (93 bytes) keeps 26 whole characters (78 bytes)', () => {
    const reason = '收到的苹果有一半已经压坏腐烂了，包装箱也破了，申请按照坏果比例退一半货款谢谢'.slice(0, 31)
    expect([...reason]).toHaveLength(31)
    expect(bytes(reason)).toBe(93)
    const cut = cutUtf8Bytes(reason, 80)
    expect(cut).toBe(reason.slice(0, 26))
    expect(bytes(cut)).toBe(78)
  })

  test('mixed ASCII, Chinese and emoji: never more than the limit, never half a character or half an emoji', () => {
    // 'ok' (2) + '🍎' (4) ×… each emoji is a surrogate pair in UTF-16 and 4 bytes in UTF-8.
    const reason = `退款 ok ${'🍎'.repeat(10)} 好的👨‍👩‍👧 ${'a'.repeat(40)}`
    for (let max = 0; max <= bytes(reason) + 2; max++) {
      const cut = cutUtf8Bytes(reason, max)
      expect(bytes(cut)).toBeLessThanOrEqual(max)
      expect(reason.startsWith(cut)).toBe(true)
      // Round-trips through UTF-8 unchanged: no lone surrogate, no broken sequence.
      expect(Buffer.from(cut, 'utf8').toString('utf8')).toBe(cut)
      expect(cut).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/)
    }
    // The family emoji (one grapheme of 18 bytes, joined by ZWJ) is kept whole or left out.
    const family = '👨‍👩‍👧'
    const withFamily = `好的${family}`
    expect(cutUtf8Bytes(withFamily, 6 + 17)).toBe('好的')
    expect(cutUtf8Bytes(withFamily, 6 + 18)).toBe(withFamily)
    expect(cutUtf8Bytes(`ab🍎`, 5)).toBe('ab')
    expect(cutUtf8Bytes(`ab🍎`, 6)).toBe('ab🍎')
  })

  test('short text is unchanged', () => {
    expect(cutUtf8Bytes('医生停诊', REFUND_REASON_MAX_BYTES)).toBe('医生停诊')
    expect(cutUtf8Bytes('', 80)).toBe('')
  })
})

test('refund() sends a reason of at most 80 bytes, cut on a character boundary', async () => {
  const merchant = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 })
  const platform = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 })
  const sent: string[] = []
  const client = createWechatPayClient({
    baseUrl: 'https://pay.test',
    mchId: '1900000001',
    merchantSerial: 'ABC',
    merchantPrivateKey: merchant.privateKey,
    platformPublicKeys: { PUB_KEY_ID_1: platform.publicKey },
    apiV3Key: 'abcdefghijklmnopqrstuvwxyz012345',
    fetch: (async (_input: string | URL | Request, init?: RequestInit) => {
      sent.push(String(init?.body))
      // Not signed: the client reports it as an error; what matters here is what was sent.
      return new Response(JSON.stringify({ code: 'SYSTEM_ERROR', message: '系统错误' }), { status: 500 })
    }) as typeof fetch,
  })
  const reason = '售后退款：收到的苹果有一半已经压坏腐烂了，包装箱也破了，申请按照坏果比例退款'
  expect(bytes(reason)).toBeGreaterThan(80)
  await expect(client.refund({ out_trade_no: 'T1234567', out_refund_no: 'R1', reason, amount: { refund: 1, total: 2, currency: 'CNY' } })).rejects.toThrow()
  const body = JSON.parse(sent[0] as string) as { reason: string }
  expect(bytes(body.reason)).toBeLessThanOrEqual(80)
  expect(reason.startsWith(body.reason)).toBe(true)
  expect(bytes(body.reason)).toBeGreaterThan(80 - 3)
})
