import { createFakePlatform, FakeStorage, type FakeHandler, type FakeRequest } from '../platform/fake'
import { createApiClient } from './client'
import type { QueueChange } from './offline-queue'
import { BASE_URL, setUp, timed, withFakeClock, watch } from './test-kit'

withFakeClock()

/** An API that, like the real one, replays the stored answer for a key it has seen. */
function idempotentServer(answer: (request: FakeRequest) => { status?: number; body?: unknown } = () => ({ status: 201, body: { ok: true } })) {
  const done = new Map<string, { status?: number; body?: unknown }>()
  const effects: unknown[] = []
  const handler: FakeHandler = timed((request) => {
    const key = request.headers['idempotency-key'] ?? ''
    const seen = done.get(key)
    if (seen) return seen
    const reply = answer(request)
    if ((reply.status ?? 200) < 300) effects.push(request.json())
    done.set(key, reply)
    return reply
  })
  return { handler, effects }
}

const order = (n: number) => ({ method: 'POST' as const, path: '/orders', body: { n }, queueable: true, label: `订单 ${n}` })

describe('offline queue', () => {
  it('keeps a mutation made offline, with its key and body, and sends it once the network returns', async () => {
    const { handler, effects } = idempotentServer()
    const { client, fake } = await setUp(handler, { network: { type: 'none' } })
    const changes: QueueChange['kind'][] = []
    client.queue.subscribe((c) => changes.push(c.kind))

    const result = await client.mutate(order(1))
    expect(result).toMatchObject({ status: 'queued', entry: { label: '订单 1', body: { n: 1 } } })
    expect(client.queue.count()).toBe(1)
    expect(fake.sent).toHaveLength(0)
    const key = client.queue.pending()[0]?.idempotencyKey
    expect([...fake.storage.entries.keys()]).toContain('ty:test:queue:pending')

    fake.network.goOnline('3g')
    await jest.advanceTimersByTimeAsync(0)
    expect(effects).toEqual([{ n: 1 }])
    expect(fake.received[0]?.headers['idempotency-key']).toBe(key)
    expect(client.queue.count()).toBe(0)
    expect(changes).toEqual(['queued', 'sent'])
    expect(JSON.parse(fake.storage.entries.get('ty:test:queue:pending') ?? 'null')).toEqual([])
  })

  it('replays in the order the user acted', async () => {
    const { handler, effects } = idempotentServer()
    const { client, fake } = await setUp(handler, { network: { type: 'none' } })
    for (const n of [1, 2, 3]) await client.mutate(order(n))
    expect(client.queue.pending().map((e) => e.label)).toEqual(['订单 1', '订单 2', '订单 3'])
    fake.network.goOnline()
    await jest.advanceTimersByTimeAsync(0)
    expect(effects).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }])
  })

  it('queues a new mutation behind older pending ones, even when online', async () => {
    const { handler, effects } = idempotentServer()
    const { client, fake } = await setUp(handler, { network: { type: 'none' } })
    await client.mutate(order(1))
    fake.network.goOnline()
    const second = await client.mutate(order(2))
    await jest.advanceTimersByTimeAsync(0)
    expect(effects).toEqual([{ n: 1 }, { n: 2 }])
    expect(second).toMatchObject({ status: 'done', data: { ok: true } })
  })

  it('survives a restart: a new client over the same storage replays with the same keys, once', async () => {
    const storage = new FakeStorage()
    const { handler, effects } = idempotentServer()
    const before = await setUp(handler, { storage, network: { type: 'none' } })
    await before.client.mutate(order(1))
    await before.client.mutate(order(2))
    const keys = before.client.queue.pending().map((e) => e.idempotencyKey)
    before.client.dispose()

    const after = await setUp(handler, { storage, network: { type: 'wifi' } })
    await jest.advanceTimersByTimeAsync(0)
    expect(effects).toEqual([{ n: 1 }, { n: 2 }])
    expect(after.fake.received.map((r) => r.headers['idempotency-key'])).toEqual(keys)
    expect(after.client.queue.count()).toBe(0)

    const again = await setUp(handler, { storage, network: { type: 'wifi' } })
    await jest.advanceTimersByTimeAsync(60_000)
    expect(again.fake.sent).toHaveLength(0)
  })

  it('persists before the first attempt, so an app killed mid-request replays it on the next start', async () => {
    const storage = new FakeStorage()
    const { handler, effects } = idempotentServer()
    const before = await setUp(handler, { storage })
    before.fake.network.dropResponses(1, 'hang')
    watch(before.client.mutate(order(1)))
    await jest.advanceTimersByTimeAsync(1000)
    const key = before.fake.received[0]?.headers['idempotency-key']
    before.client.dispose() // the app is killed while the response is still out

    const after = await setUp(handler, { storage })
    await jest.advanceTimersByTimeAsync(0)
    expect(after.fake.received.map((r) => r.headers['idempotency-key'])).toEqual([key])
    // the server did it once and replayed its answer
    expect(effects).toEqual([{ n: 1 }])
    expect(after.client.queue.count()).toBe(0)
  })

  it('sends each entry once however often flush is asked for', async () => {
    const { handler } = idempotentServer()
    const { client, fake } = await setUp(handler, { network: { type: 'none', latencyMs: 300 } })
    for (const n of [1, 2]) await client.mutate(order(n))
    fake.network.goOnline()
    void client.queue.flush()
    void client.queue.flush()
    fake.network.set({ type: 'wifi' })
    await jest.advanceTimersByTimeAsync(5000)
    expect(fake.sent.map((r) => r.body)).toEqual([JSON.stringify({ n: 1 }), JSON.stringify({ n: 2 })])
  })

  it('keeps a replay whose answer was lost, and resends it later with the same key', async () => {
    const { handler, effects } = idempotentServer()
    const { client, fake } = await setUp(handler, { network: { type: 'none' } })
    await client.mutate(order(1))
    fake.network.goOnline()
    fake.network.dropResponses(5) // every attempt of the first flush reaches the server, no answer returns
    await jest.advanceTimersByTimeAsync(8000)
    expect(client.queue.count()).toBe(1)
    // the queue's own wait: half of its first 5 s window after the flush gave up at 7.5 s
    await jest.advanceTimersByTimeAsync(1999)
    expect(fake.received).toHaveLength(5)
    await jest.advanceTimersByTimeAsync(1)
    expect(fake.received).toHaveLength(6)
    expect(client.queue.count()).toBe(0)
    expect(effects).toEqual([{ n: 1 }])
    expect(new Set(fake.received.map((r) => r.headers['idempotency-key'])).size).toBe(1)
  })

  it('moves a replay the server refuses (4xx) to the failed list with its message, and goes on', async () => {
    const { handler, effects } = idempotentServer((request) =>
      (request.json() as { n: number }).n === 1 ? { status: 409, body: { code: 'slot_taken', message: '这个时间已经被别人约了' } } : { status: 201, body: {} },
    )
    const { client, fake } = await setUp(handler, { network: { type: 'none' } })
    const changes: QueueChange[] = []
    client.queue.subscribe((c) => changes.push(c))
    await client.mutate(order(1))
    await client.mutate(order(2))
    fake.network.goOnline()
    await jest.advanceTimersByTimeAsync(0)
    expect(effects).toEqual([{ n: 2 }])
    expect(fake.received).toHaveLength(2)
    expect(client.queue.failed()).toMatchObject([{ label: '订单 1', status: 409, serverCode: 'slot_taken', userMessage: '这个时间已经被别人约了' }])
    expect(client.queue.count()).toBe(1)
    expect(changes.map((c) => c.kind)).toEqual(['queued', 'queued', 'failed', 'sent'])

    await client.queue.discardFailed(client.queue.failed()[0]?.idempotencyKey ?? '')
    expect(client.queue.count()).toBe(0)
  })

  it('tells a waiting user about a refusal directly instead of listing it', async () => {
    const { handler } = idempotentServer(() => ({ status: 422, body: { code: 'bad_qty', message: '数量不能超过库存' } }))
    const { client } = await setUp(handler)
    await expect(client.mutate(order(1))).rejects.toMatchObject({ code: 'rejected', userMessage: '数量不能超过库存' })
    expect(client.queue.count()).toBe(0)
  })

  it('queues a mutation whose retries run out on a very slow link, but reports it on a good one', async () => {
    const { handler } = idempotentServer(() => ({ status: 503 }))
    const slow = await setUp(handler, { network: { type: '2g' } })
    const queued = watch(slow.client.mutate(order(1)))
    await jest.advanceTimersByTimeAsync(60_000)
    expect(queued.value).toMatchObject({ status: 'queued' })
    expect(slow.client.queue.count()).toBe(1)
    slow.client.dispose()

    const { handler: handler2 } = idempotentServer(() => ({ status: 503 }))
    const good = await setUp(handler2, { network: { type: 'wifi' } })
    const failed = watch(good.client.mutate(order(1)))
    await jest.advanceTimersByTimeAsync(60_000)
    expect(failed.error).toMatchObject({ code: 'server' })
    expect(good.client.queue.count()).toBe(0)
  })

  it('keeps each app its own queue on a shared origin', async () => {
    const storage = new FakeStorage()
    const fake = createFakePlatform({ storage, network: { type: 'none' } })
    const market = createApiClient({ platform: fake.platform, baseUrl: BASE_URL, namespace: 'market' })
    const clinic = createApiClient({ platform: fake.platform, baseUrl: BASE_URL, namespace: 'clinic' })
    await Promise.all([market.network.ready, market.queue.ready, clinic.queue.ready])
    await market.mutate(order(1))
    expect([market.queue.count(), clinic.queue.count()]).toEqual([1, 0])
    const reopened = createApiClient({ platform: fake.platform, baseUrl: BASE_URL, namespace: 'clinic' })
    await reopened.queue.ready
    expect(reopened.queue.count()).toBe(0)
    for (const c of [market, clinic, reopened]) c.dispose()
  })
})

