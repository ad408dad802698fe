import fs from 'node:fs'
import path from 'node:path'
import type { MediaMeta } from '@tianyuan/contracts'
import { MEDIA_QUALITIES, MEDIA_WIDTHS } from '@tianyuan/contracts'
import { describeEachDatabase, type TestDatabase } from '../../testing/databases'
import { createHarness, removeMediaDir, type Harness } from '../../testing/harness'
import { fileBlob, jpegWithExif } from '../../testing/images'

/** Every file under a folder (recursively); [] when it does not exist. */
function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return []
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => !e.isDirectory()).map((e) => path.join(e.parentPath, e.name))
}

describeEachDatabase('media: deleting while variants render', (fresh) => {
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

  const upload = async (bytes: Uint8Array) => {
    const form = new FormData()
    form.append('file', fileBlob(bytes), 'photo.jpg')
    const res = await h.request('POST', '/api/media', { token, body: form })
    expect(res.status).toBe(201)
    return (await res.json()) as MediaMeta
  }

  // Every variant the API can make: 5 widths × 5 qualities × 2 formats, all rendered at once.
  const allVariants = MEDIA_WIDTHS.flatMap((w) => MEDIA_QUALITIES.flatMap((q) => [`w=${w}&q=${q}&fmt=jpeg`, `w=${w}&q=${q}&fmt=webp`]))

  test('a delete racing many renders answers 200, leaves no file of the photo, and every variant request is 200 or 404', async () => {
    const original = await jpegWithExif(1600, 1200)
    for (let round = 0; round < 3; round++) {
      const meta = await upload(original)
      const variants = allVariants.map((q) => h.request('GET', `/api/media/${meta.id}?${q}`))
      // Let the first renders land on disk (the variants folder exists), then delete in the middle of the rest.
      const firstVariant = path.join(h.mediaDir, 'variants', meta.id)
      while (!fs.existsSync(firstVariant)) await new Promise((r) => setTimeout(r, 2))
      const deleted = await h.request('DELETE', `/api/media/${meta.id}`, { token })
      const statuses = await Promise.all(variants.map(async (p) => (await p).status))

      expect(deleted.status).toBe(200)
      expect(statuses.filter((s) => s !== 200 && s !== 404)).toEqual([])
      // Once rendering has settled nothing of the photo is left: no original, no variant, no temp file.
      expect(filesUnder(path.join(h.mediaDir, 'variants', meta.id))).toEqual([])
      expect(fs.existsSync(path.join(h.mediaDir, 'variants', meta.id))).toBe(false)
      expect(fs.existsSync(path.join(h.mediaDir, 'originals', meta.id))).toBe(false)
      // After the delete every variant is gone for good.
      expect((await h.request('GET', `/api/media/${meta.id}?w=160`)).status).toBe(404)
      expect((await h.request('GET', `/api/media/${meta.id}?w=960&q=85&fmt=webp`)).status).toBe(404)
    }
  })

  test('a retried delete is not an error; someone else cannot delete it, even twice', async () => {
    const meta = await upload(await jpegWithExif(400, 300))
    const other = await h.login()
    expect((await h.request('DELETE', `/api/media/${meta.id}`, { token: other.token })).status).toBe(404)
    const first = await h.request('DELETE', `/api/media/${meta.id}`, { token })
    expect(first.status).toBe(200)
    const retry = await h.request('DELETE', `/api/media/${meta.id}`, { token })
    expect(retry.status).toBe(200)
    expect(await retry.json()).toEqual({ ok: true })
    expect((await h.request('DELETE', `/api/media/${meta.id}`, { token: other.token })).status).toBe(404)
    expect((await h.request('DELETE', '/api/media/AAAAAAAAAAAAAAAAAAAAAA', { token })).status).toBe(404)
  })
})
