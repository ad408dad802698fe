import fs from 'node:fs'
import path from 'node:path'
import sharp from 'sharp'
import { MediaMeta, type ErrorBody, type MediaListResponse } from '@tianyuan/contracts'
import { thumbHashToRGBA } from 'thumbhash'
import { describeEachDatabase, type TestDatabase } from '../../testing/databases'
import { createHarness, removeMediaDir, type Harness } from '../../testing/harness'
import { fileBlob, hasGpsIfd, jpegWithExif, multipart, tinyPng } from '../../testing/images'
import { pickImageVariant } from './service'
import { SEED_PHOTOS, seedPhotoPath } from '../../seed'

describe('pickImageVariant', () => {
  test('snaps widths up to the fixed set and qualities to the nearest allowed', () => {
    expect(pickImageVariant('x', { w: 1 }).width).toBe(160)
    expect(pickImageVariant('x', { w: 161 }).width).toBe(320)
    expect(pickImageVariant('x', { w: 640 }).width).toBe(640)
    expect(pickImageVariant('x', { w: 4000 }).width).toBe(960)
    expect(pickImageVariant('x', {}).width).toBe(640)
    expect(pickImageVariant('x', { q: 100 }).quality).toBe(85)
    expect(pickImageVariant('x', { q: 1 }).quality).toBe(40)
    expect(pickImageVariant('x', {}).format).toBe('jpeg')
  })
})

