import { useContext, useEffect, useRef, useState } from 'react'
import type { SdkError } from '../errors/sdk-error'
import type { ApiClient, Query } from '../request/client'
import { SdkContext } from './sdk-context'

export interface QueryOptions {
  /** The query string (part of the key: another value is another query). */
  params?: Query
  /** `false`: nothing is asked (yet), e.g. until an id is known. Default true. */
  enabled?: boolean
  /** Within this age the stored copy is shown without asking the server (`freshForMs`). Default 0: always revalidate. */
  staleMs?: number
  /** The client; the SdkProvider's by default. */
  api?: ApiClient
}

export interface QueryView<T> {
  /** The latest data: the stored copy at once, then the server's. Kept through later failures. */
  data: T | undefined
  /** The last failure (cleared by the next success); `error.userMessage` is for the screen. */
  error: SdkError | undefined
  /** 'loading' until there is data or a failure; 'error' only when there is no data to show. */
  status: 'loading' | 'success' | 'error'
  /** `data` is a stored copy the server has not confirmed yet (being revalidated, offline, or the refresh failed). */
  isStale: boolean
  /** A fetch or revalidation is running. */
  isRefreshing: boolean
  /** Asks again now (a 再试一次 button); joins a fetch already running. */
  refetch(): void
}

/** `key`: the query this state belongs to (another key shows LOADING until its own answer). */
type State<T> = Omit<QueryView<T>, 'refetch'> & { key?: string }
const LOADING: State<never> = { data: undefined, error: undefined, status: 'loading', isStale: false, isRefreshing: false }

/**
 * Server state over `api.getCached` (storage-backed stale-while-revalidate with ETags): the
 * stored copy at once, then the server's answer. Asks again when the network comes back and
 * when the page is shown again (`platform.onShow`); components asking for the same path and
 * params at once share one request (the client's in-flight de-duplication).
 */
export function useQuery<T>(path: string, { params, enabled = true, staleMs = 0, api: given }: QueryOptions = {}): QueryView<T> {
  const sdk = useContext(SdkContext)
  const api = given ?? sdk?.api
  if (!api) throw new Error('useQuery: pass api or use <SdkProvider>')
  const [state, setState] = useState<State<T>>(LOADING)
  const load = useRef(() => {})
  const key = path + JSON.stringify(params)
  useEffect(() => {
    if (!enabled) return
    // After unmount, or once the key has changed, late answers are dropped.
    let live = true
    let busy = false
    let link = api.network.link
    const patch = (next: (s: State<T>) => Partial<State<T>>) =>
      live &&
      setState((s) => {
        const base = s.key === key ? s : LOADING
        return { ...base, ...next(base), key }
      })
    const run = (load.current = () => {
      if (busy) return
      busy = true
      patch(() => ({ isRefreshing: true }))
      api
        .getCached<T>(path, { query: params, freshForMs: staleMs })
        .then((r) => {
          patch(() => ({ data: r.data, error: undefined, status: 'success', isStale: r.source === 'cache' && Date.now() - r.storedAt >= staleMs, isRefreshing: !!r.refreshed }))
          return r.refreshed?.then((f) => patch(() => ({ data: f.data, isStale: false, isRefreshing: false })))
        })
        .catch((error: SdkError) => patch((s) => ({ error, status: s.data === undefined ? 'error' : 'success', isRefreshing: false })))
        .finally(() => (busy = false))
    })
    run()
    const offNetwork = api.network.subscribe((_, now) => {
      if (link === 'offline' && now !== 'offline') run()
      link = now
    })
    const offShow = sdk?.platform.onShow?.(run)
    return () => {
      live = false
      load.current = () => {}
      offNetwork()
      offShow?.()
    }
    // `key` stands for path and params (a new params object each render must not refetch).
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [api, key, enabled, staleMs])
  return { ...(enabled && state.key === key ? state : LOADING), refetch: () => load.current() }
}
