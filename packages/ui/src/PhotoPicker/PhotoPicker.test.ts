import { phone } from '../test-kit/mock-taro'
import { fakeServer, API_ORIGIN } from '../test-kit/sdk'
import { choosePhotos, percentOf, photoSlotText, uploadSlot, type PhotoSlot } from '.'

beforeEach(() => phone.reset())

const slot = (change: Partial<PhotoSlot> = {}): PhotoSlot => ({ key: 'k1', path: 'wxfile://tmp/a.jpg', state: 'uploading', percent: 0, ...change })

describe('percentOf', () => {
  it('counts only bytes that travelled, in whole percent, never over 100', () => {
    expect(percentOf({ phase: 'compressing', sentBytes: 0, totalBytes: 0, attempt: 0 })).toBe(0)
    expect(percentOf({ phase: 'uploading', sentBytes: 0, totalBytes: 0, attempt: 1 })).toBe(0)
    expect(percentOf({ phase: 'uploading', sentBytes: 45_499, totalBytes: 100_000, attempt: 1 })).toBe(45)
    expect(percentOf({ phase: 'uploading', sentBytes: 120, totalBytes: 100, attempt: 2 })).toBe(100)
  })
})

describe('photoSlotText', () => {
  it('says each photo’s state in words, counting from 1', () => {
    expect(photoSlotText(slot({ percent: 45 }), 0)).toBe('第 1 张：正在上传 45%')
    expect(photoSlotText(slot({ state: 'done', percent: 100 }), 1)).toBe('第 2 张：已上传')
    expect(photoSlotText(slot({ state: 'failed', error: '网络不太好，请稍后重试' }), 2)).toBe('第 3 张没有传上去：网络不太好，请稍后重试')
  })
})

describe('choosePhotos', () => {
  it('asks the camera or album for the room left, and reads a user who backs out as none', async () => {
    phone.chosen = ['wxfile://tmp/a.jpg', 'wxfile://tmp/b.jpg', 'wxfile://tmp/c.jpg']
    expect(await choosePhotos(2)).toEqual(['wxfile://tmp/a.jpg', 'wxfile://tmp/b.jpg'])
    expect(phone.chooseCounts).toEqual([2])
    expect(await choosePhotos(0)).toEqual([])
    expect(phone.chooseCounts).toEqual([2]) // no room: the album is not opened
    phone.chosen = 'cancel'
    expect(await choosePhotos(9)).toEqual([])
  })
})

describe('uploadSlot', () => {
  it('uploads to <baseUrl>/api/media with the session and keeps the photo’s four fields', async () => {
    const server = fakeServer(['wxfile://tmp/a.jpg'])
    await server.sdk.auth.ensureLogin()
    const progress: number[] = []
    const done = await uploadSlot(slot(), { sdk: server.sdk, baseUrl: API_ORIGIN }, (p) => progress.push(p))
    expect(done).toMatchObject({ key: 'k1', state: 'done', percent: 100 })
    expect(done.media).toEqual({ id: 'photo-1-0123456789abcdef', width: 800, height: 600, thumbhash: '' })
    expect(server.uploads[0]?.url).toBe('https://api.test/api/media')
    expect(server.uploads[0]?.headers.authorization).toBe('Bearer token-1')
    expect(progress).toContain(100)
  })

  it('fails with the server’s words and the key to resume with, which the next try sends again', async () => {
    const server = fakeServer(['wxfile://tmp/a.jpg'])
    server.mediaAnswers.push({ status: 413, body: { code: 'TOO_LARGE', message: '照片太大了，请换一张' } })
    const failed = await uploadSlot(slot(), { sdk: server.sdk, baseUrl: API_ORIGIN }, () => {})
    expect(failed).toMatchObject({ state: 'failed', error: '照片太大了，请换一张' })
    expect(failed.idempotencyKey).toBe(server.uploads[0]?.headers['idempotency-key'])

    const done = await uploadSlot(failed, { sdk: server.sdk, baseUrl: API_ORIGIN }, () => {})
    expect(done).toMatchObject({ state: 'done', error: undefined })
    expect(server.uploads.map((u) => u.headers['idempotency-key'])).toEqual([failed.idempotencyKey, failed.idempotencyKey])
  })

  it('leaves a photo restored from a draft as it is (there is no file to send)', async () => {
    const server = fakeServer()
    const restored = slot({ path: undefined, state: 'done', percent: 100, media: { id: 'p', width: 1, height: 1, thumbhash: '' } })
    expect(await uploadSlot(restored, { sdk: server.sdk, baseUrl: API_ORIGIN }, () => {})).toBe(restored)
    expect(server.uploads).toHaveLength(0)
  })
})
