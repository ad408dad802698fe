import type { LinkClass } from '../network/link-class'

/**
 * Bounds how many images download at once, by link class. On 2G one image at a time
 * finishes in ~5 s; six at once would each take ~30 s and the first screen would show
 * nothing for half a minute. Lower priority numbers go first, then the order of asking —
 * which is the order images came into view, so the first screen finishes first.
 */
export const IMAGE_CONCURRENCY: Record<LinkClass, number> = { good: 6, slow: 3, 'very-slow': 1, offline: 0 }

/**
 * A slot is given back after this long even if the image never reports (a node the host
 * dropped without an error event): one silent image must not stall the rest on 2G.
 */
export const MAX_SLOT_HOLD_MS = 60_000

/** Called with the slot; call `release` when the download ends (loaded or failed). */
export type DownloadStart = (release: () => void) => void

export interface DownloadQueue {
  /**
   * Waits for a slot, then calls `start`. Returns the cancel: before the start it leaves
   * the queue; after it, it gives the slot back (the caller stops the download itself).
   */
  add(start: DownloadStart, priority?: number): () => void
  /** The link changed: a better one starts more at once; 'offline' starts none. */
  setLink(link: LinkClass): void
  readonly active: number
  readonly waiting: number
}

interface Waiting {
  start: DownloadStart
  priority: number
  /** Set once started: gives the slot back. */
  cancel?: () => void
}

export function createDownloadQueue(options: { link?: LinkClass; concurrency?: Partial<Record<LinkClass, number>>; maxHoldMs?: number } = {}): DownloadQueue {
  const limits = { ...IMAGE_CONCURRENCY, ...options.concurrency }
  const maxHoldMs = options.maxHoldMs ?? MAX_SLOT_HOLD_MS
  let link: LinkClass = options.link ?? 'slow'
  let active = 0
  const waiting: Waiting[] = []

  function pump() {
    while (active < limits[link] && waiting.length) {
      const next = waiting.shift() as Waiting
      active++
      let held = true
      const release = () => {
        if (!held) return
        held = false
        clearTimeout(timer)
        active--
        pump()
      }
      const timer = setTimeout(release, maxHoldMs)
      next.cancel = release
      next.start(release)
    }
  }

  return {
    add(start, priority = 1) {
      const entry: Waiting = { start, priority }
      // Sorted insert: after everything of the same or a higher priority (lower number).
      let at = waiting.findIndex((w) => w.priority > priority)
      if (at < 0) at = waiting.length
      waiting.splice(at, 0, entry)
      pump()
      return () => {
        const index = waiting.indexOf(entry)
        if (index >= 0) waiting.splice(index, 1)
        else entry.cancel?.()
      }
    },
    setLink(next) {
      link = next
      pump()
    },
    get active() {
      return active
    },
    get waiting() {
      return waiting.length
    },
  }
}
