import { setUp, T0, timed, withFakeClock, watch } from './test-kit'
import type { FakeHandler } from '../platform/fake'

withFakeClock()

/** A product list with an ETag that answers If-None-Match the way the API does. */
function productServer() {
  const server = { version: 1, names: ['鸡蛋'] }
  const handler: FakeHandler = (request) => {
    const etag = `"v${server.version}"`
    if (request.headers['if-none-match'] === etag) return { status: 304, headers: { ETag: etag } }
    return { status: 200, headers: { ETag: etag }, body: { names: server.names } }
  }
  return { server, handler: timed(handler) }
}

describe('getCached (stale-while-revalidate with ETag)', () => {
  it('fetches the first time, then shows the copy at once and revalidates with If-None-Match (304)', async () => {
    const { handler } = productServer()
    const { client, fake } = await setUp(handler)
    const first = await client.getCached('/products')
    expect(first).toMatchObject({ source: 'network', data: { names: ['鸡蛋'] } })
    expect(first.refreshed).toBeUndefined()

    await jest.advanceTimersByTimeAsync(60_000)
    const second = await client.getCached<{ names: string[] }>('/products')
    expect(second).toMatchObject({ source: 'cache', data: { names: ['鸡蛋'] } })
    await expect(second.refreshed).resolves.toEqual({ data: { names: ['鸡蛋'] }, changed: false })
    expect(fake.received.map((r) => r.headers['if-none-match'])).toEqual([undefined, '"v1"'])

    // The 304 renewed the copy's date
    const third = await client.getCached('/products', { freshForMs: 1000 })
    expect(first.storedAt).toBe(T0)
    expect(third.storedAt).toBe(T0 + 60_000)
    expect(third.source).toBe('cache')
    expect(fake.received).toHaveLength(2)
  })

  it('replaces the copy when the server has a new version', async () => {
    const { server, handler } = productServer()
    const { client } = await setUp(handler)
    await client.getCached('/products')
    server.version = 2
    server.names = ['鸡蛋', '土豆']
    const stale = await client.getCached('/products')
    expect(stale.data).toEqual({ names: ['鸡蛋'] })
    await expect(stale.refreshed).resolves.toEqual({ data: { names: ['鸡蛋', '土豆'] }, changed: true })
    const next = await client.getCached('/products')
    expect(next.data).toEqual({ names: ['鸡蛋', '土豆'] })
  })

  it('does not ask the server while the copy is fresh, nor while offline', async () => {
    const { handler } = productServer()
    const { client, fake } = await setUp(handler)
    await client.getCached('/products')
    await jest.advanceTimersByTimeAsync(5000)
    expect((await client.getCached('/products', { freshForMs: 10_000 })).refreshed).toBeUndefined()
    fake.network.goOffline()
    await jest.advanceTimersByTimeAsync(3_600_000)
    const offline = await client.getCached('/products')
    expect(offline).toMatchObject({ source: 'cache', data: { names: ['鸡蛋'] } })
    expect(offline.refreshed).toBeUndefined()
    expect(fake.received).toHaveLength(1)
  })

  it('keeps showing the copy when the refresh fails, and reports the failure on refreshed', async () => {
    const { handler } = productServer()
    const { client, fake } = await setUp(handler)
    await client.getCached('/products')
    fake.setHandler(timed(() => ({ status: 404, body: { code: 'gone', message: '商品已下架' } })))
    const stale = await client.getCached('/products')
    expect(stale.data).toEqual({ names: ['鸡蛋'] })
    await expect(stale.refreshed).rejects.toMatchObject({ code: 'rejected', userMessage: '商品已下架' })
  })

  it('keeps separate copies per query, and shares one refresh between screens asking at once', async () => {
    const { handler } = productServer()
    const { client, fake } = await setUp(handler, { network: { latencyMs: 200 } })
    const p1 = watch(client.getCached('/products', { query: { page: 1 } }))
    const p2 = watch(client.getCached('/products', { query: { page: 2 } }))
    await jest.advanceTimersByTimeAsync(200)
    expect([p1.value?.source, p2.value?.source]).toEqual(['network', 'network'])
    const a = await client.getCached('/products', { query: { page: 1 } })
    const b = await client.getCached('/products', { query: { page: 1 } })
    await jest.advanceTimersByTimeAsync(200)
    await Promise.all([a.refreshed, b.refreshed])
    expect(fake.received.map((r) => r.path)).toEqual(['/v1/products?page=1', '/v1/products?page=2', '/v1/products?page=1'])
  })
})
