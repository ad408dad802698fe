import { useEffect, useState } from 'react'
import type { FailedMutation, OfflineQueue, QueuedMutation } from '../request/offline-queue'

export interface OfflineQueueView {
  pending: QueuedMutation[]
  failed: FailedMutation[]
  /** For a badge: pending and failed together. */
  count: number
}

const snapshot = (queue: OfflineQueue): OfflineQueueView => ({ pending: queue.pending(), failed: queue.failed(), count: queue.count() })

/** What is waiting to be sent and what the server refused, for an offline banner or a badge. */
export function useOfflineQueue(queue: OfflineQueue): OfflineQueueView {
  const [view, setView] = useState(() => snapshot(queue))
  useEffect(() => {
    let live = true
    // After a restart the stored queue is read asynchronously.
    void queue.ready.then(() => live && setView(snapshot(queue)))
    const stop = queue.subscribe(() => setView(snapshot(queue)))
    return () => {
      live = false
      stop()
    }
  }, [queue])
  return view
}
