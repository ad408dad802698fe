// Turns a player's events into played stretches for the progress store: a stretch is recorded every
// 15 s of playing and whenever playing stops, jumps or ends, so a lesson cut off by a call or a
// dead battery loses at most 15 s; the stretches go to the server in batches (progress feature).
import type { Segment } from '@tianyuan/contracts/classroom-rules'

/** Seconds of playing between two records. */
export const RECORD_EVERY_S = 15
/** A time update further than this from the last one is a jump (a seek), not playing. */
const JUMP_S = 5

export interface PlayTracker {
  /** Playing (again) from `at`. */
  playing(at: number): void
  /** The position while playing (timeupdate). */
  tick(at: number): void
  /** Paused, ended, left the page: what was played since the last record goes now. */
  stopped(at: number): void
  /** The learner moved to `to`. */
  seeked(to: number): void
}

export function createPlayTracker(record: (positionS: number, segment?: Segment) => void): PlayTracker {
  let from: number | undefined
  let last = 0
  const flush = (at: number) => {
    if (from !== undefined && at > from) record(at, [from, at])
  }
  return {
    playing(at) {
      from = at
      last = at
    },
    tick(at) {
      if (from === undefined) {
        last = at
        return
      }
      if (at < last || at - last > JUMP_S) {
        flush(last)
        from = at
      } else if (at - from >= RECORD_EVERY_S) {
        flush(at)
        from = at
      }
      last = at
    },
    stopped(at) {
      const end = from !== undefined && at < from ? last : at
      if (from !== undefined && end > from) record(end, [from, end])
      else record(end)
      from = undefined
      last = end
    },
    seeked(to) {
      if (from !== undefined) {
        flush(last)
        from = to
      }
      last = to
      record(to)
    },
  }
}
