import type { ErrorBody, MediaMeta, MeResponse } from '@tianyuan/contracts'
import { describeEachDatabase, type TestDatabase } from '../testing/databases'
import { createHarness, removeMediaDir, type Harness } from '../testing/harness'
import { fileBlob, multipart, tinyPng } from '../testing/images'
import { IDEMPOTENCY_TTL_MS } from './idempotency'

describeEachDatabase('Idempotency-Key', (fresh) => {
  let database: TestDatabase
  let h: Harness
  let token: string

  beforeAll(async () => {
    database = await fresh()
    h = await createHarness(database)
    token = (await h.login()).token
  })
  afterAll(async () => {
    await h.close()
    removeMediaDir(h)
    await database.drop()
  })

  const patchMe = (key: string, nickname: string, t = token) =>
    h.request('PATCH', '/api/me', { token: t, json: { nickname }, headers: { 'idempotency-key': key } })

  test('the same key and body replays the first response without doing the work again', async () => {
    const png = await tinyPng()
    const upload = () =>
      h.request('POST', '/api/media', { token, body: multipart({ file: fileBlob(png, 'image/png') }), headers: { 'idempotency-key': 'upload-1' } })
    const first = await upload()
    expect(first.status).toBe(201)
    const firstMeta = (await first.json()) as MediaMeta
    // A retried upload has a new multipart boundary: still the same request.
    const second = await upload()
    expect(second.status).toBe(201)
    expect(second.headers.get('idempotent-replayed')).toBe('true')
    expect(((await second.json()) as MediaMeta).id).toBe(firstMeta.id)
    const rows = await h.db.kysely.selectFrom('media').select('id').execute()
    expect(rows).toHaveLength(1)
  })

  test('the same key with a different body → 422 IDEMPOTENCY_KEY_REUSED', async () => {
    expect((await patchMe('k-422', '老王')).status).toBe(200)
    const res = await patchMe('k-422', '老李')
    expect(res.status).toBe(422)
    expect(((await res.json()) as ErrorBody).code).toBe('IDEMPOTENCY_KEY_REUSED')
    const me = (await (await h.request('GET', '/api/me', { token })).json()) as MeResponse
    expect(me.user.nickname).toBe('老王')
  })

  test('a duplicate while the first is still running → 409 IDEMPOTENCY_IN_PROGRESS, then the replay', async () => {
    h.wechat.setDelay(300)
    try {
      const send = (code: string) =>
        h.request('POST', '/api/me/phone', { token, json: { code }, headers: { 'idempotency-key': 'phone-1' } })
      const code = h.wechat.issuePhoneCode('13800138000')
      const asked = h.wechat.calls.token + h.wechat.calls.phone
      const first = send(code)
      // Wait until the first request is inside its handler (it has asked WeChat): the key is claimed.
      while (h.wechat.calls.token + h.wechat.calls.phone === asked) await new Promise((r) => setTimeout(r, 5))
      const duplicate = await send(code)
      expect(duplicate.status).toBe(409)
      expect(((await duplicate.json()) as ErrorBody).code).toBe('IDEMPOTENCY_IN_PROGRESS')
      expect(duplicate.headers.get('retry-after')).toBeTruthy()
      expect((await first).status).toBe(200)
      h.wechat.setDelay(0)
      // The phone code was single-use: only a replay can answer 200 now.
      const later = await send(code)
      expect(later.status).toBe(200)
      expect(later.headers.get('idempotent-replayed')).toBe('true')
      expect(((await later.json()) as MeResponse).user.phone).toBe('13800138000')
    } finally {
      h.wechat.setDelay(0)
    }
  })

  test('keys are per user: another user reusing a key runs their own request', async () => {
    const other = await h.login()
    expect((await patchMe('shared-key', '张三')).status).toBe(200)
    const res = await patchMe('shared-key', '李四', other.token)
    expect(res.status).toBe(200)
    expect(res.headers.get('idempotent-replayed')).toBeNull()
    expect(((await res.json()) as MeResponse).user.nickname).toBe('李四')
  })

  test('a stored 4xx is replayed too; a 5xx releases the key so a retry runs again', async () => {
    const bad = await patchMe('k-bad', '')
    expect(bad.status).toBe(400)
    const badAgain = await patchMe('k-bad', '')
    expect(badAgain.status).toBe(400)
    expect(badAgain.headers.get('idempotent-replayed')).toBe('true')

    const original = h.wechat.app.fetch
    h.wechat.app.fetch = () => Promise.resolve(new Response('oops', { status: 500 }))
    const code = h.wechat.issuePhoneCode('13900139000')
    const send = () => h.request('POST', '/api/me/phone', { token, json: { code }, headers: { 'idempotency-key': 'k-5xx' } })
    try {
      expect((await send()).status).toBe(502)
    } finally {
      h.wechat.app.fetch = original
    }
    const retried = await send()
    expect(retried.status).toBe(200)
    expect(retried.headers.get('idempotent-replayed')).toBeNull()
  })

  test('a stored response expires after 24 h', async () => {
    expect((await patchMe('k-ttl', '赵六')).status).toBe(200)
    h.clock.advance(IDEMPOTENCY_TTL_MS + 1000)
    const res = await patchMe('k-ttl', '赵六')
    expect(res.status).toBe(200)
    expect(res.headers.get('idempotent-replayed')).toBeNull()
  })

  test('a malformed key → 400; no key → no bookkeeping', async () => {
    const res = await h.request('PATCH', '/api/me', { token, json: { nickname: 'x' }, headers: { 'idempotency-key': 'a b' } })
    expect(res.status).toBe(400)
    expect(((await res.json()) as ErrorBody).code).toBe('IDEMPOTENCY_KEY_INVALID')
    const before = await h.db.kysely.selectFrom('idempotency_keys').select('key').execute()
    await h.request('PATCH', '/api/me', { token, json: { nickname: '无钥匙' } })
    expect(await h.db.kysely.selectFrom('idempotency_keys').select('key').execute()).toHaveLength(before.length)
  })

  test('concurrent duplicates: exactly one runs, the others get 409 or the replay', async () => {
    const key = 'k-race'
    const results = await Promise.all(Array.from({ length: 8 }, () => patchMe(key, '并发')))
    const statuses = results.map((r) => r.status)
    const ran = results.filter((r) => r.status === 200 && r.headers.get('idempotent-replayed') === null)
    expect(ran).toHaveLength(1)
    expect(statuses.every((s) => s === 200 || s === 409)).toBe(true)
  })

  test('two API instances sharing the database: the same key still runs once', async () => {
    const second = await h.restart()
    try {
      const send = (app: Harness) =>
        app.request('PATCH', '/api/me', { token, json: { nickname: '双实例' }, headers: { 'idempotency-key': 'k-two-instances' } })
      const results = await Promise.all([send(h), send(second), send(h), send(second), send(h), send(second)])
      const ran = results.filter((r) => r.status === 200 && r.headers.get('idempotent-replayed') === null)
      expect(ran).toHaveLength(1)
      expect(results.every((r) => r.status === 200 || r.status === 409)).toBe(true)
    } finally {
      await second.close()
    }
  })

  test('the replay survives a restart (a new app instance on the same database)', async () => {
    expect((await patchMe('k-restart', '重启前')).status).toBe(200)
    const second = await h.restart()
    try {
      const res = await second.request('PATCH', '/api/me', { token, json: { nickname: '重启前' }, headers: { 'idempotency-key': 'k-restart' } })
      expect(res.status).toBe(200)
      expect(res.headers.get('idempotent-replayed')).toBe('true')
      const reused = await second.request('PATCH', '/api/me', { token, json: { nickname: '别的' }, headers: { 'idempotency-key': 'k-restart' } })
      expect(reused.status).toBe(422)
    } finally {
      await second.close()
    }
  })
})

