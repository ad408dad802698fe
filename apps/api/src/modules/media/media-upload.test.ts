import fs from 'node:fs'
import path from 'node:path'
import sharp from 'sharp'
import type { ErrorBody, MediaListResponse, MediaMeta } from '@tianyuan/contracts'
import { loadConfig } from '../../config'
import { describeEachDatabase, type TestDatabase } from '../../testing/databases'
import { createHarness, removeMediaDir, type Harness } from '../../testing/harness'
import { fileBlob, tinyPng } from '../../testing/images'

const LIMIT = 200 * 1024

test('upload limits: defaults for a village seller, and a bad value stops the start naming it', () => {
  expect(loadConfig({}).mediaUploadLimits).toEqual({ perMinute: 20, bytesPerDay: 300 * 1024 * 1024 })
  expect(loadConfig({ MEDIA_UPLOADS_PER_MINUTE: '5', MEDIA_UPLOAD_BYTES_PER_DAY: '1048576' }).mediaUploadLimits).toEqual({ perMinute: 5, bytesPerDay: 1048576 })
  expect(() => loadConfig({ MEDIA_UPLOADS_PER_MINUTE: '0' })).toThrow(/MEDIA_UPLOADS_PER_MINUTE/)
  expect(() => loadConfig({ MEDIA_UPLOAD_BYTES_PER_DAY: 'lots' })).toThrow(/MEDIA_UPLOAD_BYTES_PER_DAY/)
})

/** A JPEG of random pixels: it does not compress, so its size is what the test asks for. */
async function noiseJpeg(side: number, seed = 1): Promise<Buffer> {
  const pixels = Buffer.alloc(side * side * 3)
  let x = seed
  for (let i = 0; i < pixels.length; i++) {
    x = (x * 1103515245 + 12345) & 0x7fffffff
    pixels[i] = x >> 16
  }
  return sharp(pixels, { raw: { width: side, height: side, channels: 3 } }).jpeg({ quality: 95 }).toBuffer()
}

const incoming = (h: Harness) => path.join(h.mediaDir, 'incoming')
const leftInIncoming = (h: Harness) => (fs.existsSync(incoming(h)) ? fs.readdirSync(incoming(h)) : [])

