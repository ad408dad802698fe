/**
 * Cancelling a request without AbortController, which WeChat does not have: a page that
 * unmounts, or a user who taps "取消", stops the attempt in flight and any retries to come.
 */
export interface CancelSignal {
  readonly cancelled: boolean
  /** Calls `listener` once on cancel (at once if already cancelled); returns the unsubscribe. */
  onCancel(listener: () => void): () => void
}

export function createCanceller(): { signal: CancelSignal; cancel(): void } {
  let cancelled = false
  const listeners = new Set<() => void>()
  return {
    signal: {
      get cancelled() {
        return cancelled
      },
      onCancel(listener) {
        if (cancelled) listener()
        else listeners.add(listener)
        return () => listeners.delete(listener)
      },
    },
    cancel() {
      if (cancelled) return
      cancelled = true
      for (const listener of [...listeners]) listener()
      listeners.clear()
    },
  }
}
