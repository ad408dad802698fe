import type { Kysely } from 'kysely'
import type { Db } from './db'
import type { ScheduledJobsTable } from './db/schema'
import { newId } from './ids'
import type { Logger } from './logging'
import { instanceName, PERIODIC_KIND } from './scheduler'

/** A periodic sweep: housekeeping, unpaid holds released, refunds retried, … */
export interface Job {
  /** Names the job in the logs (`market.release-holds`). Unique per runner. */
  name: string
  /** How often it runs, from the runner's start (and from each later tick). */
  everyMs: number
  /** One run. What it resolves with is logged (debug); a rejection is logged (warn), never thrown. */
  run(): Promise<unknown>
  /**
   * With a database, each tick runs on one instance only (see createJobsRunner). A worker that
   * claims its own rows and gains from running everywhere at once (lesson-media's transcodes) sets
   * this to tick on every instance, as before.
   */
  everyInstance?: boolean
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
  /**
   * With a database: takes this job's current tick if it is due and no instance holds it, and runs
   * it; resolves true if this runner won the tick (tests drive ticks with it; the timers call it).
   * Without a database: runs the job (as runNow) and resolves true.
   */
  tick(name: string): Promise<boolean>
}

export interface JobsRunnerDeps {
  logger: Logger
  /**
   * The shared database: each periodic job is a row of `scheduled_jobs` (kind 'jobs.periodic', key =
   * its name) whose run_at is the next tick; an instance runs a tick only after moving run_at on with
   * a conditional UPDATE (run_at <= now, no live lease), which one instance wins. Without it (unit
   * tests) every runner runs every tick itself.
   */
  db?: Db
  /** The clock of run_at and leases (epoch ms); the timers themselves are real. Default Date.now. */
  now?: () => number
  /** How long a tick's claim holds without renewal (renewed every third of it while the run goes on). Default 60 s. */
  leaseMs?: number
  /** 0 ≤ x < 1, for the timers' jitter. */
  random?: () => number
}

interface Entry {
  job: Job
  timer: NodeJS.Timeout | null
  running: Promise<void> | null
  /** Durable: the row exists (inserted on add). */
  ready: Promise<void> | null
  /** Durable: a wake-up in progress (claim, run, release), awaited by stop(). */
  waking: Promise<void> | null
}

type Tables = { scheduled_jobs: ScheduledJobsTable }

/**
 * One runner for every periodic sweep of the API (openApi starts it, shutdown stops it before the
 * database closes). Each job runs on its own interval, never overlapping itself: a tick that comes
 * while the previous run is still going is skipped, so a slow sweep cannot pile up behind itself.
 * Timers are unref'd (a runner never keeps the process alive).
 *
 * Given the database, the runner is durable and shared by every instance on it: each job is a row
 * of `scheduled_jobs` holding its next tick, and an instance runs a tick only after winning it with a
 * conditional UPDATE (due, and no other instance holding it under a live lease) that moves the tick
 * on — so with several instances on one PostgreSQL each tick runs on one of them, a tick missed while
 * every instance was down runs at the next start, and a run never overlaps itself across instances
 * either (its lease is renewed while it runs; an instance killed mid-run lets go when the lease runs out).
 */
