// Time as the sandbox sees it. Production-like runs use the real clock; tests inject a
// manual one and move it forward, so that hours of WeChat's retry schedule take no time.

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown
  clearTimeout(handle: unknown): void
}

export const realTimers: Timers = {
  setTimeout: (fn, ms) => {
    const t = setTimeout(fn, ms)
    t.unref?.()
    return t
  },
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
}

export interface ManualClock {
  now: () => number
  timers: Timers
  /** Pending timers' due times, earliest first. */
  pending(): number[]
  /**
   * Moves time forward by `ms`, running each timer that falls due in order, at its due time,
   * and letting the I/O it starts settle (one macrotask turn) before the next.
   */
  advance(ms: number): Promise<void>
}

/** A clock that moves only when told to. Start defaults to 2026-01-01T00:00:00+08:00. */
export function createManualClock(start = Date.parse('2026-01-01T00:00:00+08:00')): ManualClock {
  let current = start
  let seq = 0
  const tasks = new Map<number, { due: number; fn: () => void }>()
  const turn = () => new Promise<void>((resolve) => setImmediate(resolve))
  return {
    now: () => current,
    timers: {
      setTimeout(fn, ms) {
        const id = ++seq
        tasks.set(id, { due: current + Math.max(0, ms), fn })
        return id
      },
      clearTimeout(handle) {
        tasks.delete(handle as number)
      },
    },
    pending: () => [...tasks.values()].map((t) => t.due).sort((a, b) => a - b),
    async advance(ms) {
      const target = current + ms
      for (;;) {
        let next: [number, { due: number; fn: () => void }] | undefined
        for (const entry of tasks) if (entry[1].due <= target && (!next || entry[1].due < next[1].due)) next = entry
        if (!next) break
        tasks.delete(next[0])
        current = next[1].due
        next[1].fn()
        await turn()
      }
      current = target
      await turn()
    },
  }
}
