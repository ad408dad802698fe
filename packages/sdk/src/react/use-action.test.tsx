/**
 * @jest-environment jsdom
 */
// useAction rendered for real (Preact as the apps ship, in jsdom) beside a useQuery, over the
// fake platform and a small server with one appointment whose every change adds an event (as the
// API's do); every exchange takes 200 ms of scripted latency, so what the screen shows meanwhile
// can be read.
import { act, type ReactNode } from 'react'
import { SdkError } from '../errors/sdk-error'
import { createFakePlatform, FakeStorage, type FakeReply, type FakeRequest } from '../platform/fake'
import { createSdk, type Sdk } from '../sdk'
import { SdkProvider } from './sdk-context'
import { useAction } from './use-action'
import { useQuery } from './use-query'

interface Root {
  render(node: ReactNode): void
  unmount(): void
}
const { createRoot } = jest.requireActual<{ createRoot(container: Element): Root }>('react-dom/client')
;(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true

interface Visit {
  id: string
  status: string
  events: string[]
}

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

function server() {
  const s = {
    visit: { id: 'v1', status: 'booked', events: ['created', 'paid'] } as Visit,
    starts: 0,
    /** Replies to GETs with this copy instead (a refetch that lags behind the change). */
    staleCopy: undefined as Visit | undefined,
    /** Answers the next start with this instead of doing it. */
    refuse: undefined as FakeReply | undefined,
    handler: (req: FakeRequest): FakeReply => {
      if (req.method === 'GET') return { status: 200, body: { appointment: s.staleCopy ?? s.visit } }
      if (s.refuse) return s.refuse
      s.starts++
      s.visit = { ...s.visit, status: 'in_consultation', events: [...s.visit.events, 'started'] }
      return { status: 200, body: { appointment: s.visit } }
    },
  }
  return s
}

async function start(handler: (req: FakeRequest) => FakeReply) {
  const fake = createFakePlatform({ handler, storage: new FakeStorage(), network: { latencyMs: 200 } })
  sdk = createSdk({ platform: fake.platform, baseUrl: 'https://api.test/api', namespace: 'clinic', random: () => 0.5, retry: { retries: 0 } })
  await sdk.auth.ready
  await sdk.api.network.ready
  return fake
}

/** The visit page in miniature: status | pending | error message, and a 开始 button. */
function VisitPage({ failWith }: { failWith?: unknown }) {
  const query = useQuery<{ appointment: Visit }>('/visits/v1')
  const action = useAction<Visit>({ fetched: query.data?.appointment, version: (v) => v.events.length, key: (v) => v.id, refetch: query.refetch })
  const startVisit = () =>
    action.run(async () => {
      if (failWith) throw failWith
      const done = await sdk!.api.mutate<{ appointment: Visit }>({ method: 'POST', path: '/visits/v1/start' })
      return done.data.appointment
    })
  return (
    <button onClick={() => void startVisit()}>
      {[action.shown?.status ?? '-', action.pending ? 'pending' : 'idle', action.error?.userMessage ?? ''].join('|')}
    </button>
  )
}

async function show(node: ReactNode) {
  await act(async () => {
    root ??= createRoot(container)
    root.render(<SdkProvider sdk={sdk!}>{node}</SdkProvider>)
  })
}
const line = () => container.querySelector('button')?.textContent
const wait = (ms: number) => act(() => jest.advanceTimersByTimeAsync(ms))
const tap = () => act(async () => container.querySelector('button')!.click())

it('shows progress, then the answer at once, and keeps it while the refetch returns an older copy', async () => {
  const s = server()
  const fake = await start(s.handler)
  await show(<VisitPage />)
  await wait(400)
  expect(line()).toBe('booked|idle|')

  s.staleCopy = s.visit // the refetch will still see the copy from before the change
  await tap()
  expect(line()).toBe('booked|pending|')
  await wait(400) // the POST's answer
  expect(line()).toBe('in_consultation|idle|')
  expect(s.starts).toBe(1)
  await wait(400) // the refetch: the old copy, behind the answer — the answer stays
  expect(line()).toBe('in_consultation|idle|')

  // The server moves on (the doctor finishes): a fetched copy newer than the answer takes over.
  s.staleCopy = undefined
  s.visit = { ...s.visit, status: 'completed', events: [...s.visit.events, 'finished'] }
  fake.show()
  await wait(400)
  expect(line()).toBe('completed|idle|')
})

it('does one submit for two quick taps while pending', async () => {
  const s = server()
  await start(s.handler)
  await show(<VisitPage />)
  await wait(400)
  await tap()
  await tap()
  await wait(50)
  await tap()
  await wait(1000)
  expect(s.starts).toBe(1)
  expect(line()).toBe('in_consultation|idle|')
})

it("turns a refusal into an SdkError with the server's zh-CN message, and a later success clears it", async () => {
  const s = server()
  await start(s.handler)
  await show(<VisitPage />)
  await wait(400)
  s.refuse = { status: 409, body: { code: 'NOT_PAID', message: '患者还没付款，不能开始问诊' } }
  await tap()
  await wait(400)
  expect(line()).toBe('booked|idle|患者还没付款，不能开始问诊')

  s.refuse = undefined
  await tap()
  expect(line()).toBe('booked|pending|')
  await wait(400)
  expect(line()).toBe('in_consultation|idle|')
})

it('wraps anything else thrown as an SdkError with a zh-CN message', async () => {
  const s = server()
  await start(s.handler)
  function Probe() {
    const action = useAction<Visit>({ fetched: undefined, version: (v) => v.events.length })
    const e = action.error
    return <button onClick={() => void action.run(() => Promise.reject(new TypeError('x is undefined')))}>{e ? [e instanceof SdkError, e.code, e.message, e.userMessage].join('|') : '-'}</button>
  }
  await show(<Probe />)
  await tap()
  await wait(0)
  expect(line()).toBe('true|failed|x is undefined|操作没有成功，请再试一次')
})
