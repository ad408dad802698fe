import os from 'node:os'
import { sql, type ExpressionBuilder, type Kysely, type Transaction, type UpdateQueryBuilder, type UpdateResult } from 'kysely'
import type { Db } from './db'
import type { ScheduledJobsTable } from './db/schema'
import { transition } from './db/transition'
import { newId } from './ids'
import type { Logger } from './logging'

/**
 * The durable scheduler: one-off jobs ("remind 张大爷 of his appointment at 9:00") stored in
 * `scheduled_jobs`, run by whichever API instance claims them first. Claims are conditional
 * UPDATEs (on PostgreSQL over rows picked with FOR UPDATE SKIP LOCKED) that only one instance can
 * win, and carry a lease renewed while the handler runs: a job whose instance died is taken again
 * once the lease has run out. So a handler runs at least once per job, and — while instances live —
 * once; a handler whose instance is killed mid-run is run again (the README's "What once means").
 * Failures are retried with exponential backoff and jitter up to maxAttempts; a job is never run
 * after its `expiresAt`.
 */

export interface ScheduleJobInput {
  /** What the job does: 'reminders.clinic-appointment'. A handler for it is registered with `handle`. */
  kind: string
  /** Unique per kind: scheduling the same (kind, key) twice is a no-op (the first one wins) — unless it was cancelled. */
  key: string
  /** When it is due (epoch ms). */
  runAt: number
  /** After this (epoch ms) the job is not run (status 'expired'): "sent only while still useful". */
  expiresAt?: number
  payload?: Record<string, unknown>
}

export interface ScheduledJobContext {
  kind: string
  key: string
  payload: Record<string, unknown>
  /** 1 on the first run, 2 on the first retry, … (a run cut short by a dead instance counts too). */
  attempt: number
  runAt: number
  /**
   * Marks this job done inside the caller's transaction, on condition that this run still holds the
   * claim (throws `JobClaimLost` otherwise, so the transaction rolls back). A database effect made in
   * the same transaction then happens exactly once, even when a run is repeated after a crash.
   */
  markDoneIn<DB>(db: Kysely<DB> | Transaction<DB>): Promise<void>
}

export interface HandleOptions {
  /** Runs before the job is marked failed (default 6). */
  maxAttempts?: number
  /** How long a claim holds without renewal (default 60 s; renewed every third of it while the handler runs). */
  leaseMs?: number
  /** The first retry's delay (default 30 s), doubled each attempt up to maxBackoffMs (default 1 h), with jitter. */
  backoffMs?: number
  maxBackoffMs?: number
  /**
   * A run still going after this long counts as failed (retried like any failure; default 10 min),
   * so a hung call cannot hold the job, and this instance's polling, for ever. The handler is not
   * stopped, but its claim is let go: its markDoneIn then throws JobClaimLost.
   */
  timeoutMs?: number
}

export interface Scheduler {
  /** Stores a job; pass the caller's transaction (any Kysely<…> / Transaction<…> of the API's database) to join it. */
  schedule<DB>(db: Kysely<DB> | Transaction<DB>, job: ScheduleJobInput): Promise<void>
  /** Drops a job not yet done (e.g. the appointment was cancelled). */
  cancel<DB>(db: Kysely<DB> | Transaction<DB>, kind: string, key: string): Promise<void>
  /** What a kind does. Resolves → done. Throws → retried with backoff (maxAttempts, default 6); throw
   *  `new PermanentJobFailure(reason)` to stop at once. */
  handle(kind: string, handler: (job: ScheduledJobContext) => Promise<void>, options?: HandleOptions): void
  /**
   * One pass now: claims and runs every due job of the kinds this instance handles (tests).
   * `ran`: handlers that finished (job done); `failed`: runs that threw (retried later, or failed
   * for good); `expired`: jobs dropped because their `expiresAt` passed.
   */
  runDue(): Promise<{ ran: number; failed: number; expired: number }>
  /** Polls every `pollMs` (runDue); the timer is unref'd. openApi starts it after the modules' handlers are registered. */
  start(): void
  /** Stops polling and waits for the pass in progress (its handlers finish). Call before the database closes. */
  stop(): Promise<void>
  /** This instance's name in `claimed_by` (host:pid:random). */
  readonly instanceId: string
}

/** Thrown by a handler to fail the job at once (no retry): the reminder's data is wrong, the user is gone. */
export class PermanentJobFailure extends Error {
  override name = 'PermanentJobFailure'
}

/** markDoneIn found the claim taken over (this run's lease ran out and another instance took the job). */
export class JobClaimLost extends Error {
  override name = 'JobClaimLost'
}