describeEachDatabase('media: uploads stream to disk', (fresh) => {
  let database: TestDatabase
  let h: Harness
  let token: string

  beforeAll(async () => {
    database = await fresh()
    h = await createHarness(database, { env: { MEDIA_MAX_BYTES: String(LIMIT) } })
    token = (await h.login()).token
  })
  afterAll(async () => {
    await h.close()
    removeMediaDir(h)
    await database.drop()
  })

  const upload = (bytes: Uint8Array, key?: string) => {
    const form = new FormData()
    form.append('file', fileBlob(bytes), 'photo.jpg')
    return h.request('POST', '/api/media', { token, body: form, headers: key ? { 'idempotency-key': key } : {} })
  }

  test('past the limit the 413 comes at once, without the rest of the body, and no temp file is left', async () => {
    const boundary = 'tianyuan-test-boundary'
    const head = new TextEncoder().encode(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`,
    )
    const chunk = new Uint8Array(16 * 1024).fill(0xab)
    let sent = 0
    let cancelled = false
    // No Content-Length, and a body that never ends: only a server that stops at the limit answers.
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(head)
      },
      async pull(controller) {
        // Just past the limit it stalls, like a phone on a weak link: the rest may take minutes.
        if (sent > LIMIT + 16 * 1024) return new Promise<void>(() => {})
        sent += chunk.length
        controller.enqueue(chunk)
      },
      cancel() {
        cancelled = true
      },
    })
    const answer = Promise.resolve(
      h.app.request('/api/media', {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': `multipart/form-data; boundary=${boundary}` },
        body,
        duplex: 'half',
      } as RequestInit),
    )
    const timeout = new Promise<'no answer'>((resolve) => setTimeout(() => resolve('no answer'), 5000).unref())
    const res = await Promise.race([answer, timeout])
    if (res === 'no answer') {
      await body.cancel().catch(() => {})
      throw new Error('no answer: the server waited for the rest of an oversize upload')
    }
    expect(res.status).toBe(413)
    const error = (await res.json()) as ErrorBody
    expect(error.code).toBe('PAYLOAD_TOO_LARGE')
    expect(error.message).toBe('照片太大了，请选择小于 0 MB 的照片'.replace('0 MB', `${Math.floor(LIMIT / 1024 / 1024)} MB`))
    // The rest of the body was not read, so the connection cannot be reused.
    expect(res.headers.get('connection')).toBe('close')
    expect(cancelled).toBe(true)
    expect(sent).toBeLessThanOrEqual(LIMIT + 32 * 1024)
    expect(leftInIncoming(h)).toEqual([])
    expect(await h.db.kysely.selectFrom('media').select('id').execute()).toEqual([])
  })

  test('an upload within the limit is stored and its temp file removed; one over it is refused', async () => {
    const fits = await noiseJpeg(150)
    expect(fits.length).toBeLessThan(LIMIT)
    const ok = await upload(fits)
    expect(ok.status).toBe(201)
    expect(fs.existsSync(path.join(h.mediaDir, 'originals', ((await ok.json()) as MediaMeta).id))).toBe(true)
    const tooBig = await noiseJpeg(500)
    expect(tooBig.length).toBeGreaterThan(LIMIT)
    const refused = await upload(tooBig)
    expect(refused.status).toBe(413)
    expect(((await refused.json()) as ErrorBody).message).toContain('照片太大了')
    // Refusals for other reasons clean up too.
    expect((await upload(new TextEncoder().encode('not a photo'))).status).toBe(415)
    expect(leftInIncoming(h)).toEqual([])
  })

  test('a retry with the same key is recognised by the hash of the file: same file replays, another file is 422', async () => {
    const first = await upload(await tinyPng(40, 30), 'stream-key-1')
    expect(first.status).toBe(201)
    const again = await upload(await tinyPng(40, 30), 'stream-key-1')
    expect(again.headers.get('idempotent-replayed')).toBe('true')
    expect(((await again.json()) as MediaMeta).id).toBe(((await first.json()) as MediaMeta).id)
    const other = await upload(await tinyPng(41, 30), 'stream-key-1')
    expect(other.status).toBe(422)
    expect(((await other.json()) as ErrorBody).code).toBe('IDEMPOTENCY_KEY_REUSED')
    expect(leftInIncoming(h)).toEqual([])
  })

  test('bad forms: extra fields, two files, no file → 400 naming what to fix', async () => {
    const png = await tinyPng()
    const extra = new FormData()
    extra.append('file', fileBlob(png, 'image/png'), 'a.png')
    extra.append('caption', 'hello')
    const extraRes = await h.request('POST', '/api/media', { token, body: extra })
    expect(extraRes.status).toBe(400)
    expect(((await extraRes.json()) as ErrorBody).message).toContain('caption')
    const two = new FormData()
    two.append('file', fileBlob(png, 'image/png'), 'a.png')
    two.append('file', fileBlob(png, 'image/png'), 'b.png')
    expect((await h.request('POST', '/api/media', { token, body: two })).status).toBe(400)
    const broken = await h.request('POST', '/api/media', {
      token,
      body: '--x\r\nContent-Disposition: form-data; name="file"; filename="a.jpg"\r\n\r\nabc',
      headers: { 'content-type': 'multipart/form-data; boundary=x' },
    })
    expect(broken.status).toBe(400)
    expect(leftInIncoming(h)).toEqual([])
  })
})

describeEachDatabase('media: per-user upload limits', (fresh) => {
  let database: TestDatabase
  let h: Harness
  const DAILY = 120 * 1024

  beforeAll(async () => {
    database = await fresh()
    h = await createHarness(database, { env: { MEDIA_UPLOADS_PER_MINUTE: '3', MEDIA_UPLOAD_BYTES_PER_DAY: String(DAILY) } })
  })
  afterAll(async () => {
    await h.close()
    removeMediaDir(h)
    await database.drop()
  })

  const upload = (token: string, bytes: Uint8Array) => {
    const form = new FormData()
    form.append('file', fileBlob(bytes), 'photo.jpg')
    return h.request('POST', '/api/media', { token, body: form })
  }

  test('at most N photos a minute: the next is 429 saying how long to wait; deleting does not give it back', async () => {
    const { token } = await h.login()
    const png = await tinyPng()
    const first = (await (await upload(token, png)).json()) as MediaMeta
    h.clock.advance(20_000)
    expect((await upload(token, png)).status).toBe(201)
    expect((await upload(token, png)).status).toBe(201)
    expect((await h.request('DELETE', `/api/media/${first.id}`, { token })).status).toBe(200)
    const refused = await upload(token, png)
    expect(refused.status).toBe(429)
    const body = (await refused.json()) as ErrorBody
    expect(body.code).toBe('RATE_LIMITED')
    expect(body.message).toBe('上传太快了：每分钟最多传 3 张照片，请 40 秒后再传')
    expect(refused.headers.get('retry-after')).toBe('40')
    // Another user is not held up by this one.
    expect((await upload((await h.login()).token, png)).status).toBe(201)
    h.clock.advance(40_000)
    expect((await upload(token, png)).status).toBe(201)
    expect(leftInIncoming(h)).toEqual([])
  })

  test('the limit holds for uploads sent all at once', async () => {
    const { token } = await h.login()
    const statuses = await Promise.all(Array.from({ length: 8 }, async (_, i) => (await upload(token, await tinyPng(30 + i, 20))).status))
    expect(statuses.filter((s) => s === 201)).toHaveLength(3)
    expect(statuses.filter((s) => s === 429)).toHaveLength(5)
    // Refused uploads leave no original behind.
    const rows = await h.db.kysely.selectFrom('media').select('id').where('deleted_at', 'is', null).execute()
    expect(fs.readdirSync(path.join(h.mediaDir, 'originals')).sort()).toEqual(rows.map((r) => r.id).sort())
  })

  test('a daily volume per user: past it 429 until Shanghai midnight', async () => {
    const { token } = await h.login()
    const photo = await noiseJpeg(200, 7)
    let refused: Response | null = null
    for (let i = 0; i < 10 && !refused; i++) {
      h.clock.advance(61_000) // keep clear of the per-minute limit
      const res = await upload(token, photo)
      if (res.status === 429) refused = res
      else expect(res.status).toBe(201)
    }
    expect(refused).not.toBeNull()
    const body = (await refused!.json()) as ErrorBody
    expect(body.code).toBe('RATE_LIMITED')
    expect(body.message).toMatch(/^今天已经传了 [\d.]+ MB 照片，每天最多 0\.1 MB，请明天（0 点以后）再传$/)
    const midnight = Date.parse('2026-11-29T00:00:00+08:00')
    expect(Number(refused!.headers.get('retry-after'))).toBe(Math.ceil((midnight - h.clock.t) / 1000))
    const mine = (await (await h.request('GET', '/api/media', { token })).json()) as MediaListResponse
    expect(mine.items.reduce((n, m) => n + m.bytes, 0)).toBeLessThanOrEqual(DAILY)
    h.clock.t = midnight + 1000
    expect((await upload(token, photo)).status).toBe(201)
  })
})
