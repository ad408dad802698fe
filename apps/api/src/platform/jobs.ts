import type { Logger } from './logging'

/** A periodic sweep: housekeeping, unpaid holds released, refunds retried, … */
export interface Job {
  /** Names the job in the logs (`market.release-holds`). Unique per runner. */
  name: string
  /** How often it runs, from the runner's start (and from each later tick). */
  everyMs: number
  /** One run. What it resolves with is logged (debug); a rejection is logged (warn), never thrown. */
  run(): Promise<unknown>
}

export interface JobsRunner {
  /** Registers a job; once the runner has started, its timer starts at once. */
  add(job: Job): void
  /** Starts the timers of every job added so far (and of any added later). */
  start(): void
  /**
   * Runs a job now, outside its schedule — still never alongside itself: if it is running, this
   * waits for that run instead of starting another. Resolves when the run is over (it never rejects).
   */
  runNow(name: string): Promise<void>
  /** Stops every timer, then waits for the runs in progress to finish. No run starts afterwards. */
  stop(): Promise<void>
}

interface Entry {
  job: Job
  timer: NodeJS.Timeout | null
  running: Promise<void> | null
}

/**
 * One runner for every periodic sweep of the API (openApi starts it, shutdown stops it before the
 * database closes). Each job runs on its own interval, never overlapping itself: a tick that comes
 * while the previous run is still going is skipped, so a slow sweep cannot pile up behind itself.
 * Timers are unref'd (a runner never keeps the process alive). Safe on several instances at once
 * as long as the jobs themselves are (they are: conditional updates, each row won once).
 */
export function createJobsRunner(deps: { logger: Logger }): JobsRunner {
  const { logger } = deps
  const entries = new Map<string, Entry>()
  let started = false
  let stopped = false

  const runOnce = (entry: Entry): Promise<void> => {
    if (entry.running) return entry.running
    const t0 = performance.now()
    entry.running = (async () => {
      try {
        const result = await entry.job.run()
        logger.debug({ job: entry.job.name, ms: Math.round(performance.now() - t0), result }, 'job done')
      } catch (error) {
        logger.warn({ err: error, job: entry.job.name }, 'job failed')
      } finally {
        entry.running = null
      }
    })()
    return entry.running
  }

  const schedule = (entry: Entry) => {
    entry.timer = setInterval(() => {
      if (entry.running) {
        logger.debug({ job: entry.job.name }, 'job still running: tick skipped')
        return
      }
      void runOnce(entry)
    }, entry.job.everyMs)
    entry.timer.unref()
  }

  return {
    add(job) {
      if (entries.has(job.name)) throw new Error(`job ${job.name} is already registered`)
      if (!(job.everyMs > 0)) throw new Error(`job ${job.name}: everyMs must be positive`)
      const entry: Entry = { job, timer: null, running: null }
      entries.set(job.name, entry)
      if (started && !stopped) schedule(entry)
    },
    start() {
      if (started || stopped) return
      started = true
      for (const entry of entries.values()) schedule(entry)
    },
    runNow(name) {
      const entry = entries.get(name)
      if (!entry) return Promise.reject(new Error(`no job named ${name}`))
      if (stopped) return entry.running ?? Promise.resolve()
      return runOnce(entry)
    },
    async stop() {
      stopped = true
      for (const entry of entries.values()) {
        if (entry.timer) clearInterval(entry.timer)
        entry.timer = null
      }
      await Promise.all([...entries.values()].map((entry) => entry.running))
    },
  }
}