/** A run that went on past its kind's timeoutMs. */
export class JobTimedOut extends Error {
  override name = 'JobTimedOut'
}

/** The scheduler's one table, joined onto whatever database type a caller's transaction has. */
type Tables = { scheduled_jobs: ScheduledJobsTable }

/** platform/jobs' periodic ticks live in the same table under this kind; handle() refuses it. */
export const PERIODIC_KIND = 'jobs.periodic'

export interface SchedulerDeps {
  db: Db
  logger: Logger
  /** The clock (epoch ms) of run_at, leases and expiry; tests move it. */
  now?: () => number
  /** How often start()'s loop looks for due jobs (default 2 s). */
  pollMs?: number
  /** Jobs claimed (and run side by side) at once, per kind (default 8). */
  batchSize?: number
  /** 0 ≤ x < 1; the backoff's jitter (tests may pin it). */
  random?: () => number
}

interface Handler {
  run: (job: ScheduledJobContext) => Promise<void>
  maxAttempts: number
  leaseMs: number
  backoffMs: number
  maxBackoffMs: number
  timeoutMs: number
}

const MAX_ERROR_CHARS = 1000

export function instanceName(): string {
  return `${os.hostname()}:${process.pid}:${newId().slice(0, 6)}`
}

/** The same job input rules for every caller: a wrong call is a programming error, thrown at once. */
function checkJob(job: ScheduleJobInput): void {
  if (!job.kind || job.kind === PERIODIC_KIND) throw new Error(`scheduler: bad job kind ${JSON.stringify(job.kind)}`)
  if (!job.key || job.key.length > 200) throw new Error(`scheduler: a job key is 1–200 characters (${job.kind})`)
  if (!Number.isFinite(job.runAt)) throw new Error(`scheduler: runAt must be epoch ms (${job.kind}/${job.key})`)
  if (job.expiresAt !== undefined && !Number.isFinite(job.expiresAt)) throw new Error(`scheduler: expiresAt must be epoch ms (${job.kind}/${job.key})`)
}

