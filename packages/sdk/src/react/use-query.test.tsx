/**
 * @jest-environment jsdom
 */
// useQuery rendered for real (Preact as the apps ship, in jsdom) over the fake platform, with
// fake timers: every request takes 200 ms of scripted latency, so what a screen shows before the
// server answers can be read.
import { act, type ReactNode } from 'react'
import { createFakePlatform, FakeStorage, type FakePlatform, type FakeReply, type FakeRequest } from '../platform/fake'
import { createSdk, type Sdk } from '../sdk'
import { SdkProvider } from './sdk-context'
import { settle } from './test-kit'
import { useQuery } from './use-query'

interface Root {
  render(node: ReactNode): void
  unmount(): void
}
const { createRoot } = jest.requireActual<{ createRoot(container: Element): Root }>('react-dom/client')
;(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true

let root: Root | undefined
let container: HTMLElement
let sdk: Sdk | undefined
beforeEach(() => {
  jest.useFakeTimers({ now: Date.parse('2026-11-28T08:00:00Z') })
  container = document.createElement('div')
  document.body.appendChild(container)
})
afterEach(() => {
  act(() => root?.unmount())
  root = undefined
  sdk?.dispose()
  sdk = undefined
  container.remove()
  jest.useRealTimers()
})

/** A server whose product list has a version; answers 304 to the current ETag. */
function server() {
  const s = {
    version: 1,
    reply: undefined as FakeReply | undefined,
    handler: (req: FakeRequest): FakeReply => {
      if (s.reply) return s.reply
      const etag = `"v${s.version}"`
      if (req.headers['if-none-match'] === etag) return { status: 304, headers: { etag } }
      return { status: 200, headers: { etag }, body: { name: `${req.path.replace('/api/', '')} v${s.version}` } }
    },
  }
  return s
}

async function start(handler: (req: FakeRequest) => FakeReply | Promise<FakeReply>, storage = new FakeStorage()) {
  sdk?.dispose()
  const fake = createFakePlatform({ handler, storage, network: { latencyMs: 200 } })
  sdk = createSdk({ platform: fake.platform, baseUrl: 'https://api.test/api', namespace: 'market', random: () => 0.5 })
  await sdk.auth.ready
  await sdk.api.network.ready
  return { fake, sdk }
}

/** One line per component: status | data | stale | refreshing | error message. */
function Products({ path = '/products', staleMs }: { path?: string; staleMs?: number }) {
  const q = useQuery<{ name: string }>(path, { staleMs })
  return (
    <button onClick={q.refetch}>
      {[q.status, q.data?.name ?? '-', q.isStale ? 'stale' : 'fresh', q.isRefreshing ? 'refreshing' : 'idle', q.error?.userMessage ?? ''].join('|')}
    </button>
  )
}

/** Mounts `node` and lets the stored copy, which needs no server, reach the screen. */
async function show(node: ReactNode) {
  await settle(() => {
    root ??= createRoot(container)
    root.render(<SdkProvider sdk={sdk!}>{node}</SdkProvider>)
  })
}
const lines = () => Array.from(container.querySelectorAll('button'), (b) => b.textContent)
const wait = (ms: number) => act(() => jest.advanceTimersByTimeAsync(ms))
const unmount = () => {
  act(() => root?.unmount())
  root = undefined
}
const conditional = (fake: FakePlatform) => fake.received.map((r) => `${r.path} ${r.headers['if-none-match'] ?? '-'}`)

test('shows the stored copy at once (after a restart), then the server’s newer one', async () => {
  const api = server()
  const storage = new FakeStorage()
  let { fake } = await start(api.handler, storage)
  await show(<Products />)
  expect(lines()).toEqual(['loading|-|fresh|refreshing|'])
  await wait(200)
  expect(lines()).toEqual(['success|products v1|fresh|idle|'])
  expect(conditional(fake)).toEqual(['/api/products -'])
  unmount()

  api.version = 2 // changed on the server while the app was closed
  ;({ fake } = await start(api.handler, storage))
  await show(<Products />)
  expect(lines()).toEqual(['success|products v1|stale|refreshing|']) // before any answer
  await wait(200)
  expect(lines()).toEqual(['success|products v2|fresh|idle|'])
  expect(conditional(fake)).toEqual(['/api/products "v1"'])
})

test('a 304 confirms the stored copy; within staleMs nothing is asked', async () => {
  const api = server()
  const storage = new FakeStorage()
  await start(api.handler, storage)
  await show(<Products />)
  await wait(200)
  unmount()

  let { fake } = await start(api.handler, storage)
  await show(<Products />)
  await wait(200)
  expect(lines()).toEqual(['success|products v1|fresh|idle|'])
  expect(conditional(fake)).toEqual(['/api/products "v1"'])
  unmount()

  ;({ fake } = await start(api.handler, storage))
  await show(<Products staleMs={60_000} />)
  await wait(200)
  expect(lines()).toEqual(['success|products v1|fresh|idle|'])
  expect(fake.received).toHaveLength(0)
})

test('a refusal is an error state with the server’s message; refetch recovers', async () => {
  const api = server()
  api.reply = { status: 404, body: { code: 'not_found', message: '没有找到这些商品' } }
  await start(api.handler)
  await show(<Products />)
  await wait(200)
  expect(lines()).toEqual(['error|-|fresh|idle|没有找到这些商品'])

  api.reply = undefined
  await act(async () => container.querySelector('button')!.click())
  expect(lines()).toEqual(['error|-|fresh|refreshing|没有找到这些商品'])
  await wait(200)
  expect(lines()).toEqual(['success|products v1|fresh|idle|'])
})

test('a failed refresh keeps the stored data on screen, marked stale, with the error', async () => {
  const api = server()
  const storage = new FakeStorage()
  await start(api.handler, storage)
  await show(<Products />)
  await wait(200)
  unmount()

  api.reply = { status: 403, body: { code: 'forbidden', message: '没有权限' } }
  await start(api.handler, storage)
  await show(<Products />)
  await wait(200)
  expect(lines()).toEqual(['success|products v1|stale|idle|没有权限'])
})

test('offline: the stored copy, stale, and no request; asks again when the network comes back', async () => {
  const api = server()
  const { fake } = await start(api.handler)
  await show(<Products />)
  await wait(200)
  expect(fake.received).toHaveLength(1)

  act(() => fake.network.goOffline())
  api.version = 2
  await settle(() => fake.show()) // the page shown again while offline: nothing can be asked
  expect(lines()).toEqual(['success|products v1|stale|idle|'])
  expect(fake.sent).toHaveLength(1)

  await act(async () => fake.network.goOnline('3g'))
  await wait(200)
  expect(lines()).toEqual(['success|products v2|fresh|idle|'])
  expect(conditional(fake)).toEqual(['/api/products -', '/api/products "v1"'])
})

test('asks again when the page is shown again', async () => {
  const api = server()
  const { fake } = await start(api.handler)
  await show(<Products />)
  await wait(200)
  api.version = 2
  await settle(() => fake.show())
  expect(lines()).toEqual(['success|products v1|stale|refreshing|'])
  await wait(200)
  expect(lines()).toEqual(['success|products v2|fresh|idle|'])
  expect(fake.received).toHaveLength(2)
})

test('two components asking for the same list share one request', async () => {
  const api = server()
  const { fake } = await start(api.handler)
  await show(
    <>
      <Products />
      <Products />
      <Products path='/farms' />
    </>,
  )
  await wait(200)
  expect(lines()).toEqual(['success|products v1|fresh|idle|', 'success|products v1|fresh|idle|', 'success|farms v1|fresh|idle|'])
  expect(conditional(fake)).toEqual(['/api/products -', '/api/farms -'])

  await act(async () => fake.show()) // both revalidate: one conditional request
  await wait(200)
  expect(conditional(fake)).toEqual(['/api/products -', '/api/farms -', '/api/products "v1"', '/api/farms "v1"'])
})

test('after unmount: no listeners left, and a late answer changes nothing', async () => {
  const api = server()
  const { fake } = await start(api.handler)
  await show(<Products />)
  unmount() // the answer is still on its way
  await wait(200)
  expect(fake.received).toHaveLength(1)

  act(() => fake.network.goOffline())
  await act(async () => fake.network.goOnline())
  await act(async () => fake.show())
  await wait(200)
  expect(fake.sent).toHaveLength(1)
})

test('a late answer for the previous path does not overwrite the current one', async () => {
  const api = server()
  // /slow answers after 1 s, /fast at once (plus the latency)
  await start((req) => (req.path === '/api/slow' ? new Promise((resolve) => setTimeout(() => resolve(api.handler(req)), 1000)) : api.handler(req)))
  await show(<Products path='/slow' />)
  await show(<Products path='/fast' />)
  expect(lines()).toEqual(['loading|-|fresh|refreshing|'])
  await wait(200)
  expect(lines()).toEqual(['success|fast v1|fresh|idle|'])
  await wait(1000)
  expect(lines()).toEqual(['success|fast v1|fresh|idle|'])
})