describeEachDatabase('media', (fresh) => {
  let database: TestDatabase
  let h: Harness
  let token: string

  beforeAll(async () => {
    database = await fresh()
    h = await createHarness(database, { env: { MEDIA_MAX_BYTES: String(200 * 1024) } })
    token = (await h.login()).token
  })
  afterAll(async () => {
    await h.close()
    removeMediaDir(h)
    await database.drop()
  })

  const upload = (blob: Blob, t = token, name = 'photo.jpg') => {
    const form = new FormData()
    form.append('file', blob, name)
    return h.request('POST', '/api/media', { token: t, body: form })
  }

  test('upload: orientation applied, EXIF and GPS stripped, thumbhash from a small version', async () => {
    const input = await jpegWithExif(300, 200)
    const inputMeta = await sharp(input).metadata()
    expect(inputMeta.orientation).toBe(6)
    expect(hasGpsIfd(inputMeta.exif)).toBe(true)
    expect(input.includes(Buffer.from('TestPhone'))).toBe(true)
    const res = await upload(fileBlob(input))
    expect(res.status).toBe(201)
    const meta = MediaMeta.parse(await res.json())
    // Orientation 6 = rotate 90°: a 300×200 landscape stored as 200×300.
    expect(meta).toMatchObject({ width: 200, height: 300, mime: 'image/jpeg' })
    const stored = fs.readFileSync(path.join(h.mediaDir, 'originals', meta.id))
    const storedMeta = await sharp(stored).metadata()
    expect(storedMeta.exif).toBeUndefined()
    expect(hasGpsIfd(storedMeta.exif)).toBe(false)
    expect(storedMeta.xmp).toBeUndefined()
    expect(storedMeta.orientation ?? 1).toBe(1)
    expect(stored.includes(Buffer.from('TestPhone'))).toBe(false)
    const hash = Buffer.from(meta.thumbhash, 'base64')
    expect(hash.length).toBeLessThan(40)
    const decoded = thumbHashToRGBA(hash)
    expect(decoded.h).toBeGreaterThan(decoded.w) // the placeholder keeps the (rotated) aspect
  })

  test('the type comes from the bytes, not the name: a PNG called .jpg is a PNG; text called .jpg is refused', async () => {
    const png = await upload(fileBlob(await tinyPng(), 'image/jpeg'), token, 'fake.jpg')
    expect(png.status).toBe(201)
    expect(((await png.json()) as MediaMeta).mime).toBe('image/png')
    const text = await upload(fileBlob(Buffer.from('hello, not an image at all'), 'image/jpeg'), token, 'photo.jpg')
    expect(text.status).toBe(415)
    expect(((await text.json()) as ErrorBody).code).toBe('MEDIA_TYPE_NOT_ALLOWED')
    const truncated = (await jpegWithExif()).subarray(0, 400)
    const broken = await upload(fileBlob(truncated))
    expect(broken.status).toBe(400)
    expect(((await broken.json()) as ErrorBody).code).toBe('MEDIA_UNREADABLE')
  })

  test('oversize uploads → 413; wrong content type → 415; missing or extra fields → 400', async () => {
    const big = await upload(fileBlob(Buffer.alloc(300 * 1024, 1)))
    expect(big.status).toBe(413)
    expect(((await big.json()) as ErrorBody).code).toBe('PAYLOAD_TOO_LARGE')
    const json = await h.request('POST', '/api/media', { token, json: { file: 'x' } })
    expect(json.status).toBe(415)
    const none = await h.request('POST', '/api/media', { token, body: multipart({ other: 'x' }) })
    expect(none.status).toBe(400)
    expect(((await none.json()) as ErrorBody).message).toContain('other')
    const anonymous = await h.request('POST', '/api/media', { body: multipart({ file: fileBlob(await tinyPng()) }) })
    expect(anonymous.status).toBe(401)
  })

  test('variants: snapped width, mozjpeg/webp, cached on disk, ETag, immutable, 304', async () => {
    const meta = (await (await upload(fileBlob(await jpegWithExif(1200, 800)))).json()) as MediaMeta
    const res = await h.request('GET', `/api/media/${meta.id}?w=300&q=70&fmt=jpeg`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('image/jpeg')
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
    const etag = res.headers.get('etag') as string
    expect(etag).toBe(`"${meta.id}-320-75-jpeg"`)
    const bytes = Buffer.from(await res.arrayBuffer())
    expect((await sharp(bytes).metadata()).width).toBe(320)
    expect(fs.existsSync(path.join(h.mediaDir, 'variants', meta.id, '320-75.jpg'))).toBe(true)

    const again = await h.request('GET', `/api/media/${meta.id}?w=300&q=70&fmt=jpeg`, { headers: { 'if-none-match': etag } })
    expect(again.status).toBe(304)
    expect(again.headers.get('etag')).toBe(etag)
    expect((await again.arrayBuffer()).byteLength).toBe(0)

    const webp = await h.request('GET', `/api/media/${meta.id}?w=160&fmt=webp`)
    expect(webp.headers.get('content-type')).toBe('image/webp')
    expect((await sharp(Buffer.from(await webp.arrayBuffer())).metadata()).format).toBe('webp')

    // Never wider than the original.
    const small = (await (await upload(fileBlob(await tinyPng(64, 48), 'image/png'))).json()) as MediaMeta
    const notUpscaled = await h.request('GET', `/api/media/${small.id}?w=960`)
    expect((await sharp(Buffer.from(await notUpscaled.arrayBuffer())).metadata()).width).toBe(64)
  })

  test('the seed photographs upload and serve variants', async () => {
    for (const photo of SEED_PHOTOS) {
      const bytes = fs.readFileSync(seedPhotoPath(photo.file))
      const res = await upload(fileBlob(bytes), token, photo.file)
      expect(res.status).toBe(201)
      const meta = MediaMeta.parse(await res.json())
      const variant = await h.request('GET', `/api/media/${meta.id}?w=160&fmt=webp`)
      expect(variant.status).toBe(200)
      expect((await sharp(Buffer.from(await variant.arrayBuffer())).metadata()).width).toBe(Math.min(160, meta.width))
    }
  })

  test('bad variant queries → 400 naming the parameter; unknown ids → 404', async () => {
    const meta = (await (await upload(fileBlob(await tinyPng()))).json()) as MediaMeta
    for (const query of ['w=abc', 'fmt=gif', 'w=-5', 'w=99999999', 'q=0', 'size=3', 'w=1&w=2']) {
      const res = await h.request('GET', `/api/media/${meta.id}?${query}`)
      expect(res.status).toBe(400)
      const body = (await res.json()) as ErrorBody
      expect(body.code).toBe('VALIDATION_FAILED')
      expect(body.message).toContain(query.split('=')[0] as string)
    }
    expect((await h.request('GET', '/api/media/AAAAAAAAAAAAAAAAAAAAAA')).status).toBe(404)
    expect((await h.request('GET', '/api/media/..%2F..%2Fetc')).status).toBe(404)
  })

  test('meta is public; the list shows only my uploads; delete removes it everywhere', async () => {
    const mine = (await (await upload(fileBlob(await tinyPng()))).json()) as MediaMeta
    const meta = await h.request('GET', `/api/media/${mine.id}/meta`)
    expect(MediaMeta.parse(await meta.json()).id).toBe(mine.id)

    const list = (await (await h.request('GET', '/api/media', { token })).json()) as MediaListResponse
    expect(list.items.map((m) => m.id)).toContain(mine.id)

    await h.request('GET', `/api/media/${mine.id}?w=160`)
    const del = await h.request('DELETE', `/api/media/${mine.id}`, { token })
    expect(del.status).toBe(200)
    expect((await h.request('GET', `/api/media/${mine.id}?w=160`)).status).toBe(404)
    expect((await h.request('GET', `/api/media/${mine.id}/meta`)).status).toBe(404)
    expect(fs.existsSync(path.join(h.mediaDir, 'variants', mine.id))).toBe(false)
    // A retry (say the first answer was lost on a weak link) is not an error.
    expect((await h.request('DELETE', `/api/media/${mine.id}`, { token })).status).toBe(200)
  })
})