export function createScheduler(deps: SchedulerDeps): Scheduler {
  const { logger } = deps
  const db = deps.db.kysely as unknown as Kysely<Tables>
  const postgres = deps.db.dialect === 'postgres'
  const now = deps.now ?? Date.now
  const random = deps.random ?? Math.random
  const pollMs = deps.pollMs ?? 2000
  const batchSize = deps.batchSize ?? 8
  const instanceId = instanceName()
  const handlers = new Map<string, Handler>()
  let claimSeq = 0
  let started = false
  let stopped = false
  let timer: NodeJS.Timeout | null = null
  /** Every pass in progress (the poll loop's and any runDue() a caller made): stop() waits for them. */
  const passes = new Set<Promise<unknown>>()

  /** Rows a claim at `t` may take: due, or running under a lease that has run out; not expired. */
  const claimable = (kind: string, t: number) => (eb: ExpressionBuilder<Tables, 'scheduled_jobs'>) =>
    eb.and([
      eb('kind', '=', kind),
      eb('run_at', '<=', t),
      eb.or([eb('status', '=', 'due'), eb.and([eb('status', '=', 'running'), eb('lease_until', '<=', t)])]),
      eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', t)]),
    ])

  /**
   * Claims up to `limit` due jobs of a kind in one statement. The WHERE is checked again by the
   * UPDATE itself, so of any number of instances racing for a row exactly one changes it (and gets
   * it back from RETURNING); on PostgreSQL the inner SELECT also skips rows another claim has locked,
   * so racing instances take different jobs instead of queueing behind one another.
   * PostgreSQL gets `id = ANY(ARRAY(SELECT …))`, not `id IN (SELECT …)`: the planner may put an IN
   * subquery on the inner side of a nested loop and run it again for each row, and with SKIP LOCKED
   * each run picks other rows — one claim took 10 rows with LIMIT 8, and under load one instance
   * took 232 of 240 at once (measured). ARRAY(…) is an init plan, run once.
   */
  async function claim(kind: string, handler: Handler): Promise<{ token: string; rows: ScheduledJobsTable[] }> {
    const t = now()
    const token = `${instanceId}/${++claimSeq}`
    const pick = db
      .selectFrom('scheduled_jobs')
      .select('id')
      .where(claimable(kind, t))
      .orderBy('run_at')
      .limit(batchSize)
      .$if(postgres, (q) => q.forUpdate().skipLocked())
    const rows = await db
      .updateTable('scheduled_jobs')
      .set((eb) => ({ status: 'running', attempt: eb('attempt', '+', 1), lease_until: t + handler.leaseMs, claimed_by: token, updated_at: t }))
      .where((eb) => (postgres ? sql<boolean>`${eb.ref('id')} = any(array(${pick}))` : eb('id', 'in', pick)))
      .where(claimable(kind, t))
      .returningAll()
      .execute()
    return { token, rows }
  }

  /** Jobs whose moment passed unrun (an outage, a backlog): marked expired, never run. */
  async function expireOverdue(): Promise<number> {
    const t = now()
    const rows = await db
      .updateTable('scheduled_jobs')
      .set({ status: 'expired', lease_until: null, claimed_by: null, updated_at: t })
      .where('expires_at', '<=', t)
      .where((eb) => eb.or([eb('status', '=', 'due'), eb.and([eb('status', '=', 'running'), eb('lease_until', '<=', t)])]))
      .returning(['kind', 'key'])
      .execute()
    if (rows.length) logger.info({ expired: rows.map((r) => `${r.kind}/${r.key}`).slice(0, 20), count: rows.length }, 'scheduler: jobs expired unrun')
    return rows.length
  }

  const backoff = (h: Handler, attempt: number) => {
    const full = Math.min(h.backoffMs * 2 ** Math.max(0, attempt - 1), h.maxBackoffMs)
    return Math.round(full / 2 + (random() * full) / 2) // "equal jitter": between half and all of it
  }

  /** Runs one claimed job to its next state. */
  async function runClaimed(row: ScheduledJobsTable, token: string, h: Handler): Promise<'done' | 'failed'> {
    // Every write of this run is conditional on still holding the claim.
    const mine = { from: ['running'], where: (q: UpdateQueryBuilder<Tables, 'scheduled_jobs', 'scheduled_jobs', UpdateResult>) => q.where('claimed_by', '=', token) }
    if (row.attempt > h.maxAttempts) {
      // Its runs were lost (the instance died) more often than it may run: a job that kills its
      // instance every time must not go round the instances for ever.
      await transition(db, 'scheduled_jobs', row.id, { ...mine, to: 'failed', set: { last_error: `lost ${row.attempt - 1} runs (instance gone before the run ended)`, lease_until: null, claimed_by: null, updated_at: now() } })
      logger.error({ kind: row.kind, key: row.key, attempt: row.attempt }, 'scheduler: job failed for good: its runs were lost')
      return 'failed'
    }
    // Renews the lease while the handler runs, so a slow handler is not taken over by another instance.
    const renew = setInterval(
      () => {
        void transition(db, 'scheduled_jobs', row.id, { ...mine, set: { lease_until: now() + h.leaseMs } }).catch((error: unknown) =>
          logger.warn({ err: error, kind: row.kind, key: row.key }, 'scheduler: lease renewal failed'),
        )
      },
      Math.max(10, Math.floor(h.leaseMs / 3)),
    )
    renew.unref()
    let payload: Record<string, unknown> = {}
    try {
      payload = JSON.parse(row.payload) as Record<string, unknown>
    } catch {
      // A payload that is not JSON cannot have come from schedule(); the handler gets {} and decides.
    }
    const t0 = performance.now()
    let timeout: NodeJS.Timeout | undefined
    try {
      const timedOut = new Promise<never>((_, reject) => {
        timeout = setTimeout(() => reject(new JobTimedOut(`still running after ${h.timeoutMs} ms`)), h.timeoutMs)
        timeout.unref()
      })
      const run = h.run({
        kind: row.kind,
        key: row.key,
        payload,
        attempt: row.attempt,
        runAt: row.run_at,
        markDoneIn: async (tx) => {
          await transition(tx as unknown as Kysely<Tables>, 'scheduled_jobs', row.id, {
            ...mine,
            to: 'done',
            set: { lease_until: null, updated_at: now() },
            conflict: () => new JobClaimLost(`${row.kind}/${row.key}: the claim was taken over`),
          })
        },
      })
      run.catch(() => undefined) // after a timeout its outcome no longer matters (and must not go unhandled)
      await Promise.race([run, timedOut])
      clearTimeout(timeout)
      clearInterval(renew)
      // Already done when the handler used markDoneIn; a cancelled job stays cancelled.
      await transition(db, 'scheduled_jobs', row.id, { ...mine, to: 'done', set: { lease_until: null, updated_at: now() } })
      logger.debug({ kind: row.kind, key: row.key, attempt: row.attempt, ms: Math.round(performance.now() - t0) }, 'scheduler: job done')
      return 'done'
    } catch (error) {
      clearTimeout(timeout)
      clearInterval(renew)
      const message = (error instanceof Error ? `${error.name}: ${error.message}` : String(error)).slice(0, MAX_ERROR_CHARS)
      const t = now()
      const permanent = error instanceof PermanentJobFailure || row.attempt >= h.maxAttempts
      const next = t + backoff(h, row.attempt)
      const to = permanent ? 'failed' : row.expires_at !== null && next >= row.expires_at ? 'expired' : 'due'
      await transition(db, 'scheduled_jobs', row.id, {
        ...mine,
        to,
        set: { last_error: message, lease_until: null, claimed_by: null, updated_at: t, ...(to === 'due' ? { run_at: next } : {}) },
      })
      const fields = { err: error, kind: row.kind, key: row.key, attempt: row.attempt, outcome: to, ...(to === 'due' ? { retryAt: next } : {}) }
      if (to === 'due') logger.warn(fields, 'scheduler: job failed, will retry')
      else logger.error(fields, 'scheduler: job failed for good')
      return 'failed'
    }
  }

  function runDue(): Promise<{ ran: number; failed: number; expired: number }> {
    const pass = onePass()
    passes.add(pass)
    void pass.finally(() => passes.delete(pass)).catch(() => undefined)
    return pass
  }

  async function onePass(): Promise<{ ran: number; failed: number; expired: number }> {
    const totals = { ran: 0, failed: 0, expired: 0 }
    if (stopped) return totals
    totals.expired += await expireOverdue()
    // Round after round until a round claims nothing: a pass leaves no due job behind.
    for (let claimedAny = true; claimedAny && !stopped; ) {
      claimedAny = false
      for (const [kind, h] of handlers) {
        if (stopped) break
        const { token, rows } = await claim(kind, h)
        if (rows.length) claimedAny = true
        const outcomes = await Promise.all(rows.map((row) => runClaimed(row, token, h)))
        for (const o of outcomes) totals[o === 'done' ? 'ran' : 'failed']++
      }
    }
    return totals
  }

  const loop = () => {
    timer = setTimeout(() => {
      timer = null
      void runDue()
        .catch((error: unknown) => logger.warn({ err: error }, 'scheduler: pass failed'))
        .finally(() => {
          if (!stopped) loop()
        })
    }, pollMs)
    timer.unref()
  }

  return {
    instanceId,
    async schedule(tx, job) {
      checkJob(job)
      const t = now()
      await (tx as unknown as Kysely<Tables>)
        .insertInto('scheduled_jobs')
        .values({
          id: newId(),
          kind: job.kind,
          key: job.key,
          run_at: job.runAt,
          expires_at: job.expiresAt ?? null,
          payload: JSON.stringify(job.payload ?? {}),
          status: 'due',
          attempt: 0,
          lease_until: null,
          claimed_by: null,
          last_error: null,
          created_at: t,
          updated_at: t,
        })
        // First one wins; a cancelled job is scheduled afresh (cancel + schedule = reschedule).
        .onConflict((oc) =>
          oc
            .columns(['kind', 'key'])
            .doUpdateSet((eb) => ({
              run_at: eb.ref('excluded.run_at'),
              expires_at: eb.ref('excluded.expires_at'),
              payload: eb.ref('excluded.payload'),
              status: 'due',
              attempt: 0,
              lease_until: null,
              claimed_by: null,
              last_error: null,
              updated_at: t,
            }))
            .where('scheduled_jobs.status', '=', 'cancelled'),
        )
        .execute()
    },
    async cancel(tx, kind, key) {
      await (tx as unknown as Kysely<Tables>)
        .updateTable('scheduled_jobs')
        .set({ status: 'cancelled', lease_until: null, updated_at: now() })
        .where('kind', '=', kind)
        .where('key', '=', key)
        .where('status', 'in', ['due', 'running'])
        .execute()
    },
    handle(kind, run, options = {}) {
      if (!kind || kind === PERIODIC_KIND) throw new Error(`scheduler: bad job kind ${JSON.stringify(kind)}`)
      if (handlers.has(kind)) throw new Error(`scheduler: kind ${kind} already has a handler`)
      const h: Handler = {
        run,
        maxAttempts: options.maxAttempts ?? 6,
        leaseMs: options.leaseMs ?? 60_000,
        backoffMs: options.backoffMs ?? 30_000,
        maxBackoffMs: options.maxBackoffMs ?? 3600_000,
        timeoutMs: options.timeoutMs ?? 10 * 60_000,
      }
      if (!(h.maxAttempts >= 1) || !(h.leaseMs > 0) || !(h.backoffMs >= 0) || !(h.timeoutMs > 0)) throw new Error(`scheduler: bad options for ${kind}`)
      handlers.set(kind, h)
    },
    runDue,
    start() {
      if (started || stopped) return
      started = true
      loop()
    },
    async stop() {
      stopped = true
      if (timer) clearTimeout(timer)
      timer = null
      await Promise.allSettled([...passes])
    },
  }
}
