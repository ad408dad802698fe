import { createWechatSandbox, type WechatSandbox } from './app'
import { createManualClock, type ManualClock } from './clock'
import { tempDir } from './test-helpers'

const APPID = 'wx-test-appid'
const SECRET = 'test-secret'
const keysDir = tempDir() + '/keys'

let clock: ManualClock
let sandbox: WechatSandbox

beforeEach(() => {
  clock = createManualClock()
  sandbox = createWechatSandbox({ dataDir: keysDir, appId: APPID, appSecret: SECRET, mchId: '1900000109', now: clock.now, timers: clock.timers, env: 'test' })
})
afterEach(() => sandbox.close())

const call = async (path: string, init?: RequestInit) => {
  const res = await sandbox.fetch(new Request(`http://sandbox${path}`, init))
  return { status: res.status, json: (await res.json()) as Record<string, unknown> }
}
const newCode = async (user: string) => {
  const r = await call('/sandbox/login', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ user }) })
  expect(r.status).toBe(200)
  return r.json.code as string
}
const exchange = (code: string, q: Partial<Record<'appid' | 'secret' | 'grant_type', string>> = {}) =>
  call(`/sns/jscode2session?${new URLSearchParams({ appid: APPID, secret: SECRET, js_code: code, grant_type: 'authorization_code', ...q })}`)

test('a code from /sandbox/login exchanges once for a stable openid, a session_key and a unionid', async () => {
  const first = await exchange(await newCode('张大爷'))
  expect(first.status).toBe(200)
  expect(first.json.openid).toMatch(/^o[\w-]{27}$/)
  expect(first.json.session_key).toMatch(/^[A-Za-z0-9+/]{22}==$/)
  expect(first.json.unionid).toBeDefined()
  expect(first.json).not.toHaveProperty('errcode')

  const second = await exchange(await newCode('张大爷'))
  expect(second.json.openid).toBe(first.json.openid)
  expect(second.json.session_key).not.toBe(first.json.session_key)
  const other = await exchange(await newCode('王阿姨'))
  expect(other.json.openid).not.toBe(first.json.openid)
  expect(first.json.openid).toBe(sandbox.openidOf('张大爷'))
})

test('codes are single use (40163) and unknown ones are 40029, both with HTTP 200 as WeChat answers', async () => {
  const code = await newCode('张大爷')
  expect((await exchange(code)).json.openid).toBeDefined()
  const reused = await exchange(code)
  expect(reused.status).toBe(200)
  expect(reused.json.errcode).toBe(40163)
  expect(reused.json).not.toHaveProperty('openid')
  expect((await exchange('no-such-code')).json.errcode).toBe(40029)
  expect((await exchange('')).json.errcode).toBe(40029)
})

test('codes expire after 5 minutes', async () => {
  const fresh = await newCode('张大爷')
  const old = await newCode('张大爷')
  await clock.advance(5 * 60_000 - 1)
  expect((await exchange(fresh)).json.openid).toBeDefined()
  await clock.advance(1)
  const expired = await exchange(old)
  expect(expired.json.errcode).toBe(40029)
})

test('wrong appid is 40013, wrong secret 40125, wrong grant_type 40002; the code survives them', async () => {
  const code = await newCode('张大爷')
  expect((await exchange(code, { appid: 'wx-other' })).json.errcode).toBe(40013)
  expect((await exchange(code, { secret: 'nope' })).json.errcode).toBe(40125)
  expect((await exchange(code, { grant_type: 'client_credential' })).json.errcode).toBe(40002)
  expect((await exchange(code)).json.openid).toBeDefined()
})

test('45011 after 100 exchanges for one user within a minute; other users unaffected; fine again a minute later', async () => {
  const codes = await Promise.all(Array.from({ length: 101 }, () => newCode('刷子')))
  for (const c of codes.slice(0, 100)) expect((await exchange(c)).json.openid).toBeDefined()
  const limited = await exchange(codes[100]!)
  expect(limited.json.errcode).toBe(45011)
  expect(String(limited.json.errmsg)).toContain('minute-quota')
  expect((await exchange(await newCode('张大爷'))).json.openid).toBeDefined()
  await clock.advance(60_000)
  expect((await exchange(codes[100]!)).json.openid).toBeDefined() // the limited code was not spent
})

test('/sandbox/login needs a user name', async () => {
  expect((await call('/sandbox/login', { method: 'POST', body: '{}' })).status).toBe(400)
  expect((await call('/sandbox/login', { method: 'POST', body: 'not json' })).status).toBe(400)
})

describe('phone numbers', () => {
  const token = async () => (await call(`/cgi-bin/token?grant_type=client_credential&appid=${APPID}&secret=${SECRET}`)).json
  const phoneCode = async (user: string, phoneNumber?: string) =>
    (await call('/sandbox/phone-code', { method: 'POST', body: JSON.stringify({ user, phoneNumber }) })).json.code as string
  const getPhone = (accessToken: string, code: string) =>
    call(`/wxa/business/getuserphonenumber?access_token=${encodeURIComponent(accessToken)}`, { method: 'POST', body: JSON.stringify({ code }) })

  test('a phone code exchanges once, with a valid access_token, for the phone_info WeChat returns', async () => {
    const t = await token()
    expect(t.expires_in).toBe(7200)
    const code = await phoneCode('张大爷', '13800138000')
    const r = await getPhone(t.access_token as string, code)
    expect(r.json).toMatchObject({
      errcode: 0,
      errmsg: 'ok',
      phone_info: { phoneNumber: '13800138000', purePhoneNumber: '13800138000', countryCode: '86', watermark: { appid: APPID, timestamp: Math.floor(clock.now() / 1000) } },
    })
    expect((await getPhone(t.access_token as string, code)).json.errcode).toBe(40029)
    // Without a given number, a user still has a stable one.
    const a = await getPhone(t.access_token as string, await phoneCode('王阿姨'))
    const b = await getPhone(t.access_token as string, await phoneCode('王阿姨'))
    expect((a.json.phone_info as { phoneNumber: string }).phoneNumber).toMatch(/^1\d{10}$/)
    expect(a.json.phone_info).toMatchObject({ phoneNumber: (b.json.phone_info as { phoneNumber: string }).phoneNumber })
  })

  test('bad credentials and tokens are refused with WeChat errcodes', async () => {
    expect((await call(`/cgi-bin/token?grant_type=client_credential&appid=wx-x&secret=${SECRET}`)).json.errcode).toBe(40013)
    expect((await call(`/cgi-bin/token?grant_type=client_credential&appid=${APPID}&secret=bad`)).json.errcode).toBe(40125)
    const code = await phoneCode('张大爷')
    expect((await getPhone('not-a-token', code)).json.errcode).toBe(40001)
    const t = await token()
    await clock.advance(7200_000)
    expect((await getPhone(t.access_token as string, code)).json.errcode).toBe(42001)
  })
})
