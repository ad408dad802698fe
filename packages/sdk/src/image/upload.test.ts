import { createNetworkMonitor } from '../network/network-monitor'
import { createFakePlatform, type FakeHandler, type NetworkConditions } from '../platform/fake'
import { createCanceller } from '../request/cancel'
import { compressPhoto, uploadPhoto, UPLOAD_POLICY, UPLOAD_STALL_MS, type UploadProgress } from './upload'

beforeEach(() => jest.useFakeTimers())
afterEach(() => jest.useRealTimers())

const CAMERA = 'wxfile://tmp/camera.jpg'
const BASE = 'https://api.test'

/** The media API as the real one behaves: a repeat of a key gets the first answer, no second photo. */
function mediaServer() {
  const created: string[] = []
  const byKey = new Map<string, unknown>()
  const handler: FakeHandler = (req) => {
    if (req.method !== 'POST' || req.path !== '/api/media' || !req.file) return { status: 404 }
    const key = req.headers['idempotency-key'] ?? ''
    if (!byKey.has(key)) {
      created.push(req.file.path)
      byKey.set(key, { id: `m${created.length}`, width: 1600, height: 1200, thumbhash: 'AAAA', mime: 'image/jpeg', bytes: req.file.bytes, createdAt: '2026-11-28T08:00:00Z' })
    }
    return { status: 201, body: byKey.get(key) }
  }
  return { created, handler }
}

async function setUp(network: Partial<NetworkConditions>, handler?: FakeHandler) {
  const server = mediaServer()
  const fake = createFakePlatform({ handler: handler ?? server.handler, network, files: { [CAMERA]: { width: 4000, height: 3000, bytes: 3_500_000, type: 'jpeg' } } })
  const monitor = createNetworkMonitor(fake.platform)
  await monitor.ready
  const progress: UploadProgress[] = []
  const options = { platform: fake.platform, baseUrl: BASE, network: monitor, random: () => 0.5, onProgress: (p: UploadProgress) => progress.push(p) }
  return { fake, server, monitor, progress, options }
}

describe('compressPhoto', () => {
  it('shrinks the longest side and the quality by link class', async () => {
    const fake = createFakePlatform({ files: { [CAMERA]: { width: 4000, height: 3000, bytes: 3_500_000 }, 'portrait.jpg': { width: 3000, height: 4000, bytes: 3_500_000 } } })
    const good = await compressPhoto(fake.platform, CAMERA, 'good')
    const slow = await compressPhoto(fake.platform, CAMERA, 'slow')
    const veryslow = await compressPhoto(fake.platform, 'portrait.jpg', 'very-slow')
    expect(fake.compressions).toEqual([
      { src: CAMERA, quality: UPLOAD_POLICY.good.quality, width: 1600 },
      { src: CAMERA, quality: UPLOAD_POLICY.slow.quality, width: 1280 },
      { src: 'portrait.jpg', quality: UPLOAD_POLICY['very-slow'].quality, height: 960 }, // portrait: the height is the long side
    ])
    expect([good.width, good.height, slow.width, veryslow.width, veryslow.height]).toEqual([1600, 1200, 1280, 720, 960])
  })

  it('sends a photo already small enough as it is, and the original where the host cannot compress (H5)', async () => {
    const fake = createFakePlatform({ files: { 'small.jpg': { width: 800, height: 600, bytes: 90_000 }, [CAMERA]: { width: 4000, height: 3000, bytes: 3_500_000 } } })
    await expect(compressPhoto(fake.platform, 'small.jpg', 'very-slow')).resolves.toEqual({ path: 'small.jpg', width: 800, height: 600, compressed: false })
    const h5 = { ...fake.platform, compressImage: () => Promise.reject(Object.assign(new Error('compressImage is not supported on H5'), { code: 'unsupported' })) }
    await expect(compressPhoto(h5, CAMERA, 'good')).resolves.toMatchObject({ path: CAMERA, compressed: false })
    expect(fake.compressions).toEqual([])
  })
})

