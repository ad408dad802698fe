import { isSdkError, type SdkError } from '../errors/sdk-error'
import { createFakePlatform, FakeStorage } from '../platform/fake'
import { createSdk } from '../sdk'
import { createTestApi, type TestApi } from '../test-api'

const T0 = Date.parse('2026-11-28T08:00:00Z')
beforeEach(() => jest.useFakeTimers({ now: T0 }))
afterEach(() => jest.useRealTimers())

async function start(api: TestApi = createTestApi(), storage = new FakeStorage()) {
  const fake = createFakePlatform({ handler: api.handler, storage })
  fake.setLoginCodes(() => api.code())
  const sdk = createSdk({ platform: fake.platform, baseUrl: 'https://api.test/api', namespace: 'market', random: () => 0.5 })
  await sdk.auth.ready
  await sdk.api.network.ready
  return { fake, sdk, api, storage }
}

const caught = (promise: Promise<unknown>) => promise.then(() => undefined, (error: unknown) => error as SdkError)

test('ten callers at once: one wx.login, one POST /auth/login, the same user for all', async () => {
  const { fake, sdk, api } = await start()
  const states: string[] = []
  sdk.auth.subscribe((s) => states.push(s.status))
  const users = await Promise.all(Array.from({ length: 10 }, () => sdk.auth.ensureLogin()))
  expect(fake.logins).toBe(1)
  expect(api.count('POST /auth/login')).toBe(1)
  expect(new Set(users.map((u) => u.id))).toEqual(new Set(['张大爷']))
  expect(states).toEqual(['logging_in', 'signed_in'])
  // Later calls need nothing from the network.
  await sdk.auth.ensureLogin()
  expect(fake.logins).toBe(1)
})

test('the token survives a restart: no new login, and requests carry it', async () => {
  const first = await start()
  await first.sdk.auth.ensureLogin()
  first.sdk.dispose()

  const again = await start(first.api, first.storage)
  expect(again.sdk.auth.state).toMatchObject({ status: 'signed_in', user: { id: '张大爷' } })
  await again.sdk.auth.ensureLogin()
  const me = await again.sdk.api.get<{ user: { id: string } }>('/me')
  expect(me.user.id).toBe('张大爷')
  expect(again.fake.logins).toBe(0)
  expect(again.fake.received.at(-1)?.headers.authorization).toBe('Bearer token-2')
})

test('a 401 SESSION_EXPIRED: one silent login, the request is resent and succeeds', async () => {
  const { fake, sdk, api } = await start()
  await sdk.auth.ensureLogin()
  api.expireSessions()
  const me = await sdk.api.get<{ user: { id: string } }>('/me')
  expect(me.user.id).toBe('张大爷')
  expect(fake.logins).toBe(2)
  expect(fake.received.map((r) => `${r.method} ${r.path} ${r.headers.authorization ?? ''}`)).toEqual([
    'POST /api/auth/login ',
    'GET /api/me Bearer token-2',
    'POST /api/auth/login ', // the dead token is dropped, not sent again
    'GET /api/me Bearer token-4',
  ])
})

test('five requests refused together share one re-login', async () => {
  const { fake, sdk, api } = await start()
  await sdk.auth.ensureLogin()
  api.expireSessions()
  const results = await Promise.all(Array.from({ length: 5 }, (_, i) => sdk.api.get<{ user: { id: string } }>('/me', { query: { i } })))
  expect(results.every((r) => r.user.id === '张大爷')).toBe(true)
  expect(fake.logins).toBe(2)
  expect(api.count('POST /auth/login')).toBe(2)
})

test('a second 401 after the re-login is an error, with no third login', async () => {
  const { fake, sdk, api } = await start()
  await sdk.auth.ensureLogin()
  fake.setHandler((req) => (req.path === '/api/auth/login' ? api.handler(req) : { status: 401, body: { code: 'SESSION_EXPIRED', message: '登录已过期，请重新登录' } }))
  const error = await caught(sdk.api.get('/me'))
  expect(isSdkError(error)).toBe(true)
  expect(error).toMatchObject({ code: 'rejected', status: 401, serverCode: 'SESSION_EXPIRED', userMessage: '登录已过期，请重新登录' })
  expect(fake.logins).toBe(2)
})

