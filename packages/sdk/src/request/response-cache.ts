import { isSdkError } from '../errors/sdk-error'
import type { NetworkMonitor } from '../network/network-monitor'
import type { KeyValueStore } from '../storage/store'
import type { ApiResponse, Query, RequestOptions } from './client'

interface CacheEntry {
  data: unknown
  etag?: string
  storedAt: number
}

export interface CachedGetOptions {
  query?: Query
  headers?: Record<string, string>
  /** Within this age the cached copy is used without asking the server. Default 0: always revalidate. */
  freshForMs?: number
}

export interface CachedResult<T> {
  data: T
  /** 'cache' when the data came from storage (then `refreshed` may be running). */
  source: 'network' | 'cache'
  /** When the data was last confirmed by the server (ms since epoch). */
  storedAt: number
  /**
   * The background revalidation, when one was started: resolves with the fresh data (the
   * same data after a 304) and `changed`; rejects if the server could not be reached.
   */
  refreshed?: Promise<{ data: T; changed: boolean }>
}

export interface ResponseCache {
  get<T>(path: string, options?: CachedGetOptions): Promise<CachedResult<T>>
}

interface Dependencies {
  store: KeyValueStore
  network: NetworkMonitor
  exchange<T>(request: RequestOptions): Promise<ApiResponse<T>>
}

/**
 * Stale-while-revalidate over storage: a screen shows what it showed last time at once,
 * then asks the server "changed since this ETag?"; a 304 costs a few hundred bytes on 2G
 * instead of the whole list again.
 */
export function createResponseCache({ store, network, exchange }: Dependencies): ResponseCache {
  const keyOf = (path: string, query?: Query) =>
    path +
    JSON.stringify(
      Object.entries(query ?? {})
        .filter(([, v]) => v !== undefined)
        .sort(),
    )

  async function save(key: string, entry: CacheEntry) {
    try {
      await store.set(key, entry)
    } catch (error) {
      // Best effort: a list too big to cache is still shown, just not kept.
      if (!isSdkError(error)) throw error
    }
  }

  async function fetchAndStore<T>(key: string, path: string, options: CachedGetOptions, etag?: string) {
    const headers = { ...options.headers, ...(etag ? { 'if-none-match': etag } : {}) }
    const response = await exchange<T>({ method: 'GET', path, query: options.query, headers })
    return { response, entry: { data: response.data, etag: response.headers.etag, storedAt: Date.now() } satisfies CacheEntry }
  }

  return {
    async get<T>(path: string, options: CachedGetOptions = {}): Promise<CachedResult<T>> {
      const key = keyOf(path, options.query)
      const cached = await store.get<CacheEntry>(key)
      if (!cached) {
        const { entry } = await fetchAndStore<T>(key, path, options)
        await save(key, entry)
        return { data: entry.data as T, source: 'network', storedAt: entry.storedAt }
      }
      const fresh = Date.now() - cached.storedAt < (options.freshForMs ?? 0)
      if (fresh || network.link === 'offline') return { data: cached.data as T, source: 'cache', storedAt: cached.storedAt }

      const refreshed = fetchAndStore<T>(key, path, options, cached.etag).then(async ({ response, entry }) => {
        if (response.status === 304) {
          await save(key, { ...cached, storedAt: entry.storedAt })
          return { data: cached.data as T, changed: false }
        }
        await save(key, entry)
        return { data: entry.data as T, changed: true }
      })
      // Nobody has to await the refresh; a failed one must not surface as an unhandled rejection.
      refreshed.catch(() => {})
      return { data: cached.data as T, source: 'cache', storedAt: cached.storedAt, refreshed }
    },
  }
}
