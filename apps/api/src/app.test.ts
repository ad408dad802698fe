import type { ErrorBody, MediaMeta } from '@tianyuan/contracts'
import { freshSqlite } from './testing/databases'
import { createHarness, removeMediaDir } from './testing/harness'
import { fileBlob, multipart, tinyPng } from './testing/images'
import { createDiskStorage } from './platform/media/storage'

describe('the app shell', () => {
  test('an unexpected failure → 500 INTERNAL in Chinese, no stack in the response, the error in the log', async () => {
    const database = await freshSqlite()
    const working = await createHarness(database)
    const broken = createDiskStorage(working.mediaDir)
    broken.get = () => Promise.reject(new Error('disk on fire at /srv/secret/path.ts:12'))
    const h = await createHarness(database, { storage: broken, mediaDir: working.mediaDir })
    try {
      const { token } = await h.login()
      const media = (await (await h.request('POST', '/api/media', { token, body: multipart({ file: fileBlob(await tinyPng()) }) })).json()) as MediaMeta
      const res = await h.request('GET', `/api/media/${media.id}?w=160`, { headers: { 'x-request-id': 'req-abc-123' } })
      expect(res.status).toBe(500)
      expect(res.headers.get('x-request-id')).toBe('req-abc-123')
      const text = await res.text()
      expect(JSON.parse(text)).toEqual({ code: 'INTERNAL', message: '服务器出了点问题，请稍后再试' })
      expect(text).not.toContain('disk on fire')
      const logged = h.logs.map((l) => JSON.parse(l) as { reqId?: string; msg: string; err?: { message: string } })
      const entry = logged.find((l) => l.msg === 'unhandled error')
      expect(entry?.reqId).toBe('req-abc-123')
      expect(entry?.err?.message).toContain('disk on fire')
    } finally {
      await h.close()
      await working.close()
      removeMediaDir(h)
      await database.drop()
    }
  })

  test('unknown routes → 404 in the one error shape; every response carries a request id', async () => {
    const database = await freshSqlite()
    const h = await createHarness(database)
    try {
      const res = await h.request('GET', '/api/nope')
      expect(res.status).toBe(404)
      expect(((await res.json()) as ErrorBody).code).toBe('NOT_FOUND')
      expect(res.headers.get('x-request-id')).toMatch(/^[A-Za-z0-9_-]{22}$/)
    } finally {
      await h.close()
      removeMediaDir(h)
      await database.drop()
    }
  })
})