export function createJobsRunner(deps: JobsRunnerDeps): JobsRunner {
  const { logger } = deps
  const db = deps.db ? (deps.db.kysely as unknown as Kysely<Tables>) : null
  const now = deps.now ?? Date.now
  const leaseMs = deps.leaseMs ?? 60_000
  const random = deps.random ?? Math.random
  const instanceId = instanceName()
  const entries = new Map<string, Entry>()
  let claimSeq = 0
  /** tick() calls in progress (tests), awaited by stop() like the timers' wake-ups. */
  const ticking = new Set<Promise<boolean>>()
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

  const durable = (entry: Entry): entry is Entry & { ready: Promise<void> } => db !== null && !entry.job.everyInstance
  const thisJob = (name: string) => (q: Kysely<Tables>) => q.updateTable('scheduled_jobs').where('kind', '=', PERIODIC_KIND).where('key', '=', name)

  /** The job's row: made with its first tick one interval away; a stored tick further off than that (a shortened interval) is brought in. */
  const ensureRow = (entry: Entry, kysely: Kysely<Tables>): Promise<void> =>
    (entry.ready ??= (async () => {
      const { name, everyMs } = entry.job
      const t = now()
      await kysely
        .insertInto('scheduled_jobs')
        .values({ id: newId(), kind: PERIODIC_KIND, key: name, run_at: t + everyMs, expires_at: null, payload: '{}', status: 'due', attempt: 0, lease_until: null, claimed_by: null, last_error: null, created_at: t, updated_at: t })
        .onConflict((oc) => oc.columns(['kind', 'key']).doNothing())
        .execute()
      await thisJob(name)(kysely).set({ run_at: t + everyMs, updated_at: t }).where('run_at', '>', t + everyMs).execute()
    })().catch((error: unknown) => {
      entry.ready = null
      throw error
    }))

  /** Wins the job's current tick (if due and not held) and runs it. */
  async function tickDurable(entry: Entry, kysely: Kysely<Tables>): Promise<boolean> {
    if (entry.running || stopped) return false
    await ensureRow(entry, kysely)
    const { name, everyMs } = entry.job
    const t = now()
    const token = `${instanceId}/${++claimSeq}`
    const won = await thisJob(name)(kysely)
      .set((eb) => ({ status: 'running', run_at: t + everyMs, lease_until: t + leaseMs, claimed_by: token, attempt: eb('attempt', '+', 1), updated_at: t }))
      .where('run_at', '<=', t)
      .where((eb) => eb.or([eb('status', '!=', 'running'), eb('lease_until', '<=', t)]))
      .executeTakeFirst()
    if (Number(won.numUpdatedRows) !== 1) return false
    const held = (q: ReturnType<ReturnType<typeof thisJob>>) => q.where('claimed_by', '=', token)
    const renew = setInterval(
      () => void held(thisJob(name)(kysely)).set({ lease_until: now() + leaseMs }).execute().catch((error: unknown) => logger.warn({ err: error, job: name }, 'job lease renewal failed')),
      Math.max(10, Math.floor(leaseMs / 3)),
    )
    renew.unref()
    let failed: string | null = null
    try {
      const t0 = performance.now()
      try {
        const result = await entry.job.run()
        logger.debug({ job: name, ms: Math.round(performance.now() - t0), result }, 'job done')
      } catch (error) {
        failed = (error instanceof Error ? `${error.name}: ${error.message}` : String(error)).slice(0, 1000)
        logger.warn({ err: error, job: name }, 'job failed')
      }
    } finally {
      clearInterval(renew)
      await held(thisJob(name)(kysely)).set({ status: 'due', lease_until: null, claimed_by: null, last_error: failed, updated_at: now() }).execute()
    }
    return true
  }

  /** How long until this job's next tick may be won: its run_at, or the lease of the instance running it. */
  async function untilDue(entry: Entry, kysely: Kysely<Tables>): Promise<number> {
    const { name, everyMs } = entry.job
    const row = await kysely.selectFrom('scheduled_jobs').select(['run_at', 'status', 'lease_until']).where('kind', '=', PERIODIC_KIND).where('key', '=', name).executeTakeFirst()
    const t = now()
    let wait = row ? row.run_at - t : everyMs
    if (row?.status === 'running' && row.lease_until !== null && row.lease_until > t) wait = Math.max(wait, Math.min(row.lease_until - t, everyMs))
    // Jitter, so that instances woken for the same tick do not all query in the same millisecond.
    return Math.min(Math.max(wait, 0), everyMs) + random() * Math.min(everyMs / 10, 500)
  }

  const wake = (entry: Entry, kysely: Kysely<Tables>, delay: number, tickFirst: boolean) => {
    entry.timer = setTimeout(() => {
      entry.timer = null
      entry.waking = (async () => {
        let next = entry.job.everyMs
        try {
          if (tickFirst) await tickDurable(entry, kysely)
          else await ensureRow(entry, kysely)
          next = await untilDue(entry, kysely)
        } catch (error) {
          logger.warn({ err: error, job: entry.job.name }, 'job tick failed')
        } finally {
          entry.waking = null
          if (!stopped) wake(entry, kysely, next, true)
        }
      })()
    }, delay)
    entry.timer.unref()
  }

  const schedule = (entry: Entry) => {
    if (durable(entry) && db) return wake(entry, db, 0, false)
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
      const entry: Entry = { job, timer: null, running: null, ready: null, waking: null }
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
    async tick(name) {
      const entry = entries.get(name)
      if (!entry) throw new Error(`no job named ${name}`)
      if (durable(entry) && db) {
        const tick = tickDurable(entry, db)
        ticking.add(tick)
        void tick.finally(() => ticking.delete(tick)).catch(() => undefined)
        return tick
      }
      if (stopped) return false
      await runOnce(entry)
      return true
    },
    async stop() {
      stopped = true
      for (const entry of entries.values()) {
        if (entry.timer) {
          clearInterval(entry.timer)
          clearTimeout(entry.timer)
        }
        entry.timer = null
      }
      await Promise.allSettled([...[...entries.values()].flatMap((entry) => [entry.running, entry.waking]), ...ticking])
    },
  }
}
