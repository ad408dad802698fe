import { SdkError } from '../errors/sdk-error'
import { createCanceller } from './cancel'
import { BASE_URL, replies, setUp, timed, withFakeClock, watch } from './test-kit'

withFakeClock()

const ok = { status: 200, body: { ok: true } }
const unavailable = { status: 503, body: { code: 'unavailable', message: '服务器正在维护，请稍后再试' } }

describe('which requests retry', () => {
  it('retries a GET on 503 after full-jitter waits of 0.5 s then 1 s, and returns the data', async () => {
    const { client, fake, arrivals } = await setUp(replies(unavailable, unavailable, ok))
    const result = watch(client.get('/products'))
    await jest.advanceTimersByTimeAsync(10_000)
    expect(result.value).toEqual({ ok: true })
    expect(arrivals()).toEqual([0, 500, 1500])
    expect(fake.received[0]?.url).toBe(`${BASE_URL}/products`)
  })

  it.each([408, 429, 500, 502, 504])('retries on %i', async (status) => {
    const { client, fake } = await setUp(replies({ status }, ok))
    const result = watch(client.get('/x'))
    await jest.advanceTimersByTimeAsync(10_000)
    expect(result.value).toEqual({ ok: true })
    expect(fake.received).toHaveLength(2)
  })

  it.each([400, 401, 403, 404, 409, 422])('never retries %i, and carries the server message', async (status) => {
    const { client, fake } = await setUp(replies({ status, body: { code: 'sold_out', message: '这批鸡蛋已经卖完了', details: { left: 0 } } }))
    const result = watch(client.request({ method: 'PUT', path: '/cart/1', body: { qty: 2 } }))
    await jest.advanceTimersByTimeAsync(60_000)
    expect(fake.received).toHaveLength(1)
    expect(result.error).toBeInstanceOf(SdkError)
    expect(result.error).toMatchObject({ code: 'rejected', status, serverCode: 'sold_out', userMessage: '这批鸡蛋已经卖完了', details: { left: 0 } })
  })

  it('retries PUT and DELETE without a key', async () => {
    const { client, fake } = await setUp(replies(unavailable, ok, unavailable, ok))
    const put = watch(client.request({ method: 'PUT', path: '/a', body: {} }))
    await jest.advanceTimersByTimeAsync(5000)
    const del = watch(client.request({ method: 'DELETE', path: '/a' }))
    await jest.advanceTimersByTimeAsync(5000)
    expect([put.value, del.value]).toEqual([{ ok: true }, { ok: true }])
    expect(fake.received.map((r) => r.method)).toEqual(['PUT', 'PUT', 'DELETE', 'DELETE'])
  })

  it('never retries a POST without an idempotency key: it may have been done', async () => {
    const { client, fake } = await setUp(replies(unavailable, ok))
    const result = watch(client.request({ method: 'POST', path: '/orders', body: { sku: 1 } }))
    await jest.advanceTimersByTimeAsync(60_000)
    expect(fake.received).toHaveLength(1)
    expect(result.error).toMatchObject({ code: 'server', status: 503, userMessage: '服务器正在维护，请稍后再试' })
  })

  it('retries a POST that carries an idempotency key', async () => {
    const { client, fake } = await setUp(replies(unavailable, ok))
    const result = watch(client.request({ method: 'POST', path: '/orders', body: { sku: 1 }, idempotencyKey: 'k-1' }))
    await jest.advanceTimersByTimeAsync(10_000)
    expect(result.value).toEqual({ ok: true })
    expect(fake.received.map((r) => r.headers['idempotency-key'])).toEqual(['k-1', 'k-1'])
  })

  it('retries dropped connections', async () => {
    const { client, fake } = await setUp(replies(ok))
    fake.network.dropRequests(2)
    const result = watch(client.get('/x'))
    await jest.advanceTimersByTimeAsync(10_000)
    expect(result.value).toEqual({ ok: true })
    expect(fake.sent).toHaveLength(3)
    expect(fake.received).toHaveLength(1)
  })

  it('gives up after 4 retries (5 attempts) with the last error', async () => {
    const { client, fake, arrivals } = await setUp(replies(unavailable))
    const result = watch(client.get('/x'))
    await jest.advanceTimersByTimeAsync(60_000)
    expect(fake.received).toHaveLength(5)
    expect(arrivals()).toEqual([0, 500, 1500, 3500, 7500])
    expect(result.error).toMatchObject({ code: 'server' })
  })

  it('fails at once when offline, sending nothing', async () => {
    const { client, fake } = await setUp(replies(ok), { network: { type: 'none' } })
    const result = watch(client.get('/x'))
    await jest.advanceTimersByTimeAsync(0)
    expect(result.error).toMatchObject({ code: 'offline', userMessage: '没有网络，请连上网络后再试' })
    expect(fake.sent).toHaveLength(0)
  })

  it('sends JSON with the auth header the hook gives on each attempt', async () => {
    let token = 'old'
    const { client, fake } = await setUp(replies(unavailable, ok), { client: { authHeaders: () => ({ Authorization: `Bearer ${token}` }) } })
    const result = watch(client.request({ method: 'PUT', path: '/me', body: { name: '张大爷' }, query: { v: 2, skip: undefined } }))
    token = 'new'
    await jest.advanceTimersByTimeAsync(10_000)
    expect(result.value).toEqual({ ok: true })
    expect(fake.received.map((r) => r.headers.authorization)).toEqual(['Bearer old', 'Bearer new'])
    expect(fake.received[0]).toMatchObject({ url: `${BASE_URL}/me?v=2`, headers: { 'content-type': 'application/json' } })
    expect(fake.received[0]?.json()).toEqual({ name: '张大爷' })
  })

  it('reports a 200 that is not JSON as bad_response, without retrying', async () => {
    const { client, fake } = await setUp(replies({ status: 200, body: '<html>portal login</html>' }))
    const result = watch(client.get('/x'))
    await jest.advanceTimersByTimeAsync(10_000)
    expect(result.error).toMatchObject({ code: 'bad_response' })
    expect(fake.received).toHaveLength(1)
  })
})