test("a refused login surfaces the API's zh-CN message, and a retry works", async () => {
  const { sdk, api } = await start()
  api.loginErrors.push({ status: 403, body: { code: 'WECHAT_USER_BLOCKED', message: '这个微信账号暂时不能登录，请联系客服' } })
  const error = await caught(sdk.auth.ensureLogin())
  expect(error).toMatchObject({ code: 'rejected', status: 403, serverCode: 'WECHAT_USER_BLOCKED', userMessage: '这个微信账号暂时不能登录，请联系客服' })
  expect(sdk.auth.state).toMatchObject({ status: 'signed_out', error: { serverCode: 'WECHAT_USER_BLOCKED' } })
  await expect(sdk.auth.ensureLogin()).resolves.toMatchObject({ id: '张大爷' })
  expect(sdk.auth.state.error).toBeUndefined()
})

test('wx.login failing is a login_failed SdkError in zh-CN', async () => {
  const { fake, sdk } = await start()
  fake.setLoginCodes(() => {
    throw { errMsg: 'login:fail auth deny' }
  })
  const error = await caught(sdk.auth.ensureLogin())
  expect(error).toMatchObject({ code: 'login_failed', userMessage: '微信登录没有成功，请再试一次' })
})

test('a login lost on the network is tried again with a fresh code', async () => {
  const { fake, sdk, api } = await start()
  fake.network.dropResponses(1) // the API used the first code, the answer never came
  const user = watchPromise(sdk.auth.ensureLogin())
  await jest.advanceTimersByTimeAsync(999)
  expect(user.settled).toBe(false)
  await jest.advanceTimersByTimeAsync(1)
  expect(user.value).toMatchObject({ id: '张大爷' })
  expect(fake.logins).toBe(2)
  expect(api.count('POST /auth/login')).toBe(2)
})

test('logout ends the session on the server and here; the next call logs in again', async () => {
  const { fake, sdk, storage } = await start()
  await sdk.auth.ensureLogin()
  await sdk.auth.logout()
  expect(fake.received.at(-1)).toMatchObject({ method: 'POST', path: '/api/auth/logout', headers: { authorization: 'Bearer token-2' } })
  expect([...storage.entries.keys()].filter((k) => k.includes(':auth:'))).toEqual([])
  expect(sdk.auth.state.status).toBe('signed_out')
  const error = await caught(sdk.api.get('/me', { retry: false }))
  // No token now: the client's 401 handler logs in (once) and the request goes through.
  expect(error).toBeUndefined()
  expect(fake.logins).toBe(2)
})

test('logout offline still ends the session here, and never logs in to log out', async () => {
  const { fake, sdk } = await start()
  await sdk.auth.ensureLogin()
  fake.network.goOffline()
  await sdk.auth.logout()
  expect(sdk.auth.state.status).toBe('signed_out')
  expect(fake.logins).toBe(1)
})

test('a profile change made offline is sent once when the network returns, and the user updates', async () => {
  const { fake, sdk, api } = await start()
  await sdk.auth.ensureLogin()
  fake.network.goOffline()
  const result = await sdk.auth.updateProfile({ nickname: '老张' })
  expect(result.status).toBe('queued')
  fake.network.goOnline('4g')
  await jest.advanceTimersByTimeAsync(0)
  expect(api.count('PATCH /me')).toBe(1)
  expect(sdk.auth.state.user?.nickname).toBe('老张')
})

function watchPromise<T>(promise: Promise<T>) {
  const state: { settled: boolean; value?: T; error?: unknown } = { settled: false }
  promise.then(
    (value) => Object.assign(state, { settled: true, value }),
    (error: unknown) => Object.assign(state, { settled: true, error }),
  )
  return state
}
