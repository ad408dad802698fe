import { LoginResponse, ErrorBody, MeResponse } from '@tianyuan/contracts'
import { describeEachDatabase, type TestDatabase } from '../../testing/databases'
import { createHarness, removeMediaDir, type Harness } from '../../testing/harness'
import { sha256Hex } from '../../platform/ids'

describeEachDatabase('WeChat login and sessions', (fresh) => {
  let database: TestDatabase
  let h: Harness

  beforeAll(async () => {
    database = await fresh()
    h = await createHarness(database, { env: { SESSION_TTL_HOURS: '24', LOGIN_LIMIT_PER_OPENID_PER_MINUTE: '5' } })
  })
  afterAll(async () => {
    await h.close()
    removeMediaDir(h)
    await database.drop()
  })

  const loginWith = (code: string, headers?: Record<string, string>) => h.request('POST', '/api/auth/login', { json: { code }, headers })

  test('a wx.login code becomes a session token and a user; the same openid is the same user', async () => {
    const res = await loginWith(h.wechat.issueLoginCode('openid-alice'))
    expect(res.status).toBe(200)
    const first = LoginResponse.parse(await res.json())
    expect(first.token.length).toBeGreaterThanOrEqual(43) // 256 bits, base64url
    expect(first.user).toMatchObject({ nickname: null, avatarMediaId: null, phone: null })
    expect(first.expiresAt).toMatch(/\+08:00$/)

    const again = LoginResponse.parse(await (await loginWith(h.wechat.issueLoginCode('openid-alice'))).json())
    expect(again.user.id).toBe(first.user.id)
    expect(again.token).not.toBe(first.token)

    const me = await h.request('GET', '/api/me', { token: first.token })
    expect(MeResponse.parse(await me.json()).user.id).toBe(first.user.id)
  })

  test('the token is stored only as its sha256; the session_key never leaves the server', async () => {
    const logsBefore = h.logs.length
    const res = await loginWith(h.wechat.issueLoginCode('openid-secretive'))
    const text = await res.text()
    const { token } = JSON.parse(text) as LoginResponse
    const sessionKey = h.wechat.issuedSessionKeys.at(-1) as string
    expect(sessionKey).toBeTruthy()
    expect(text).not.toContain(sessionKey)
    expect(text).not.toMatch(/session_?key/i)
    const headerText: string[] = []
    res.headers.forEach((value) => headerText.push(value))
    expect(headerText.join('\n')).not.toContain(sessionKey)
    await h.request('GET', '/api/me', { token })
    const logs = h.logs.slice(logsBefore).join('')
    expect(logs.length).toBeGreaterThan(0)
    expect(logs).not.toContain(sessionKey)
    expect(logs).not.toContain(token)

    const rows = await h.db.kysely.selectFrom('sessions').selectAll().execute()
    expect(rows.some((r) => r.token_hash === sha256Hex(token))).toBe(true)
    expect(JSON.stringify(rows)).not.toContain(token)
  })

  test('a used or unknown code → 400 WECHAT_CODE_INVALID in plain Chinese', async () => {
    const code = h.wechat.issueLoginCode('openid-bob')
    expect((await loginWith(code)).status).toBe(200)
    const reused = await loginWith(code)
    expect(reused.status).toBe(400)
    const body = ErrorBody.parse(await reused.json())
    expect(body.code).toBe('WECHAT_CODE_INVALID')
    expect(body.message).toMatch(/[\u4e00-\u9fff]/)
  })

  test("WeChat's 45011 and 40226 become 429 WECHAT_RATE_LIMITED and 403 WECHAT_USER_BLOCKED", async () => {
    const limited = await loginWith(h.wechat.issueLoginCode('openid-busy', { errcode: 45011 }))
    expect(limited.status).toBe(429)
    expect(((await limited.json()) as ErrorBody).code).toBe('WECHAT_RATE_LIMITED')
    expect(limited.headers.get('retry-after')).toBe('60')
    const risky = await loginWith(h.wechat.issueLoginCode('openid-risky', { errcode: 40226 }))
    expect(risky.status).toBe(403)
    expect(((await risky.json()) as ErrorBody).code).toBe('WECHAT_USER_BLOCKED')
  })

  test('WeChat unreachable → 502 WECHAT_UNAVAILABLE, no stack trace', async () => {
    const original = h.wechat.app.fetch
    h.wechat.app.fetch = () => Promise.reject(new Error('ECONNREFUSED'))
    try {
      const res = await loginWith('some-code')
      expect(res.status).toBe(502)
      const body = ErrorBody.parse(await res.json())
      expect(body.code).toBe('WECHAT_UNAVAILABLE')
      expect(JSON.stringify(body)).not.toMatch(/ECONNREFUSED|at .*\.ts/)
    } finally {
      h.wechat.app.fetch = original
    }
  })

  test('login is rate-limited per openid (and the window resets)', async () => {
    const statuses: number[] = []
    for (let i = 0; i < 7; i++) statuses.push((await loginWith(h.wechat.issueLoginCode('openid-hammer'))).status)
    expect(statuses.slice(0, 5)).toEqual([200, 200, 200, 200, 200])
    expect(statuses.slice(5)).toEqual([429, 429])
    h.clock.advance(61_000)
    expect((await loginWith(h.wechat.issueLoginCode('openid-hammer'))).status).toBe(200)
  })

  test('logout revokes: the token then gets 401 SESSION_EXPIRED; no token gets UNAUTHENTICATED', async () => {
    const { token } = await h.login()
    const out = await h.request('POST', '/api/auth/logout', { token })
    expect(out.status).toBe(200)
    expect(await out.json()).toEqual({ ok: true })
    const after = await h.request('GET', '/api/me', { token })
    expect(after.status).toBe(401)
    expect(((await after.json()) as ErrorBody).code).toBe('SESSION_EXPIRED')
    const none = await h.request('GET', '/api/me')
    expect(none.status).toBe(401)
    expect(((await none.json()) as ErrorBody).code).toBe('UNAUTHENTICATED')
    const garbage = await h.request('GET', '/api/me', { headers: { authorization: 'Bearer !!' } })
    expect(((await garbage.json()) as ErrorBody).code).toBe('SESSION_EXPIRED')
  })

  test('sessions expire after the TTL, and slide while in use', async () => {
    const idle = await h.login()
    const busy = await h.login()
    const hour = 3600_000
    for (let i = 0; i < 4; i++) {
      h.clock.advance(10 * hour)
      expect((await h.request('GET', '/api/me', { token: busy.token })).status).toBe(200)
    }
    // 40 h later: the idle one (TTL 24 h) is gone, the busy one slid along.
    const res = await h.request('GET', '/api/me', { token: idle.token })
    expect(res.status).toBe(401)
    expect(((await res.json()) as ErrorBody).code).toBe('SESSION_EXPIRED')
    expect((await h.request('GET', '/api/me', { token: busy.token })).status).toBe(200)
  })
})

describeEachDatabase('login rate limit per IP', (fresh) => {
  test('too many logins from one address → 429 RATE_LIMITED before WeChat is asked', async () => {
    const database = await fresh()
    const h = await createHarness(database, { env: { LOGIN_LIMIT_PER_IP_PER_MINUTE: '3', TRUST_PROXY: 'true' } })
    try {
      const from = (ip: string) =>
        h.request('POST', '/api/auth/login', { json: { code: h.wechat.issueLoginCode(`openid-${ip}-${Math.random()}`) }, headers: { 'x-forwarded-for': ip } })
      const statuses = []
      for (let i = 0; i < 4; i++) statuses.push((await from('10.0.0.1')).status)
      expect(statuses).toEqual([200, 200, 200, 429])
      const asked = h.wechat.calls.jscode2session
      const limited = await from('10.0.0.1')
      expect(limited.status).toBe(429)
      expect(((await limited.json()) as ErrorBody).code).toBe('RATE_LIMITED')
      expect(h.wechat.calls.jscode2session).toBe(asked)
      expect((await from('10.0.0.2')).status).toBe(200)
    } finally {
      await h.close()
      removeMediaDir(h)
      await database.drop()
    }
  })
})