describe('Retry-After', () => {
  it('waits exactly as long as the server asks', async () => {
    const { client, arrivals } = await setUp(replies({ status: 429, headers: { 'Retry-After': '7' } }, ok))
    const result = watch(client.get('/x'))
    await jest.advanceTimersByTimeAsync(6999)
    expect(arrivals()).toEqual([0])
    await jest.advanceTimersByTimeAsync(1)
    expect(arrivals()).toEqual([0, 7000])
    expect(result.value).toEqual({ ok: true })
  })

  it('accepts an HTTP date', async () => {
    const { client, arrivals } = await setUp(replies({ status: 503, headers: { 'retry-after': 'Sat, 28 Nov 2026 08:00:12 GMT' } }, ok))
    watch(client.get('/x'))
    await jest.advanceTimersByTimeAsync(20_000)
    expect(arrivals()).toEqual([0, 12_000])
  })

  it('gives up at once when the wait would pass the deadline', async () => {
    const { client, fake } = await setUp(replies({ status: 429, headers: { 'retry-after': '120' }, body: { code: 'busy', message: '人太多了，请两分钟后再试' } }))
    const result = watch(client.get('/x'))
    await jest.advanceTimersByTimeAsync(0)
    expect(result.error).toMatchObject({ code: 'rate_limited', userMessage: '人太多了，请两分钟后再试' })
    expect(fake.received).toHaveLength(1)
  })
})

describe('timeouts and the deadline', () => {
  it('abandons a silent attempt after 10 s on a good link and tries again', async () => {
    const { client, fake } = await setUp(timed(() => ok))
    fake.network.dropResponses(1, 'hang')
    const result = watch(client.get('/x'))
    await jest.advanceTimersByTimeAsync(9999)
    expect(fake.sent).toHaveLength(1)
    // 10 s timeout, then the first retry's 0.5 s wait
    await jest.advanceTimersByTimeAsync(501)
    expect(fake.sent).toHaveLength(2)
    expect(result.value).toEqual({ ok: true })
  })

  it('gives a 2G link 30 s per attempt', async () => {
    const { client, fake } = await setUp(timed(() => ok), { network: { type: '2g' } })
    fake.network.dropRequests(1, 'hang')
    const result = watch(client.request({ path: '/x', retry: false }))
    await jest.advanceTimersByTimeAsync(29_999)
    expect(result.settled).toBe(false)
    await jest.advanceTimersByTimeAsync(1)
    expect(result.error).toMatchObject({ code: 'timeout', userMessage: '网络太慢，等了很久没有回应，请稍后再试' })
  })

  it('stops at the overall deadline, cutting the last attempt short', async () => {
    const { client, fake } = await setUp(timed(() => ok))
    fake.network.dropRequests(10, 'hang')
    const result = watch(client.request({ path: '/x', deadlineMs: 25_000 }))
    // attempts at 0 (10 s), 10.5 s (10 s), 21.5 s (cut to 3.5 s)
    await jest.advanceTimersByTimeAsync(24_999)
    expect(result.settled).toBe(false)
    expect(fake.sent).toHaveLength(3)
    await jest.advanceTimersByTimeAsync(1)
    expect(result.error).toMatchObject({ code: 'deadline' })
  })

  it('lets a request set its own per-attempt timeout', async () => {
    const { client, fake } = await setUp(timed(() => ok))
    fake.network.dropRequests(1, 'hang')
    const result = watch(client.request({ path: '/x', timeoutMs: 2000, retry: false }))
    await jest.advanceTimersByTimeAsync(2000)
    expect(result.error).toMatchObject({ code: 'timeout' })
  })
})

