import { isSdkError, SdkError, USER_MESSAGES } from '../errors/sdk-error'
import type { NetworkMonitor } from '../network/network-monitor'
import type { HttpMethod } from '../platform/types'
import type { KeyValueStore } from '../storage/store'
import { isRetryableError } from './response-errors'
import { backoffDelayMs, type RetryPolicy } from './retry-policy'

/** A change waiting to be sent, exactly as it will be replayed (same key, same body). */
export interface QueuedMutation {
  idempotencyKey: string
  method: HttpMethod
  path: string
  query?: Record<string, string | number | boolean | undefined>
  body?: unknown
  headers?: Record<string, string>
  label?: string
  createdAt: number
  /** Replays that ended without an answer; drives the backoff between replays. */
  attempts: number
}

/** A queued change the server refused (4xx): kept so the user can see what and why. */
export interface FailedMutation extends QueuedMutation {
  failedAt: number
  status?: number
  serverCode?: string
  /** The server's zh-CN message. */
  userMessage: string
}

/** A change the server has answered. */
export type DoneMutation<T> = { status: 'done'; data: T; idempotencyKey: string }

export type MutationResult<T> =
  | DoneMutation<T>
  /** Saved on the phone; it will be sent when the network allows. */
  | { status: 'queued'; entry: QueuedMutation }

export type QueueChange =
  | { kind: 'queued'; entry: QueuedMutation }
  | { kind: 'sent'; entry: QueuedMutation; data: unknown }
  | { kind: 'failed'; entry: FailedMutation }
  | { kind: 'discarded'; entry: FailedMutation }

export interface OfflineQueue {
  /** Resolves once the stored queue has been read (on an app restart). */
  readonly ready: Promise<void>
  pending(): QueuedMutation[]
  failed(): FailedMutation[]
  /** For a badge: pending and failed together. */
  count(): number
  subscribe(listener: (change: QueueChange) => void): () => void
  /** Sends what is pending, in order; one flush at a time. Called on reconnect and start-up. */
  flush(): Promise<void>
  discardFailed(idempotencyKey: string): Promise<void>
  submit<T>(mutation: Omit<QueuedMutation, 'createdAt' | 'attempts'>): Promise<MutationResult<T>>
  dispose(): void
}

/**
 * Waits between replays of a stuck queue, after each replay has used up its own retries:
 * full jitter from a 5 s window doubling to 5 min (redux-offline waits 1 s … 60 min). A
 * reconnect event replays at once whatever the wait.
 */
export const QUEUE_REPLAY_POLICY: RetryPolicy = { retries: Infinity, baseDelayMs: 5000, maxDelayMs: 5 * 60_000 }

interface Dependencies {
  store: KeyValueStore
  network: NetworkMonitor
  send(entry: QueuedMutation): Promise<unknown>
  random: () => number
}

interface Waiter {
  resolve(result: MutationResult<unknown>): void
  reject(error: unknown): void
}

/**
 * The offline queue. Entries are written to storage *before* their first attempt, so an
 * app killed mid-request replays on the next start; the server recognises the replay by
 * its Idempotency-Key, so nothing is done twice. Entries leave storage only after the
 * server has answered.
 */
