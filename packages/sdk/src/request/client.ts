import { isSdkError, SdkError, USER_MESSAGES } from '../errors/sdk-error'
import type { LinkClass } from '../network/link-class'
import { createNetworkMonitor, type NetworkMonitor } from '../network/network-monitor'
import { TransferFailure, type HttpMethod, type HttpResponse, type Platform } from '../platform/types'
import { createStore } from '../storage/store'
import type { CancelSignal } from './cancel'
import { makeIdempotencyKey } from './idempotency-key'
import { createOfflineQueue, type DoneMutation, type MutationResult, type OfflineQueue } from './offline-queue'
import { createResponseCache, type CachedGetOptions, type CachedResult } from './response-cache'
import { abortedError, judgeOutcome, runWithRetries } from './retry'
import { DEFAULT_RETRY_POLICY, mayRetryMethod, type RetryPolicy } from './retry-policy'

/**
 * Per-attempt timeouts by link class. An attempt that has been silent this long is more
 * likely stuck (a dead connection after a cell change) than slow, and a fresh one wins.
 * 30 s on a very slow link still carries ~100 KB at 35 kbps / 1.3 s RTT (2G).
 */
export const DEFAULT_ATTEMPT_TIMEOUT_MS: Record<LinkClass, number> = { good: 10_000, slow: 20_000, 'very-slow': 30_000, offline: 30_000 }
/** All attempts and waits together: WeChat's own maximum, and about an older user's patience. */
export const DEFAULT_DEADLINE_MS = 60_000
/** The host's timer is a backstop only: the SDK's own timer decides, a little earlier. */
const HOST_TIMER_MARGIN_MS = 1000

export type Query = Record<string, string | number | boolean | undefined>

export interface RequestOptions {
  method?: HttpMethod
  /** Joined to the client's baseUrl. */
  path: string
  query?: Query
  /** Sent as JSON. */
  body?: unknown
  headers?: Record<string, string>
  /** Sent as `Idempotency-Key`; with one, a POST or PATCH may be retried. */
  idempotencyKey?: string
  /** Per attempt; by default from the link class (DEFAULT_ATTEMPT_TIMEOUT_MS). */
  timeoutMs?: number
  /** All attempts and waits together (DEFAULT_DEADLINE_MS). */
  deadlineMs?: number
  /** `false` for a single attempt. */
  retry?: Partial<RetryPolicy> | false
  /** Stops the attempt in flight and any retries (see createCanceller). */
  cancel?: CancelSignal
}

export interface MutationOptions extends RequestOptions {
  method: 'POST' | 'PUT' | 'PATCH' | 'DELETE'
  /**
   * Persist before the first attempt and, if the network is gone (or retries run out on a
   * very slow link), keep it for replay when the network returns or the app restarts.
   */
  queueable?: boolean
  /** What the pending list shows the user, e.g. '提交订单'. */
  label?: string
}

export interface ApiResponse<T> {
  status: number
  headers: Record<string, string>
  data: T
}

export interface ApiClientOptions {
  platform: Platform
  /** e.g. 'https://api.tianyuan.example/v1' */
  baseUrl: string
  /** Separates this app's cache and queue from the other apps' on a shared H5 origin. */
  namespace: string
  /** Shared with hooks; created from the platform when omitted. */
  network?: NetworkMonitor
  /** Called before every attempt, so a retry carries a refreshed token. */
  authHeaders?: () => Record<string, string> | undefined | Promise<Record<string, string> | undefined>
  /**
   * Called once per request on a 401; resolve true after a silent re-login and the request
   * is sent again at once (with fresh authHeaders). The auth module plugs in here. `sent`
   * is the headers the refused attempt carried (lower-case), so a session renewed meanwhile
   * by another request is not renewed again.
   */
  onUnauthorized?: (sent: { headers: Record<string, string> }) => Promise<boolean>
  retry?: Partial<RetryPolicy>
  attemptTimeoutMs?: Partial<Record<LinkClass, number>>
  deadlineMs?: number
  /** The source of backoff jitter; tests pass a fixed one. */
  random?: () => number
  /** Makes Idempotency-Keys (a random UUID v4 by default). */
  makeIdempotencyKey?: () => string
}

