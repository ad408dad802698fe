// Progress to the server in batches through the SDK's offline queue: each batch is a queueable
// POST /api/classroom/progress (its Idempotency-Key made once), and each event carries its own
// client event id, so a batch replayed after a lost answer or a restart never counts twice.
import { PROGRESS_BATCH_MAX } from '@tianyuan/contracts/classroom-rules'
import type { ProgressBatchResponse } from '@tianyuan/contracts/types'
import { isSdkError } from '@tianyuan/sdk'
import { sdk } from '../../sdk'
import { mergeServerProgress, takeOutbox } from './progress-store'

export const PROGRESS_PATH = '/classroom/progress'

/** What a sync came to: sent (the server's answer merged), queued (saved, sent when the network allows), or nothing waiting. */
export type SyncOutcome = 'sent' | 'queued' | 'idle'

let watching: (() => void) | undefined

/** Batches the server answered later, from the queue (after a reconnect or a restart), are merged too. */
function watchQueue(): void {
  if (watching) return
  watching = sdk.api.queue.subscribe((change) => {
    if (change.kind === 'sent' && change.entry.path === PROGRESS_PATH) void mergeServerProgress((change.data as ProgressBatchResponse | undefined)?.lessons ?? [])
  })
}

/** Sends what waits on the phone, a batch at a time (PROGRESS_BATCH_MAX events). Never throws. */
export async function syncProgress(): Promise<SyncOutcome> {
  watchQueue()
  let outcome: SyncOutcome = 'idle'
  try {
    for (;;) {
      const result = await takeOutbox(
        PROGRESS_BATCH_MAX,
        (events) => sdk.api.mutate<ProgressBatchResponse>({ method: 'POST', path: PROGRESS_PATH, body: { events }, queueable: true, label: '同步学习进度' }),
        // A batch the server refuses as a whole (400) would be refused again: let it go.
        (error) => isSdkError(error) && error.status === 400,
      )
      if (!result) return outcome
      if (result.status === 'queued') return 'queued'
      outcome = 'sent'
      await mergeServerProgress(result.data.lessons)
    }
  } catch {
    // Kept on the phone: the next sync (leaving the page, the network back) sends it.
    return outcome === 'idle' ? 'queued' : outcome
  }
}