describe('uploadPhoto', () => {
  it('uploads the compressed photo with one Idempotency-Key and resolves with the metadata', async () => {
    const { fake, server, options } = await setUp({ type: '4g' })
    const meta = await uploadPhoto(CAMERA, options)
    expect(meta).toMatchObject({ id: 'm1', width: 1600 })
    expect(fake.received).toHaveLength(1)
    const [req] = fake.received
    expect(req?.file).toMatchObject({ fieldName: 'file', path: 'wxfile://tmp/compressed-1.jpg' })
    expect(req?.url).toBe('https://api.test/api/media')
    expect(req?.headers['idempotency-key']).toMatch(/^[0-9a-f-]{36}$/)
    expect(server.created).toHaveLength(1)
  })

  it('survives an answer lost after the server had the photo: same key, same file, one photo', async () => {
    const { fake, server, options, progress } = await setUp({ type: '3g', latencyMs: 400, bandwidthKbps: 400 })
    fake.network.dropResponses(1) // the photo arrives, the connection drops before the answer
    const done = uploadPhoto(CAMERA, options)
    await jest.advanceTimersByTimeAsync(30_000)
    await expect(done).resolves.toMatchObject({ id: 'm1' })
    expect(fake.received).toHaveLength(2)
    const [first, second] = fake.received
    expect(second?.headers['idempotency-key']).toBe(first?.headers['idempotency-key'])
    expect(second?.file?.path).toBe(first?.file?.path) // compressed once, the same bytes again
    expect(server.created).toHaveLength(1)
    expect(fake.compressions).toHaveLength(1)
    // Progress: compressing, then each attempt from 0 to the whole file.
    const uploading = progress.filter((p) => p.phase === 'uploading')
    const total = uploading[0]?.totalBytes ?? 0
    expect(progress[0]?.phase).toBe('compressing')
    expect(uploading.map((p) => [p.attempt, p.sentBytes / total])).toEqual([
      [1, 0.25], [1, 0.5], [1, 0.75], [1, 1],
      [2, 0.25], [2, 0.5], [2, 0.75], [2, 1],
    ])
  })

  it('waits out a dropped connection mid-upload and finishes when the network returns', async () => {
    const { fake, server, options } = await setUp({ type: '3g', latencyMs: 400, bandwidthKbps: 100 })
    const done = uploadPhoto(CAMERA, options)
    let settled = false
    void done.finally(() => (settled = true))
    await jest.advanceTimersByTimeAsync(5_000) // part-way through ~180 KB at 100 kbps
    fake.network.goOffline()
    await jest.advanceTimersByTimeAsync(60_000)
    expect(settled).toBe(false) // not given up: waiting for the network
    expect(fake.received).toHaveLength(0)
    fake.network.goOnline('4g')
    await jest.advanceTimersByTimeAsync(30_000)
    await expect(done).resolves.toMatchObject({ id: 'm1' })
    expect(server.created).toHaveLength(1)
  })

  it('lets a long upload run past the stall timeout while bytes keep moving (2G)', async () => {
    const { fake, options } = await setUp({ type: '2g', latencyMs: 1300, bandwidthKbps: 20 })
    const done = uploadPhoto(CAMERA, options)
    await jest.advanceTimersByTimeAsync(120_000)
    await expect(done).resolves.toMatchObject({ id: 'm1' })
    const bytes = fake.received[0]?.file?.bytes ?? 0
    expect((bytes * 8) / 20).toBeGreaterThan(UPLOAD_STALL_MS['very-slow']) // longer than one stall window in all
    expect(fake.sent).toHaveLength(1) // and never cut short
  })

  it('abandons a stalled attempt (no progress) and tries again with the same key', async () => {
    const { fake, options } = await setUp({ type: '4g' })
    fake.network.dropRequests(1, 'hang')
    const done = uploadPhoto(CAMERA, options)
    await jest.advanceTimersByTimeAsync(UPLOAD_STALL_MS.good + 1000)
    await expect(done).resolves.toMatchObject({ id: 'm1' })
    expect(fake.sent).toHaveLength(2)
    expect(fake.sent[1]?.headers['idempotency-key']).toBe(fake.sent[0]?.headers['idempotency-key'])
  })

  it('does not retry a refusal (413) and hands back the key to try again with', async () => {
    const { fake, options } = await setUp({ type: '4g' }, () => ({ status: 413, body: { code: 'TOO_LARGE', message: '照片太大了' } }))
    const error = await uploadPhoto(CAMERA, options).catch((e: unknown) => e)
    expect(error).toMatchObject({ code: 'rejected', status: 413, userMessage: '照片太大了' })
    expect((error as { idempotencyKey?: string }).idempotencyKey).toBe(fake.received[0]?.headers['idempotency-key'])
    expect(fake.received).toHaveLength(1)
  })

  it('retries 5xx after the backoff and gives up after the policy’s retries', async () => {
    const { fake, options } = await setUp({ type: '4g' }, () => ({ status: 503 }))
    const done = uploadPhoto(CAMERA, { ...options, retry: { retries: 2 } }).catch((e: unknown) => e)
    await jest.advanceTimersByTimeAsync(10_000)
    await expect(done).resolves.toMatchObject({ code: 'server' })
    expect(fake.received).toHaveLength(3)
    expect(new Set(fake.received.map((r) => r.headers['idempotency-key'])).size).toBe(1)
  })

  it('logs in again once on a 401 and resends with the new token and the same key', async () => {
    let token = 'old'
    const server = mediaServer()
    const { fake, options } = await setUp({ type: '4g' }, (req) => (req.headers.authorization === 'Bearer new' ? server.handler(req) : { status: 401, body: { code: 'SESSION_EXPIRED', message: '请重新登录' } }))
    const sent: Array<Record<string, string>> = []
    const meta = await uploadPhoto(CAMERA, {
      ...options,
      authHeaders: () => ({ authorization: `Bearer ${token}` }),
      onUnauthorized: async ({ headers }) => {
        sent.push(headers)
        token = 'new'
        return true
      },
    })
    expect(meta).toMatchObject({ id: 'm1' })
    expect(sent.map((h) => h.authorization)).toEqual(['Bearer old'])
    expect(fake.received.map((r) => r.headers.authorization)).toEqual(['Bearer old', 'Bearer new'])
    expect(fake.received[1]?.headers['idempotency-key']).toBe(fake.received[0]?.headers['idempotency-key'])
  })

  it('stops at once when the app cancels', async () => {
    const { fake, options } = await setUp({ type: '2g', latencyMs: 1300, bandwidthKbps: 32 })
    const { signal, cancel } = createCanceller()
    const done = uploadPhoto(CAMERA, { ...options, cancel: signal }).catch((e: unknown) => e)
    await jest.advanceTimersByTimeAsync(3000)
    cancel()
    await expect(done).resolves.toMatchObject({ code: 'aborted' })
    await jest.advanceTimersByTimeAsync(120_000)
    expect(fake.received).toHaveLength(0)
  })
})