export interface ApiClient {
  readonly network: NetworkMonitor
  readonly queue: OfflineQueue
  /** The whole exchange (status, headers, data), with retries. Identical GETs in flight share one. */
  exchange<T>(options: RequestOptions): Promise<ApiResponse<T>>
  /** The data of a request, with retries. */
  request<T>(options: RequestOptions): Promise<T>
  get<T>(path: string, options?: Omit<RequestOptions, 'path' | 'method' | 'body'>): Promise<T>
  /** Cached data at once (stale-while-revalidate, ETag), then the refresh in `refreshed`. */
  getCached<T>(path: string, options?: CachedGetOptions): Promise<CachedResult<T>>
  /** Forgets every cached response (on logout: the next user must not see them). */
  clearCache(): Promise<void>
  /**
   * A change with an idempotency key made now and kept for every retry and replay. Sent now
   * (not `queueable`): resolves with the server's answer or throws — never 'queued'.
   */
  mutate<T>(options: MutationOptions & { queueable?: false }): Promise<DoneMutation<T>>
  /** Queueable: resolves 'done', or 'queued' when saved on the phone to be sent later. */
  mutate<T>(options: MutationOptions): Promise<MutationResult<T>>
  /** Stops timers and listeners (tests, or an app tearing the client down). */
  dispose(): void
}

export function buildUrl(baseUrl: string, path: string, query?: Query): string {
  const base = baseUrl.replace(/\/+$/, '')
  const url = /^https?:\/\//.test(path) ? path : `${base}${path.startsWith('/') ? '' : '/'}${path}`
  const pairs = Object.entries(query ?? {})
    .filter((pair): pair is [string, string | number | boolean] => pair[1] !== undefined)
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
  return pairs.length ? `${url}${url.includes('?') ? '&' : '?'}${pairs.join('&')}` : url
}

function lowerCaseKeys(headers: Record<string, string> | undefined): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [name, value] of Object.entries(headers ?? {})) out[name.toLowerCase()] = value
  return out
}