describeEachDatabase('Idempotency-Key and "try again later"', (fresh) => {
  let database: TestDatabase
  let h: Harness

  beforeAll(async () => {
    database = await fresh()
    h = await createHarness(database, { env: { MEDIA_UPLOADS_PER_MINUTE: '3' } })
  })
  afterAll(async () => {
    await h.close()
    removeMediaDir(h)
    await database.drop()
  })

  test('a 429 is not stored: the same key, retried after the wait, does the work', async () => {
    const { token } = await h.login()
    const upload = async (key: string, seed: number) =>
      h.request('POST', '/api/media', { token, body: multipart({ file: fileBlob(await tinyPng(30 + seed, 20), 'image/png') }), headers: { 'idempotency-key': key } })
    // Sent all at once, the uploads pass the early check together and the limit refuses the
    // extra ones where the row is written — inside the request the key was claimed for.
    const answers = await Promise.all(Array.from({ length: 6 }, (_, i) => upload(`burst-${i}`, i)))
    const refused = answers.map((res, i) => ({ res, i })).filter(({ res }) => res.status === 429)
    expect(refused.length).toBeGreaterThan(0)
    h.clock.advance(61_000)
    const { i } = refused[0]!
    const retry = await upload(`burst-${i}`, i)
    expect(retry.status).toBe(201)
    expect(retry.headers.get('idempotent-replayed')).toBeNull()
  })
})
