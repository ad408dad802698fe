// The H5 home page's early answers (tools/taro-config/first-screen-hints.js) as the SDK's client
// sees them: an SDK on the H5 platform over the fake network, with the inline script's global set
// as that script leaves it.
import { createSdk } from '../sdk'
import { createFakePlatform, type FakePlatform } from './fake'
import { FIRST_SCREEN_DATA_GLOBAL } from './first-screen-data'
import { createH5Platform } from './h5'
import type { HttpResponse } from './types'

const ORIGIN = 'http://127.0.0.1:4000'
const scope = globalThis as Record<string, unknown>

function earlyAnswer(items: string[], etag = '"v1"'): Promise<HttpResponse> {
  return Promise.resolve({ status: 200, headers: { 'content-type': 'application/json', etag }, body: JSON.stringify({ items }) })
}

function setUp(early: Record<string, Promise<HttpResponse>>) {
  scope[FIRST_SCREEN_DATA_GLOBAL] = Object.fromEntries(Object.entries(early).map(([path, answer]) => [ORIGIN + path, answer]))
  const fake: FakePlatform = createFakePlatform({
    handler: (req) => (req.path.startsWith('/api/market/products') ? { status: 200, headers: { etag: '"v2"' }, body: { items: ['from the server'] } } : { status: 404, body: { code: 'NOT_FOUND', message: '没有' } }),
  })
  const sdk = createSdk({ platform: createH5Platform({ base: fake.platform }), baseUrl: '/api', namespace: 'market' })
  return { fake, sdk }
}

beforeEach(() => {
  scope.location = { href: `${ORIGIN}/market/` }
})
afterEach(() => {
  delete scope.location
  delete scope[FIRST_SCREEN_DATA_GLOBAL]
})

test('the first identical GET takes the early answer instead of going out, and only the first', async () => {
  const { fake, sdk } = setUp({ '/api/market/products?size=6': earlyAnswer(['早到的苹果']) })

  const first = await sdk.api.getCached<{ items: string[] }>('/market/products', { query: { size: 6 } })
  expect(first).toMatchObject({ source: 'network', data: { items: ['早到的苹果'] } })
  expect(fake.received).toHaveLength(0)

  // Kept like any answer: the next visit revalidates it with the early answer's ETag.
  const again = await sdk.api.getCached<{ items: string[] }>('/market/products', { query: { size: 6 } })
  expect(again.data.items).toEqual(['早到的苹果'])
  await expect(again.refreshed).resolves.toEqual({ data: { items: ['from the server'] }, changed: true })
  expect(fake.received.map((r) => [r.path, r.headers['if-none-match']])).toEqual([['/api/market/products?size=6', '"v1"']])
})

test('a request that differs from what the page sent goes out: another query, a signed-in request', async () => {
  const { fake, sdk } = setUp({ '/api/market/products?size=6': earlyAnswer(['早到的苹果']) })

  await expect(sdk.api.get('/market/products', { query: { size: 8 } })).resolves.toEqual({ items: ['from the server'] })
  await expect(sdk.api.get('/market/products', { query: { size: 6 }, headers: { authorization: 'Bearer t' } })).resolves.toEqual({ items: ['from the server'] })
  expect(fake.received.map((r) => r.path)).toEqual(['/api/market/products?size=8', '/api/market/products?size=6'])
  // Still there for the request it was made for.
  await expect(sdk.api.get('/market/products', { query: { size: 6 } })).resolves.toEqual({ items: ['早到的苹果'] })
  expect(fake.received).toHaveLength(2)
})

test('an early fetch that failed (the link dropped while the code loaded) is sent again at once', async () => {
  const { fake, sdk } = setUp({ '/api/market/products?size=6': Promise.reject(new TypeError('Failed to fetch')) })

  await expect(sdk.api.get('/market/products', { query: { size: 6 } })).resolves.toEqual({ items: ['from the server'] })
  expect(fake.received.map((r) => r.path)).toEqual(['/api/market/products?size=6'])
})

test('an early error answer is the answer: the SDK judges it as it would have judged its own', async () => {
  const { fake, sdk } = setUp({ '/api/market/products?size=6': Promise.resolve({ status: 400, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: 'BAD_SIZE', message: '每页最多 50 件' }) }) })

  await expect(sdk.api.get('/market/products', { query: { size: 6 } })).rejects.toMatchObject({ status: 400 })
  expect(fake.received).toHaveLength(0)
})

test('without the page global (weapp, a later visit, another route) nothing changes', async () => {
  const { fake, sdk } = setUp({})
  delete scope[FIRST_SCREEN_DATA_GLOBAL]
  await expect(sdk.api.get('/market/products', { query: { size: 6 } })).resolves.toEqual({ items: ['from the server'] })
  expect(fake.received).toHaveLength(1)
})
