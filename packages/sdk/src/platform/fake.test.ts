import { createFakePlatform } from './fake'
import { TransferFailure, type HttpResponse } from './types'

function settleOf(result: Promise<HttpResponse>) {
  const seen: { response?: HttpResponse; failure?: TransferFailure } = {}
  result.then(
    (response) => (seen.response = response),
    (failure: TransferFailure) => (seen.failure = failure),
  )
  return seen
}

describe('fake platform network', () => {
  beforeEach(() => jest.useFakeTimers())
  afterEach(() => jest.useRealTimers())
  const get = { url: 'https://api.test/x', method: 'GET' as const, headers: {}, timeoutMs: 60_000 }

  it('takes latency plus size over bandwidth: 10 KB at 50 kbps and 400 ms RTT arrives after 2 s', async () => {
    const fake = createFakePlatform({ handler: () => ({ body: 'x'.repeat(10_000) }), network: { latencyMs: 400, bandwidthKbps: 50 } })
    const seen = settleOf(fake.platform.request(get).result)
    await jest.advanceTimersByTimeAsync(1999)
    expect(fake.received).toHaveLength(1)
    expect(seen.response).toBeUndefined()
    await jest.advanceTimersByTimeAsync(1)
    expect(seen.response?.body).toHaveLength(10_000)
  })

  it('fails at once when offline, and mid-way when the link drops', async () => {
    const fake = createFakePlatform({ handler: () => ({}), network: { type: 'none' } })
    const offline = settleOf(fake.platform.request(get).result)
    await jest.advanceTimersByTimeAsync(0)
    expect(offline.failure?.kind).toBe('network')

    fake.network.set({ type: '3g', latencyMs: 1000 })
    const dropped = settleOf(fake.platform.request(get).result)
    await jest.advanceTimersByTimeAsync(700)
    fake.network.goOffline()
    await jest.advanceTimersByTimeAsync(300)
    expect(dropped.failure?.kind).toBe('network')
    expect(fake.received).toHaveLength(1) // the server had it: the answer was lost
  })

  it('drops requests before the server and responses after it', async () => {
    let calls = 0
    const fake = createFakePlatform({ handler: () => ({ body: String(++calls) }) })
    fake.network.dropRequests(1)
    fake.network.dropResponses(1)
    const a = settleOf(fake.platform.request(get).result)
    const b = settleOf(fake.platform.request(get).result)
    const c = settleOf(fake.platform.request(get).result)
    await jest.advanceTimersByTimeAsync(0)
    expect([a.failure?.kind, b.failure?.kind, c.response?.body]).toEqual(['network', 'network', '2'])
    expect(calls).toBe(2)
  })

  it('lets a hung request end by the host timeout or by abort', async () => {
    const fake = createFakePlatform({ handler: () => ({}) })
    fake.network.dropRequests(2, 'hang')
    const timedOut = settleOf(fake.platform.request({ ...get, timeoutMs: 5000 }).result)
    const transfer = fake.platform.request(get)
    const aborted = settleOf(transfer.result)
    await jest.advanceTimersByTimeAsync(4999)
    expect(timedOut.failure).toBeUndefined()
    transfer.abort()
    await jest.advanceTimersByTimeAsync(1)
    expect([timedOut.failure?.kind, aborted.failure?.kind]).toEqual(['timeout', 'aborted'])
  })

  it('fires status and weak events when the script changes the network', () => {
    const fake = createFakePlatform()
    const events: string[] = []
    fake.platform.onNetworkStatusChange((c) => events.push(`status ${c.networkType} ${c.isConnected}`))
    fake.platform.onNetworkWeakChange((c) => events.push(`weak ${c.weakNet}`))
    fake.network.set({ weak: true })
    fake.network.goOffline()
    expect(events).toEqual(['weak true', 'status none false', 'weak false'])
  })
})

describe('fake platform: nothing pretends', () => {
  it('refuses login and payment unless the test scripts them', async () => {
    const { platform } = createFakePlatform()
    await expect(platform.login()).rejects.toMatchObject({ code: 'unsupported' })
    await expect(platform.requestPayment({ timeStamp: '1', nonceStr: 'n', package: 'prepay_id=1', signType: 'RSA', paySign: 's' })).rejects.toMatchObject({ code: 'unsupported' })
    // Downloads travel the scripted network to the scripted server (404 here), into a temporary file.
    await expect(platform.downloadFile({ url: 'https://x', headers: {}, timeoutMs: 1000 }).result).resolves.toMatchObject({ status: 404, tempFilePath: expect.stringMatching(/^wxfile:\/\/tmp\//) })
    expect(() => platform.uploadFile({ url: 'https://x', filePath: 'nowhere.jpg', fieldName: 'file', headers: {}, timeoutMs: 1 })).toThrow(/not found/)
    const scripted = createFakePlatform({ login: async () => ({ code: 'c-1' }) })
    await expect(scripted.platform.login()).resolves.toEqual({ code: 'c-1' })
  })
})

describe('fake platform: files and intersections', () => {
  it('lets the test say which watched node is in view, until the watcher disconnects', () => {
    const fake = createFakePlatform()
    const seen: Array<[number, string | undefined]> = []
    const watcher = fake.platform.createIntersectionWatcher('page')
    watcher.observe('#a', { bottom: 100 }, (e) => seen.push([e.intersectionRatio, e.id]))
    expect(fake.intersections.map((t) => [t.selector, t.margins, t.component])).toEqual([['#a', { bottom: 100 }, 'page']])
    fake.intersections[0]?.intersect(0.3)
    watcher.disconnect()
    expect(seen).toEqual([[0.3, 'a']])
    expect(fake.intersections).toEqual([])
  })

  it('uploads a file over the scripted network with progress, and the server sees the part', async () => {
    jest.useFakeTimers()
    const fake = createFakePlatform({ handler: (req) => ({ status: 201, body: { got: req.file } }), network: { latencyMs: 200, bandwidthKbps: 80 }, files: { 'p.jpg': { bytes: 10_000, width: 10, height: 10 } } })
    const progress: number[] = []
    const transfer = fake.platform.uploadFile({ url: 'https://api.test/api/media', filePath: 'p.jpg', fieldName: 'file', headers: {}, timeoutMs: 60_000, onProgress: (sent) => progress.push(sent) })
    await jest.advanceTimersByTimeAsync(100 + 250) // half the RTT, then a quarter of 10 KB at 80 kbps (1 s)
    expect(progress).toEqual([2500])
    await jest.advanceTimersByTimeAsync(2000)
    await expect(transfer.result).resolves.toMatchObject({ status: 201 })
    expect(progress).toEqual([2500, 5000, 7500, 10_000])
    expect(fake.received[0]?.file).toEqual({ fieldName: 'file', path: 'p.jpg', bytes: 10_000 })
    jest.useRealTimers()
  })
})
