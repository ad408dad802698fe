// Shared by the request suites (not shipped: nothing in index.ts imports it).
import { createFakePlatform, FakeStorage, type FakeHandler, type FakeRequest, type NetworkConditions } from '../platform/fake'
import { createApiClient, type ApiClientOptions } from './client'

export const BASE_URL = 'https://api.test/v1'
/** Jest's fake clock starts here, so arrival times read as offsets from 0. */
export const T0 = Date.parse('2026-11-28T08:00:00Z')

export function withFakeClock(): void {
  beforeEach(() => jest.useFakeTimers({ now: T0 }))
  afterEach(() => jest.useRealTimers())
}

/** A client over a fake platform; random 0.5 makes every backoff wait half its window. */
export async function setUp(handler: FakeHandler, options: { network?: Partial<NetworkConditions>; storage?: FakeStorage; client?: Partial<ApiClientOptions> } = {}) {
  const fake = createFakePlatform({ handler, network: options.network, storage: options.storage })
  const client = createApiClient({ platform: fake.platform, baseUrl: BASE_URL, namespace: 'test', random: () => 0.5, ...options.client })
  await client.network.ready
  await client.queue.ready
  /** When each request reached the server, in ms after T0. */
  const arrivals = () => fake.received.map((r) => (r as FakeRequest & { at: number }).at)
  return { fake, client, arrivals }
}

/** Wraps a handler so each request remembers when it arrived (ms after T0). */
export function timed(handler: FakeHandler): FakeHandler {
  return (request) => {
    ;(request as FakeRequest & { at: number }).at = Date.now() - T0
    return handler(request)
  }
}

/** A handler that answers from a list, one reply per request, repeating the last. */
export function replies(...list: Array<{ status?: number; headers?: Record<string, string>; body?: unknown }>): FakeHandler {
  let i = 0
  return timed(() => list[Math.min(i++, list.length - 1)] ?? { status: 200 })
}

/** Lets a promise run under fake timers while the test reads whether it has settled. */
export function watch<T>(promise: Promise<T>) {
  const state: { settled: boolean; value?: T; error?: unknown } = { settled: false }
  promise.then(
    (value) => Object.assign(state, { settled: true, value }),
    (error: unknown) => Object.assign(state, { settled: true, error }),
  )
  return state
}

export { FakeStorage }