export function createOfflineQueue({ store, network, send, random }: Dependencies): OfflineQueue {
  let pending: QueuedMutation[] = []
  let failed: FailedMutation[] = []
  const listeners = new Set<(change: QueueChange) => void>()
  const waiters = new Map<string, Waiter>()
  let draining: Promise<void> | undefined
  let rerun = false
  let retryTimer: ReturnType<typeof setTimeout> | undefined
  let disposed = false
  let writes: Promise<unknown> = Promise.resolve()

  const ready = Promise.all([store.get<QueuedMutation[]>('pending'), store.get<FailedMutation[]>('failed')]).then(([storedPending, storedFailed]) => {
    // Entries submitted before the stored queue was read go after it: stored ones are older.
    pending = [...(storedPending ?? []), ...pending]
    failed = [...(storedFailed ?? []), ...failed]
  })

  const emit = (change: QueueChange) =>
    listeners.forEach((listener) => {
      try {
        listener(change)
      } catch (error) {
        // A broken badge must not stop orders from being sent: report it outside the drain.
        setTimeout(() => {
          throw error
        })
      }
    })
  /** Writes are chained so an older snapshot never lands after a newer one. */
  const persist = () => {
    const snapshot = { pending: [...pending], failed: [...failed] }
    const write = writes.then(() => Promise.all([store.set('pending', snapshot.pending), store.set('failed', snapshot.failed)]))
    writes = write.catch(() => {})
    return write
  }
  /**
   * After the server has answered, a failed write only means the next start may replay an
   * entry the server already has, and it answers that from its store: not worth stopping for.
   */
  const persistAfterAnswer = () => persist().catch(() => {})
  const removeHead = (entry: QueuedMutation) => {
    pending = pending.filter((e) => e.idempotencyKey !== entry.idempotencyKey)
  }
  const settle = (entry: QueuedMutation, outcome: { result: MutationResult<unknown> } | { error: unknown }) => {
    const waiter = waiters.get(entry.idempotencyKey)
    if (!waiter) return false
    waiters.delete(entry.idempotencyKey)
    if ('error' in outcome) waiter.reject(outcome.error)
    else waiter.resolve(outcome.result)
    return true
  }

  async function drainOnce() {
    await ready
    let stuck = false
    while (pending.length && !disposed) {
      if (network.link === 'offline') {
        stuck = true
        break
      }
      const entry = pending[0] as QueuedMutation
      try {
        const data = await send(entry)
        removeHead(entry)
        await persistAfterAnswer()
        settle(entry, { result: { status: 'done', data, idempotencyKey: entry.idempotencyKey } })
        emit({ kind: 'sent', entry, data })
      } catch (caught) {
        const error = isSdkError(caught) ? caught : new SdkError({ code: 'network', userMessage: USER_MESSAGES.network, message: String(caught), cause: caught })
        // A 401 on a replay means the session lapsed while the phone was offline (overnight,
        // say), not that the order is wrong: keep it until the user is logged in again.
        const tryLater = isRetryableError(error) || error.code === 'deadline' || (error.status === 401 && !waiters.has(entry.idempotencyKey))
        const someoneWaiting = waiters.has(entry.idempotencyKey)
        // A user still on the screen hears about a refusal, or about a failure on a link that
        // is not bad enough to explain it, directly; a replay has no one to tell but the list.
        if (!tryLater || (someoneWaiting && (network.link === 'good' || network.link === 'slow'))) {
          removeHead(entry)
          if (!someoneWaiting) {
            const refused: FailedMutation = { ...entry, failedAt: Date.now(), status: error.status, serverCode: error.serverCode, userMessage: error.userMessage }
            failed.push(refused)
            emit({ kind: 'failed', entry: refused })
          }
          await persistAfterAnswer()
          settle(entry, { error })
          continue
        }
        entry.attempts++
        await persistAfterAnswer()
        stuck = true
        break
      }
    }
    // Whoever is still waiting hears "saved, will be sent": their entries stay queued.
    for (const entry of pending) settle(entry, { result: { status: 'queued', entry } })
    const head = pending[0]
    if (stuck && head && network.link !== 'offline' && !disposed) {
      clearTimeout(retryTimer)
      retryTimer = setTimeout(() => void flush(), backoffDelayMs(head.attempts - 1, QUEUE_REPLAY_POLICY, random))
    }
  }

  function flush(): Promise<void> {
    rerun = true
    if (!draining) {
      draining = (async () => {
        while (rerun) {
          rerun = false
          await drainOnce()
        }
      })().finally(() => {
        draining = undefined
        // A submit that landed between the last pass and this line still needs a pass.
        if (rerun && !disposed) void flush()
      })
    }
    return draining
  }

  const stopWatching = network.subscribe((_, link) => {
    if (link !== 'offline') void flush()
  })
  // After a restart: send what the last session left, once the network is known.
  void Promise.all([ready, network.ready]).then(() => {
    if (pending.length && !disposed) void flush()
  })

  return {
    ready,
    pending: () => [...pending],
    failed: () => [...failed],
    count: () => pending.length + failed.length,
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    flush,
    async discardFailed(idempotencyKey) {
      await ready
      const entry = failed.find((e) => e.idempotencyKey === idempotencyKey)
      if (!entry) return
      failed = failed.filter((e) => e !== entry)
      await persist()
      emit({ kind: 'discarded', entry })
    },
    async submit<T>(mutation: Omit<QueuedMutation, 'createdAt' | 'attempts'>): Promise<MutationResult<T>> {
      await ready
      const entry: QueuedMutation = { ...mutation, createdAt: Date.now(), attempts: 0 }
      pending.push(entry)
      try {
        await persist()
      } catch (error) {
        // Not saved (too big, storage full): say so now rather than lose it later.
        removeHead(entry)
        throw error
      }
      emit({ kind: 'queued', entry })
      const result = new Promise<MutationResult<T>>((resolve, reject) => {
        waiters.set(entry.idempotencyKey, { resolve: resolve as Waiter['resolve'], reject })
      })
      void flush()
      return result
    },
    dispose() {
      disposed = true
      clearTimeout(retryTimer)
      stopWatching()
    },
  }
}