describe('offline queue and an expired session', () => {
  it('keeps a replay answered 401 pending (not failed) until the session is back', async () => {
    let loggedIn = false
    const { handler, effects } = idempotentServer()
    const { client, fake } = await setUp(timed((r) => (loggedIn ? handler(r) : { status: 401, body: { code: 'session_expired', message: '登录已过期' } })), {
      network: { type: 'none' },
    })
    await client.mutate(order(1))
    fake.network.goOnline()
    await jest.advanceTimersByTimeAsync(0)
    expect(client.queue.pending()).toHaveLength(1)
    expect(client.queue.failed()).toHaveLength(0)
    loggedIn = true
    await client.queue.flush()
    expect(effects).toEqual([{ n: 1 }])
    expect(client.queue.count()).toBe(0)
  })
})

describe('offline queue limits', () => {
  it('refuses at once a change too big to keep, rather than lose it later', async () => {
    const { handler } = idempotentServer()
    const { client, fake } = await setUp(handler, { network: { type: 'none' } })
    const photo = 'x'.repeat(1_100_000)
    await expect(client.mutate({ method: 'POST', path: '/posts', body: { photo }, queueable: true })).rejects.toMatchObject({
      code: 'storage_too_large',
      idempotencyKey: expect.any(String),
    })
    expect(client.queue.count()).toBe(0)
    fake.network.goOnline()
    await jest.advanceTimersByTimeAsync(60_000)
    expect(fake.sent).toHaveLength(0)
  })
})