describe('idempotency keys', () => {
  it('are made once per mutation and reused when responses are lost', async () => {
    const { client, fake } = await setUp(timed(() => ({ status: 201, body: { id: 'order-1' } })))
    fake.network.dropResponses(2)
    const result = watch(client.mutate({ method: 'POST', path: '/orders', body: { sku: 7, qty: 2 } }))
    await jest.advanceTimersByTimeAsync(10_000)
    expect(result.value).toMatchObject({ status: 'done', data: { id: 'order-1' } })
    const keys = fake.received.map((r) => r.headers['idempotency-key'])
    expect(keys).toHaveLength(3)
    expect(new Set(keys).size).toBe(1)
    expect(keys[0]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    expect(fake.received.map((r) => r.body)).toEqual(Array(3).fill(JSON.stringify({ sku: 7, qty: 2 })))
    expect(result.value).toMatchObject({ idempotencyKey: keys[0] })
  })

  it('differ between two operations', async () => {
    const { client, fake } = await setUp(timed(() => ok))
    await client.mutate({ method: 'POST', path: '/orders', body: {} })
    await client.mutate({ method: 'POST', path: '/orders', body: {} })
    const [a, b] = fake.received.map((r) => r.headers['idempotency-key'])
    expect(a).not.toEqual(b)
  })

  it('come back on the error, so trying again cannot make a second order', async () => {
    const { client, fake } = await setUp(timed(() => ({ status: 201, body: { id: 'order-1' } })))
    fake.network.dropResponses(5) // the server made the order; no answer got back
    const first = watch(client.mutate({ method: 'POST', path: '/orders', body: { sku: 1 } }))
    await jest.advanceTimersByTimeAsync(60_000)
    expect(first.error).toMatchObject({ code: 'network' })
    const key = (first.error as SdkError).idempotencyKey
    expect(key).toBe(fake.received[0]?.headers['idempotency-key'])
    await client.mutate({ method: 'POST', path: '/orders', body: { sku: 1 }, idempotencyKey: key })
    expect(new Set(fake.received.map((r) => r.headers['idempotency-key']))).toEqual(new Set([key]))
  })

  it('use the one the app gives', async () => {
    const { client, fake } = await setUp(timed(() => ok))
    await client.mutate({ method: 'POST', path: '/pay', body: {}, idempotencyKey: 'order-9-pay' })
    expect(fake.received[0]?.headers['idempotency-key']).toBe('order-9-pay')
  })
})

describe('in-flight de-duplication', () => {
  it('sends identical GETs once while the first is in flight, and again afterwards', async () => {
    const { client, fake } = await setUp(timed(() => ({ body: { n: fake.received.length } })), { network: { latencyMs: 400 } })
    const a = watch(client.get('/products', { query: { page: 1 } }))
    const b = watch(client.get('/products', { query: { page: 1 } }))
    const c = watch(client.get('/products', { query: { page: 2 } }))
    await jest.advanceTimersByTimeAsync(400)
    expect(fake.received.map((r) => r.path)).toEqual(['/v1/products?page=1', '/v1/products?page=2'])
    expect(a.value).toEqual({ n: 1 })
    expect(b.value).toBe(a.value)
    expect(c.value).toEqual({ n: 2 })
    const later = watch(client.get('/products', { query: { page: 1 } }))
    await jest.advanceTimersByTimeAsync(400)
    expect(later.value).toEqual({ n: 3 })
  })

  it('never merges mutations', async () => {
    const { client, fake } = await setUp(timed(() => ok), { network: { latencyMs: 400 } })
    watch(client.request({ method: 'PUT', path: '/a', body: 1 }))
    watch(client.request({ method: 'PUT', path: '/a', body: 1 }))
    await jest.advanceTimersByTimeAsync(400)
    expect(fake.received).toHaveLength(2)
  })
})

describe('401 and the auth hook', () => {
  it('re-logs in once and resends with the fresh token', async () => {
    let token = 'expired'
    const onUnauthorized = jest.fn(async () => {
      token = 'fresh'
      return true
    })
    const { client, fake } = await setUp(
      timed((r) => (r.headers.authorization === 'Bearer fresh' ? ok : { status: 401, body: { code: 'session_expired', message: '登录已过期' } })),
      { client: { authHeaders: () => ({ authorization: `Bearer ${token}` }), onUnauthorized } },
    )
    await expect(client.get('/me')).resolves.toEqual({ ok: true })
    expect(onUnauthorized).toHaveBeenCalledTimes(1)
    expect(fake.received.map((r) => r.headers.authorization)).toEqual(['Bearer expired', 'Bearer fresh'])
  })

  it('gives up after one re-login, with the server message', async () => {
    const onUnauthorized = jest.fn(async () => true)
    const { client, fake } = await setUp(replies({ status: 401, body: { code: 'session_expired', message: '登录已过期，请重新登录' } }), { client: { onUnauthorized } })
    await expect(client.get('/me')).rejects.toMatchObject({ status: 401, userMessage: '登录已过期，请重新登录' })
    expect(onUnauthorized).toHaveBeenCalledTimes(1)
    expect(fake.received).toHaveLength(2)
  })
})

describe('clearCache', () => {
  it('forgets cached responses and nothing else', async () => {
    const { client, fake } = await setUp(replies({ body: { n: 1 }, headers: { etag: '"1"' } }), { network: { type: 'none' } })
    fake.network.goOnline()
    await client.getCached('/me')
    fake.network.goOffline()
    await client.mutate({ method: 'POST', path: '/orders', body: {}, queueable: true })
    await client.clearCache()
    await expect(client.getCached('/me')).rejects.toMatchObject({ code: 'offline' })
    expect(client.queue.count()).toBe(1)
  })
})

describe('a duplicate still running on the server', () => {
  it('asks again after Retry-After on 409 IDEMPOTENCY_IN_PROGRESS and gets the stored answer', async () => {
    const inProgress = { status: 409, headers: { 'retry-after': '2' }, body: { code: 'IDEMPOTENCY_IN_PROGRESS', message: '上一次提交还在处理中，请稍等几秒再看结果' } }
    const { client, fake, arrivals } = await setUp(replies({ status: 201, body: { id: 'order-1' } }, inProgress, { status: 201, body: { id: 'order-1' } }))
    fake.network.dropResponses(1)
    const result = watch(client.mutate({ method: 'POST', path: '/orders', body: { sku: 1 } }))
    await jest.advanceTimersByTimeAsync(10_000)
    // dropped answer → retry after 0.5 s → 409 → Retry-After 2 s → the stored 201
    expect(arrivals()).toEqual([0, 500, 2500])
    expect(result.value).toMatchObject({ status: 'done', data: { id: 'order-1' } })
  })

  it('still never retries any other 409', async () => {
    const { client, fake } = await setUp(replies({ status: 409, headers: { 'retry-after': '2' }, body: { code: 'SLOT_TAKEN', message: '这个时间已经被别人约了' } }))
    const result = watch(client.mutate({ method: 'POST', path: '/bookings', body: {} }))
    await jest.advanceTimersByTimeAsync(10_000)
    expect(fake.received).toHaveLength(1)
    expect(result.error).toMatchObject({ code: 'rejected', serverCode: 'SLOT_TAKEN' })
  })
})

describe('cancelling', () => {
  it('stops the attempt in flight, with no retry', async () => {
    const { client, fake } = await setUp(timed(() => ok), { network: { latencyMs: 2000 } })
    const { signal, cancel } = createCanceller()
    const result = watch(client.get('/search', { query: { q: '鸡蛋' }, cancel: signal }))
    await jest.advanceTimersByTimeAsync(500)
    cancel()
    await jest.advanceTimersByTimeAsync(60_000)
    expect(result.error).toMatchObject({ code: 'aborted', userMessage: '已取消' })
    expect(fake.sent).toHaveLength(1)
    expect(fake.received).toHaveLength(0)
  })

  it('ends a backoff wait at once and sends nothing more', async () => {
    const { client, fake } = await setUp(replies(unavailable))
    const { signal, cancel } = createCanceller()
    const result = watch(client.get('/x', { cancel: signal }))
    await jest.advanceTimersByTimeAsync(100) // first attempt failed, waiting 0.5 s
    cancel()
    await jest.advanceTimersByTimeAsync(0)
    expect(result.error).toMatchObject({ code: 'aborted' })
    await jest.advanceTimersByTimeAsync(60_000)
    expect(fake.sent).toHaveLength(1)
  })
})

describe('cancelling while the auth hook runs', () => {
  it('sends nothing and reports aborted', async () => {
    const { signal, cancel } = createCanceller()
    const { client, fake } = await setUp(timed(() => ok), {
      client: {
        authHeaders: async () => {
          cancel()
          return { authorization: 'Bearer t' }
        },
      },
    })
    await expect(client.get('/x', { cancel: signal })).rejects.toMatchObject({ code: 'aborted' })
    await jest.advanceTimersByTimeAsync(60_000)
    expect(fake.sent).toHaveLength(0)
  })
})
