import { createHash, randomInt } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { sql } from 'kysely'
import type { ErrorBody, LessonEdition, LessonMedia, LessonSlidesManifest } from '@tianyuan/contracts'
import { describeEachDatabase, type TestDatabase } from '../../testing/databases'
import { createHarness, removeMediaDir, TestClock, type Harness } from '../../testing/harness'
import { createLogger } from '../../platform/logging'
import { newId } from '../../platform/ids'
import { createLessonMedia, type LessonMediaInternals } from './service'
import { ffprobe, makeAudio, makeClip, topLevelBoxes, truncate } from './testing/fixtures'

const SECRET = 'test-lesson-media-url-secret-0123456789abcdef'
const b64 = (s: string) => Buffer.from(s).toString('base64')

describeEachDatabase('lesson media: uploads, transcodes, signed files', (fresh) => {
  let database: TestDatabase
  let h: Harness
  let media: LessonMediaInternals
  let tmp: string
  let clip: string
  let teacher: { token: string; userId: string }
  let other: { token: string; userId: string }

  beforeAll(async () => {
    database = await fresh()
    h = await createHarness(database, { clock: new TestClock(Date.now()), env: { LESSON_MEDIA_URL_SECRET: SECRET, LESSON_MEDIA_MAX_UPLOAD_MB: '5' } })
    // A second service on the same database and files: the transcode worker the API's jobs runner would run.
    media = createLessonMedia({ db: h.db.kysely, config: h.config, logger: createLogger({ level: 'silent' }), now: h.clock.now })
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lesson-media-test-'))
    clip = makeClip(tmp)
    teacher = await signIn(true)
    other = await signIn(true)
  }, 60_000)
  afterAll(async () => {
    await h.close()
    removeMediaDir(h)
    fs.rmSync(tmp, { recursive: true, force: true })
    await database.drop()
  })

  async function signIn(asTeacher: boolean) {
    const login = await h.login()
    if (asTeacher) {
      await sql`insert into classroom_teachers (id, user_id, name, org, intro, photo_media_id, created_at) values (${newId()}, ${login.user.id}, ${'李老师'}, ${'县农技站'}, ${'玉米栽培'}, ${null}, ${h.clock.now()})`.execute(h.db.kysely)
    }
    return { token: login.token, userId: login.user.id }
  }

  const tus = (method: string, url: string, token: string | null, headers: Record<string, string> = {}, body?: BodyInit | Buffer) =>
    Promise.resolve(
      h.app.request(url, {
        method,
        headers: { 'tus-resumable': '1.0.0', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
        body: Buffer.isBuffer(body) ? new Uint8Array(body) : body,
      // @ts-expect-error -- Node's fetch needs duplex for a streamed body; the DOM type does not know it
        duplex: 'half',
      }),
    )

  async function create(token: string, size: number, filetype = 'video/mp4'): Promise<string> {
    const res = await tus('POST', '/api/classroom/uploads', token, { 'upload-length': String(size), 'upload-metadata': `filename ${b64('第一课.mp4')},filetype ${b64(filetype)}` })
    expect(res.status).toBe(201)
    const location = res.headers.get('location')!
    expect(location).toMatch(/^\/api\/classroom\/uploads\/[A-Za-z0-9_-]+$/)
    return location
  }

  /** A PATCH whose connection drops after `cut` bytes: the stream errors mid-body. */
  const cutAfter = (bytes: Buffer, cut: number) =>
    new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new Uint8Array(bytes.subarray(0, cut)))
        controller.error(new Error('link dropped'))
      },
    })

  async function upload(token: string, bytes: Buffer): Promise<string> {
    const location = await create(token, bytes.length)
    const res = await tus('PATCH', location, token, { 'upload-offset': '0', 'content-type': 'application/offset+octet-stream' }, bytes)
    expect(res.status).toBe(204)
    return location.split('/').pop()!
  }

  const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex')
  const storedFiles = () => fs.readdirSync(media.dirs.files, { recursive: true }).filter((f) => /[0-9a-f]{64}$/.test(String(f)))

  test('an upload cut at a random offset resumes from where the server stopped and yields one identical original', async () => {
    const bytes = fs.readFileSync(clip)
    const location = await create(teacher.token, bytes.length)
    const cut = randomInt(1, bytes.length - 1)
    await tus('PATCH', location, teacher.token, { 'upload-offset': '0', 'content-type': 'application/offset+octet-stream' }, cutAfter(bytes, cut)).catch(() => undefined)
    const head = await tus('HEAD', location, teacher.token)
    expect(head.status).toBe(200)
    const offset = Number(head.headers.get('upload-offset'))
    expect(offset).toBeLessThanOrEqual(cut)
    expect(offset).toBeGreaterThanOrEqual(0)
    expect(Number(head.headers.get('upload-length'))).toBe(bytes.length)
    // A wrong offset is refused (409), so bytes are never written twice or skipped.
    const wrong = await tus('PATCH', location, teacher.token, { 'upload-offset': String(offset + 1), 'content-type': 'application/offset+octet-stream' }, bytes.subarray(offset + 1))
    expect(wrong.status).toBe(409)
    const rest = await tus('PATCH', location, teacher.token, { 'upload-offset': String(offset), 'content-type': 'application/offset+octet-stream' }, bytes.subarray(offset))
    expect(rest.status).toBe(204)
    expect(Number(rest.headers.get('upload-offset'))).toBe(bytes.length)
    const uploadId = location.split('/').pop()!
    const row = await media.db.selectFrom('lesson_uploads').selectAll().where('id', '=', uploadId).executeTakeFirstOrThrow()
    expect(row.sha256).toBe(sha(bytes))
    expect(fs.readFileSync(media.store.pathOf(row.sha256!)).equals(bytes)).toBe(true)
  })

  test('the same bytes uploaded twice (by two teachers) are stored once', async () => {
    const bytes = Buffer.concat([fs.readFileSync(clip), Buffer.from('twice')])
    const before = storedFiles().length
    const a = await upload(teacher.token, bytes)
    const b = await upload(other.token, bytes)
    expect(a).not.toBe(b)
    expect(storedFiles().length).toBe(before + 1)
    const stored = media.store.pathOf(sha(bytes))
    // The uploads' own files are links to the one copy (they still answer HEAD for a late client).
    expect(fs.statSync(stored).nlink).toBe(3)
    const rows = await media.db.selectFrom('lesson_media_files').selectAll().where('sha256', '=', sha(bytes)).execute()
    expect(rows).toHaveLength(1)
  })

  test('only a signed-in teacher uploads; another teacher cannot touch the upload; limits answered in zh-CN', async () => {
    const location = await create(teacher.token, 1000)
    expect((await tus('POST', '/api/classroom/uploads', null, { 'upload-length': '10' })).status).toBe(401)
    const learner = await signIn(false)
    const refused = await tus('POST', '/api/classroom/uploads', learner.token, { 'upload-length': '10' })
    expect(refused.status).toBe(403)
    expect(((await refused.json()) as ErrorBody).code).toBe('NOT_A_TEACHER')
    for (const method of ['HEAD', 'PATCH', 'DELETE']) {
      expect((await tus(method, location, other.token, { 'upload-offset': '0', 'content-type': 'application/offset+octet-stream' }, method === 'PATCH' ? 'x' : undefined)).status).toBe(404)
    }
    const tooBig = await tus('POST', '/api/classroom/uploads', teacher.token, { 'upload-length': String(6 * 1024 * 1024) })
    expect(tooBig.status).toBe(413)
    expect(((await tooBig.json()) as ErrorBody).message).toContain('最大 5 MB')
    const empty = await tus('POST', '/api/classroom/uploads', teacher.token, { 'upload-length': '0' })
    expect(empty.status).toBe(400)
    expect(((await empty.json()) as ErrorBody).message).toContain('空的')
    const text = await tus('POST', '/api/classroom/uploads', teacher.token, { 'upload-length': '10', 'upload-metadata': `filetype ${b64('text/plain')}` })
    expect(text.status).toBe(415)
    // More bytes than announced are refused by tus itself.
    const small = await create(teacher.token, 10)
    expect((await tus('PATCH', small, teacher.token, { 'upload-offset': '0', 'content-type': 'application/offset+octet-stream' }, Buffer.alloc(20))).status).toBe(413)
    // Termination: the owner deletes an unfinished upload.
    expect((await tus('DELETE', location, teacher.token)).status).toBe(204)
    expect((await tus('HEAD', location, teacher.token)).status).toBe(404)
  })

  test('attach: only the uploader, only a finished upload', async () => {
    const location = await create(teacher.token, 1000)
    const uploadId = location.split('/').pop()!
    await expect(media.attachUpload({ lessonId: 'lesson-x', uploadId, userId: other.userId })).rejects.toMatchObject({ status: 404 })
    await expect(media.attachUpload({ lessonId: 'lesson-x', uploadId, userId: teacher.userId })).rejects.toMatchObject({ status: 409, code: 'UPLOAD_NOT_FINISHED' })
    expect((await media.describe('lesson-x', { signed: true })).state).toBe('none')
  })

  describe('a video lesson, transcoded and served', () => {
    const lessonId = 'lesson-video-1'
    let ready: LessonMedia
    const edition = (kind: string) => ready.editions.find((e) => e.kind === kind) as LessonEdition
    const get = (url: string, headers: Record<string, string> = {}) => h.app.request(url, { headers })

    beforeAll(async () => {
      const uploadId = await upload(teacher.token, fs.readFileSync(clip))
      const queued = await media.attachUpload({ lessonId, uploadId, userId: teacher.userId })
      expect(queued.state).toBe('processing')
      expect(queued.editions).toEqual([])
      expect(await media.work()).toBe(1)
      ready = await media.describe(lessonId, { signed: true, viewerId: teacher.userId })
    }, 120_000)

    test('every edition, with sizes, kinds and the stated codecs', async () => {
      expect(ready.state).toBe('ready')
      expect(ready.progress).toBe(1)
      expect(ready.hasVideo).toBe(true)
      expect(ready.durationS).toBeCloseTo(6, 0)
      expect(ready.thumbhash).toMatch(/^[A-Za-z0-9+/=]{20,}$/)
      expect(ready.editions.map((e) => e.kind)).toEqual(['audio', 'slides', 'video240', 'video360'])
      for (const e of ready.editions) expect(e.bytes).toBe(e.files.reduce((s, f) => s + f.bytes, 0))

      const audio = media.store.pathOf(edition('audio').files[0]!.sha256)
      const a = ffprobe(audio).streams
      expect(a).toEqual([expect.objectContaining({ codec_type: 'audio', codec_name: 'aac', profile: 'LC', channels: 1 })])
      expect(topLevelBoxes(audio).indexOf('moov')).toBeLessThan(topLevelBoxes(audio).indexOf('mdat'))
      expect(edition('audio').kbps).toBeLessThanOrEqual(40)

      for (const [kind, height] of [['video240', 240], ['video360', 360]] as const) {
        const e = edition(kind)
        expect(e.height).toBe(height)
        expect(e.hlsUrl).toMatch(/index\.m3u8$/)
        const mp4 = media.store.pathOf(e.files[0]!.sha256)
        const streams = ffprobe(mp4).streams
        expect(streams).toEqual(
          expect.arrayContaining([
            expect.objectContaining({ codec_type: 'video', codec_name: 'h264', profile: 'Main', pix_fmt: 'yuv420p', height }),
            expect.objectContaining({ codec_type: 'audio', codec_name: 'aac', profile: 'LC', channels: 1 }),
          ]),
        )
        const boxes = topLevelBoxes(mp4)
        expect(boxes.indexOf('moov')).toBeLessThan(boxes.indexOf('mdat'))
      }

      const slides = edition('slides')
      expect(slides.files[0]!.name).toBe('audio.m4a')
      const manifestFile = slides.files.find((f) => f.role === 'manifest')!
      const manifest = (await (await get(manifestFile.url!)).json()) as LessonSlidesManifest
      expect(manifest.slides.length).toBeGreaterThanOrEqual(1)
      expect(manifest.slides[0]!.atS).toBe(0)
      expect(slides.cues).toEqual(manifest.slides.map((s) => ({ atS: s.atS, name: s.name })))
      for (const s of manifest.slides) expect(slides.files.some((f) => f.name === s.name && f.mime === 'image/webp')).toBe(true)
      expect(slides.bytes).toBeLessThan(edition('video240').bytes)
    })

    test('unsigned: sizes without URLs', async () => {
      const plain = await media.describe(lessonId, { signed: false })
      expect(plain.editions.map((e) => e.bytes)).toEqual(ready.editions.map((e) => e.bytes))
      expect(plain.editions.flatMap((e) => e.files).every((f) => f.url === undefined)).toBe(true)
      expect(plain.poster).toBeUndefined()
      expect(plain.editions.every((e) => e.hlsUrl === undefined)).toBe(true)
    })

    test('files: immutable caching, strong ETag, Range 206, 416, 304, types', async () => {
      const file = edition('video240').files[0]!
      const whole = await get(file.url!)
      expect(whole.status).toBe(200)
      expect(whole.headers.get('content-type')).toBe('video/mp4')
      expect(whole.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
      expect(whole.headers.get('etag')).toBe(`"${file.sha256}"`)
      expect(whole.headers.get('accept-ranges')).toBe('bytes')
      const body = Buffer.from(await whole.arrayBuffer())
      expect(body.length).toBe(file.bytes)
      expect(sha(body)).toBe(file.sha256)

      const part = await get(file.url!, { range: 'bytes=100-199' })
      expect(part.status).toBe(206)
      expect(part.headers.get('content-range')).toBe(`bytes 100-199/${file.bytes}`)
      expect(Buffer.from(await part.arrayBuffer()).equals(body.subarray(100, 200))).toBe(true)
      // A resumed download: from an offset to the end.
      const rest = await get(file.url!, { range: `bytes=${file.bytes - 10}-` })
      expect(rest.status).toBe(206)
      expect(Buffer.from(await rest.arrayBuffer()).equals(body.subarray(file.bytes - 10))).toBe(true)
      const suffix = await get(file.url!, { range: 'bytes=-5' })
      expect(Buffer.from(await suffix.arrayBuffer()).equals(body.subarray(file.bytes - 5))).toBe(true)

      const beyond = await get(file.url!, { range: `bytes=${file.bytes}-` })
      expect(beyond.status).toBe(416)
      expect(beyond.headers.get('content-range')).toBe(`bytes */${file.bytes}`)
      const cached = await get(file.url!, { 'if-none-match': `"${file.sha256}"` })
      expect(cached.status).toBe(304)
      expect(await cached.text()).toBe('')

      expect((await get(edition('audio').files[0]!.url!)).headers.get('content-type')).toBe('audio/mp4')
      expect((await get(ready.poster!)).headers.get('content-type')).toBe('image/jpeg')
      expect((await get(edition('slides').files.find((f) => f.role === 'slide')!.url!)).headers.get('content-type')).toBe('image/webp')
    })

    test('HLS: the playlist is a VOD playlist whose relative segment URLs resolve under the same token', async () => {
      const e = edition('video360')
      const res = await get(e.hlsUrl!)
      expect(res.headers.get('content-type')).toBe('application/vnd.apple.mpegurl')
      const playlist = await res.text()
      expect(playlist).toContain('#EXT-X-PLAYLIST-TYPE:VOD')
      expect(playlist).toContain('#EXT-X-ENDLIST')
      const segments = playlist.split('\n').filter((l) => l && !l.startsWith('#'))
      expect(segments.length).toBeGreaterThanOrEqual(1)
      for (const s of segments) {
        const url = new URL(s, `http://x${e.hlsUrl!}`)
        const seg = await get(url.pathname)
        expect(seg.status).toBe(200)
        expect(seg.headers.get('content-type')).toBe('video/mp2t')
      }
    })

    test('a tampered or expired link → 403; another lesson’s token does not open these files', async () => {
      const url = edition('audio').files[0]!.url!
      const [, , , , token] = url.split('/')
      const [id, exp, sig] = token!.split('.')
      const tampered = url.replace(token!, `${id}.${Number(exp) + 3600}.${sig}`)
      const res = await get(tampered)
      expect(res.status).toBe(403)
      expect(((await res.json()) as ErrorBody).code).toBe('MEDIA_LINK_INVALID')
      expect((await get(url.replace(token!, `${id}.${exp}.${sig!.slice(0, -2)}AA`))).status).toBe(403)
      const otherLesson = await media.describe('lesson-none', { signed: true })
      expect(otherLesson.state).toBe('none')
      const foreign = url.replace(token!, media.signer.token('another-lesson', Number(exp)))
      expect((await get(foreign)).status).toBe(404)

      h.clock.advance(h.config.lessonMedia.urlTtlMs + 3600_000)
      const expired = await get(url)
      expect(expired.status).toBe(403)
      expect(((await expired.json()) as ErrorBody).message).toContain('过期')
      // A fresh description gives links that work again.
      const again = await media.describe(lessonId, { signed: true })
      expect((await get(again.editions[0]!.files[0]!.url!)).status).toBe(200)
    })
  })

  test('an audio-only original gives the audio edition, and a 2G edition of the audio alone', async () => {
    await media.attachOriginal({ lessonId: 'lesson-audio', file: makeAudio(tmp) })
    await media.work()
    const m = await media.describe('lesson-audio', { signed: true })
    expect(m.state).toBe('ready')
    expect(m.hasVideo).toBe(false)
    expect(m.editions.map((e) => e.kind)).toEqual(['audio', 'slides'])
    expect(m.editions[1]!.files.map((f) => f.name)).toEqual(['audio.m4a'])
    expect(m.poster).toBeUndefined()
  })

  test.each([
    ['a text file named .mp4', (dir: string) => {
      const f = path.join(dir, 'notes.mp4')
      fs.writeFileSync(f, '这是一段文字，不是视频。\n'.repeat(50))
      return f
    }, '不是能播放的视频或录音'],
    ['a 0-byte file', (dir: string) => {
      const f = path.join(dir, 'empty.mp4')
      fs.writeFileSync(f, '')
      return f
    }, '空的'],
    ['a truncated video', (dir: string) => truncate(makeClip(dir, { name: 'whole.mp4', seconds: 8 }), 0.5), '不完整'],
  ])('bad input: %s → failed with a clear zh-CN reason, nothing published', async (_name, make, words) => {
    const lessonId = `lesson-bad-${newId()}`
    const dir = fs.mkdtempSync(path.join(tmp, 'bad-'))
    await media.attachOriginal({ lessonId, file: make(dir) })
    await media.work()
    const m = await media.describe(lessonId, { signed: true })
    expect(m.state).toBe('failed')
    expect(m.error).toContain(words)
    expect(m.editions).toEqual([])
    const refs = await media.db.selectFrom('lesson_media_refs').select('sha256').where('lesson_id', '=', lessonId).execute()
    expect(refs).toEqual([])
    const job = await media.db.selectFrom('lesson_media_jobs').selectAll().where('lesson_id', '=', lessonId).executeTakeFirstOrThrow()
    expect(job.state).toBe('failed')
    expect(job.attempts).toBe(1) // a bad file is not retried
  }, 60_000)

  test('shutdown hands a running transcode back at once (the attempt does not count); the next worker finishes it', async () => {
    const stopping = createLessonMedia({ db: h.db.kysely, config: h.config, logger: createLogger({ level: 'silent' }), now: h.clock.now, instanceId: 'stopping' })
    await stopping.attachOriginal({ lessonId: 'lesson-stop', file: makeClip(tmp, { name: 'stop.mp4', seconds: 8 }) })
    const working = stopping.work()
    const job = () => media.db.selectFrom('lesson_media_jobs').selectAll().where('lesson_id', '=', 'lesson-stop').executeTakeFirstOrThrow()
    for (let i = 0; i < 600 && !(JSON.parse((await job()).outputs) as { audio?: unknown }).audio; i++) await new Promise((r) => setTimeout(r, 50))
    await stopping.stop()
    await working
    const handedBack = await job()
    expect(handedBack).toMatchObject({ state: 'queued', attempts: 0, claimed_by: null })
    expect((await media.describe('lesson-stop', { signed: false })).state).toBe('processing')
    expect(await media.work()).toBe(1)
    expect((await job()).attempts).toBe(1)
    expect((await media.describe('lesson-stop', { signed: false })).state).toBe('ready')
  }, 60_000)

  test('a removed lesson’s files are collected a day later; files another lesson uses stay', async () => {
    const keep = await media.describe('lesson-video-1', { signed: false })
    await media.attachOriginal({ lessonId: 'lesson-gone', file: makeAudio(tmp, 3) })
    await media.work()
    const gone = await media.describe('lesson-gone', { signed: false })
    const goneFiles = gone.editions.flatMap((e) => e.files).map((f) => f.sha256)
    await media.remove('lesson-gone')
    expect((await media.describe('lesson-gone', { signed: false })).state).toBe('none')
    expect(await media.collectGarbage()).toBe(0) // not yet: a day's grace
    h.clock.advance(25 * 3600_000)
    expect(await media.collectGarbage()).toBeGreaterThanOrEqual(goneFiles.length)
    for (const sha256 of goneFiles) expect(fs.existsSync(media.store.pathOf(sha256))).toBe(false)
    for (const f of keep.editions.flatMap((e) => e.files)) expect(fs.existsSync(media.store.pathOf(f.sha256))).toBe(true)
  }, 60_000)

  test('expired unfinished uploads are cleaned away; finished ones keep their stored original', async () => {
    const unfinished = await create(teacher.token, 5000)
    const id = unfinished.split('/').pop()!
    expect(fs.existsSync(path.join(media.dirs.uploads, id))).toBe(true)
    h.clock.advance(h.config.lessonMedia.uploadExpiryMs + 1)
    expect(await media.cleanUploads()).toBeGreaterThanOrEqual(1)
    expect(fs.existsSync(path.join(media.dirs.uploads, id))).toBe(false)
    expect(await media.db.selectFrom('lesson_uploads').select('id').where('id', '=', id).executeTakeFirst()).toBeUndefined()
    expect((await tus('HEAD', unfinished, teacher.token)).status).toBe(404)
    // The lesson transcoded earlier still plays from its stored files.
    expect((await media.describe('lesson-video-1', { signed: true })).state).toBe('ready')
  })
})