export function createApiClient(options: ApiClientOptions): ApiClient {
  const { platform, baseUrl } = options
  const network = options.network ?? createNetworkMonitor(platform)
  const random = options.random ?? Math.random
  const newKey = options.makeIdempotencyKey ?? (() => makeIdempotencyKey())
  const clientPolicy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...options.retry }
  const attemptTimeouts = { ...DEFAULT_ATTEMPT_TIMEOUT_MS, ...options.attemptTimeoutMs }
  const store = createStore(platform, options.namespace)
  const inFlight = new Map<string, Promise<ApiResponse<unknown>>>()
  const linkNow = (): LinkClass => network.link

  /** One attempt, bounded by the SDK's own timer (the host's may be 60 s or absent). */
  function attempt(url: string, method: HttpMethod, headers: Record<string, string>, body: string | undefined, timeoutMs: number, cancel?: CancelSignal) {
    const transfer = platform.request({ url, method, headers, body, timeoutMs: timeoutMs + HOST_TIMER_MARGIN_MS })
    return new Promise<HttpResponse | TransferFailure>((resolve) => {
      // A holder, not a const: onCancel calls back at once if already cancelled.
      const listening: { stop?: () => void } = {}
      const end = (outcome: HttpResponse | TransferFailure) => {
        clearTimeout(timer)
        listening.stop?.()
        resolve(outcome)
      }
      const timer = setTimeout(() => {
        transfer.abort()
        end(new TransferFailure('timeout', `no response within ${timeoutMs} ms`))
      }, timeoutMs)
      listening.stop = cancel?.onCancel(() => {
        transfer.abort()
        end(new TransferFailure('aborted', 'cancelled by the app'))
      })
      transfer.result.then(end, (failure: unknown) => end(failure instanceof TransferFailure ? failure : new TransferFailure('network', String(failure))))
    })
  }

  function run<T>(request: RequestOptions): Promise<ApiResponse<T>> {
    const method = request.method ?? 'GET'
    const url = buildUrl(baseUrl, request.path, request.query)
    const what = `${method} ${request.path}`
    const retryAllowed = mayRetryMethod(method, request.idempotencyKey !== undefined)
    const body = request.body === undefined ? undefined : JSON.stringify(request.body)
    const deadlineAt = Date.now() + (request.deadlineMs ?? options.deadlineMs ?? DEFAULT_DEADLINE_MS)

    return runWithRetries<ApiResponse<T>>({
      what,
      policy: request.retry === false ? { ...clientPolicy, retries: 0 } : { ...clientPolicy, ...request.retry },
      random,
      cancel: request.cancel,
      deadlineAt,
      // Offline is not retried here: a queueable change is queued by the caller instead.
      mayRetry: (error) => retryAllowed && error.code !== 'offline',
      onUnauthorized: options.onUnauthorized,
      beforeAttempt() {
        if (network.link === 'offline') throw new SdkError({ code: 'offline', userMessage: USER_MESSAGES.offline, message: `${what}: offline, not sent` })
        if (deadlineAt - Date.now() <= 0) throw new SdkError({ code: 'deadline', userMessage: USER_MESSAGES.deadline, message: `${what}: deadline passed` })
      },
      async attempt() {
        const remaining = deadlineAt - Date.now()
        const limit = request.timeoutMs ?? attemptTimeouts[network.link]
        const headers: Record<string, string> = {
          accept: 'application/json',
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...lowerCaseKeys((await options.authHeaders?.()) ?? undefined),
          ...lowerCaseKeys(request.headers),
          ...(request.idempotencyKey !== undefined ? { 'idempotency-key': request.idempotencyKey } : {}),
        }
        if (request.cancel?.cancelled) throw abortedError(what) // the cancel may have come while authHeaders ran
        const outcome = await attempt(url, method, headers, body, Math.min(limit, remaining), request.cancel)
        // The link may have dropped while this attempt was out: read it afresh.
        return judgeOutcome(outcome, headers, what, { offline: linkNow() === 'offline', pastDeadline: outcome instanceof TransferFailure && outcome.kind === 'timeout' && remaining < limit }, (response) => ({
          status: response.status,
          headers: response.headers,
          data: parseBody<T>(response, what),
        }))
      },
    })
  }

  function exchange<T>(request: RequestOptions): Promise<ApiResponse<T>> {
    // A cancellable GET is not shared: one caller's cancel must not fail the others.
    if ((request.method ?? 'GET') !== 'GET' || request.cancel) return run<T>(request)
    // Identical GETs in flight share one exchange: two components asking for the same list
    // on a 2G link must not pay for it twice.
    const headers = lowerCaseKeys(request.headers)
    const dedupeKey = `${buildUrl(baseUrl, request.path, request.query)} ${headers['if-none-match'] ?? ''}`
    const running = inFlight.get(dedupeKey)
    if (running) return running as Promise<ApiResponse<T>>
    const started = run<T>(request).finally(() => inFlight.delete(dedupeKey))
    inFlight.set(dedupeKey, started)
    return started
  }

  const cacheStore = store.scope('cache')
  const cache = createResponseCache({ store: cacheStore, network, exchange })
  const queue = createOfflineQueue({
    store: store.scope('queue'),
    network,
    random,
    send: (entry) =>
      run({ method: entry.method, path: entry.path, query: entry.query, body: entry.body, headers: entry.headers, idempotencyKey: entry.idempotencyKey }).then((r) => r.data),
  })

  return {
    network,
    queue,
    exchange,
    request: async <T>(request: RequestOptions) => (await exchange<T>(request)).data,
    get: async <T>(path: string, rest: Omit<RequestOptions, 'path' | 'method' | 'body'> = {}) => (await exchange<T>({ ...rest, path, method: 'GET' })).data,
    getCached: (path, rest) => cache.get(path, rest),
    clearCache: () => cacheStore.clear(),
    // One implementation behind both signatures: without `queueable` it returns 'done' or throws.
    mutate: async function mutate<T>(mutation: MutationOptions): Promise<MutationResult<T>> {
      // Made once, before the first attempt; every retry and replay sends the same key.
      const idempotencyKey = mutation.idempotencyKey ?? newKey()
      const tagged = (error: unknown) => {
        if (isSdkError(error)) error.idempotencyKey = idempotencyKey
        throw error
      }
      if (!mutation.queueable) {
        const { data } = await run<T>({ ...mutation, idempotencyKey }).catch(tagged)
        return { status: 'done', data, idempotencyKey }
      }
      return queue.submit<T>({
        idempotencyKey,
        method: mutation.method,
        path: mutation.path,
        query: mutation.query,
        body: mutation.body,
        headers: mutation.headers,
        label: mutation.label,
      }).catch(tagged)
    } as ApiClient['mutate'],
    dispose() {
      queue.dispose()
      // A monitor the app passed in is the app's to stop.
      if (!options.network) network.dispose()
    },
  }
}

function parseBody<T>(response: HttpResponse, what: string): T {
  if (response.status === 204 || response.status === 304 || response.body === '') return undefined as T
  try {
    return JSON.parse(response.body) as T
  } catch (cause) {
    throw new SdkError({ code: 'bad_response', userMessage: USER_MESSAGES.bad_response, status: response.status, message: `${what}: response is not JSON`, cause })
  }
}
