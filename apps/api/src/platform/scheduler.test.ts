import { Writable } from 'node:stream'
import type { Db } from './db'
import { createLogger, type Logger } from './logging'
import { createScheduler, JobClaimLost, PermanentJobFailure, type Scheduler, type SchedulerDeps } from './scheduler'
import { describeEachDatabase, type TestDatabase } from '../testing/databases'
import { TestClock } from '../testing/harness'

const silent: Logger = createLogger({ level: 'silent', destination: new Writable({ write: (_c, _e, done) => done() }) })

describeEachDatabase('durable scheduler', (fresh) => {
  let database: TestDatabase
  let db: Db
  let clock: TestClock
  const schedulers: Scheduler[] = []
  const make = (more: Partial<SchedulerDeps> = {}) => {
    const s = createScheduler({ db, logger: silent, now: clock.now, ...more })
    schedulers.push(s)
    return s
  }
  const row = (kind: string, key: string) => db.kysely.selectFrom('scheduled_jobs').selectAll().where('kind', '=', kind).where('key', '=', key).executeTakeFirstOrThrow()

  beforeAll(async () => {
    database = await fresh()
    db = await database.open()
  })
  beforeEach(() => {
    clock = new TestClock()
  })
  afterEach(async () => {
    await Promise.all(schedulers.splice(0).map((s) => s.stop()))
  })
  afterAll(async () => {
    await db.close()
    await database.drop()
  })

  test('a job runs once it is due, with its payload, and is done', async () => {
    const s = make()
    const seen: unknown[] = []
    s.handle('t.basic', async (job) => void seen.push({ key: job.key, payload: job.payload, attempt: job.attempt }))
    await s.schedule(db.kysely, { kind: 't.basic', key: 'a1', runAt: clock.t + 60_000, payload: { who: '张大爷' } })
    expect(await s.runDue()).toEqual({ ran: 0, failed: 0, expired: 0 })
    clock.advance(60_000)
    expect(await s.runDue()).toEqual({ ran: 1, failed: 0, expired: 0 })
    expect(seen).toEqual([{ key: 'a1', payload: { who: '张大爷' }, attempt: 1 }])
    expect(await s.runDue()).toEqual({ ran: 0, failed: 0, expired: 0 })
    expect(await row('t.basic', 'a1')).toMatchObject({ status: 'done', attempt: 1, lease_until: null })
  })

  test('scheduling the same kind and key twice keeps one job (the first)', async () => {
    const s = make()
    const seen: unknown[] = []
    s.handle('t.twice', async (job) => void seen.push(job.payload))
    await s.schedule(db.kysely, { kind: 't.twice', key: 'k', runAt: clock.t, payload: { n: 1 } })
    await db.kysely.transaction().execute((tx) => s.schedule(tx, { kind: 't.twice', key: 'k', runAt: clock.t, payload: { n: 2 } }))
    await s.runDue()
    expect(seen).toEqual([{ n: 1 }])
    // Done stays done: scheduling it again does not run it again.
    await s.schedule(db.kysely, { kind: 't.twice', key: 'k', runAt: clock.t, payload: { n: 3 } })
    await s.runDue()
    expect(seen).toEqual([{ n: 1 }])
  })

  test('a cancelled job is not run; scheduled again after cancelling, it runs with the new time and payload', async () => {
    const s = make()
    const seen: unknown[] = []
    s.handle('t.cancel', async (job) => void seen.push(job.payload))
    await s.schedule(db.kysely, { kind: 't.cancel', key: 'appt-1', runAt: clock.t + 1000, payload: { at: '09:00' } })
    await db.kysely.transaction().execute((tx) => s.cancel(tx, 't.cancel', 'appt-1'))
    clock.advance(1000)
    expect(await s.runDue()).toEqual({ ran: 0, failed: 0, expired: 0 })
    expect((await row('t.cancel', 'appt-1')).status).toBe('cancelled')
    // A rescheduled appointment: cancel + schedule.
    await s.schedule(db.kysely, { kind: 't.cancel', key: 'appt-1', runAt: clock.t + 5000, payload: { at: '10:00' } })
    expect(await s.runDue()).toEqual({ ran: 0, failed: 0, expired: 0 })
    clock.advance(5000)
    expect(await s.runDue()).toMatchObject({ ran: 1 })
    expect(seen).toEqual([{ at: '10:00' }])
  })

  test('a cancel in a transaction that rolls back leaves the job', async () => {
    const s = make()
    let runs = 0
    s.handle('t.rollback', async () => void runs++)
    await s.schedule(db.kysely, { kind: 't.rollback', key: 'x', runAt: clock.t })
    await expect(
      db.kysely.transaction().execute(async (tx) => {
        await s.cancel(tx, 't.rollback', 'x')
        throw new Error('booking change refused')
      }),
    ).rejects.toThrow('refused')
    await s.runDue()
    expect(runs).toBe(1)
  })

  test('a job whose expiresAt passed before it ran is expired, never run', async () => {
    const s = make()
    let runs = 0
    s.handle('t.expire', async () => void runs++)
    // The reminder 1 h before a 10:00 appointment; the API was down from 8:30 to 10:05.
    await s.schedule(db.kysely, { kind: 't.expire', key: 'late', runAt: clock.t + 30 * 60_000, expiresAt: clock.t + 90 * 60_000 })
    await s.schedule(db.kysely, { kind: 't.expire', key: 'in-time', runAt: clock.t + 30 * 60_000, expiresAt: clock.t + 200 * 60_000 })
    clock.advance(95 * 60_000)
    expect(await s.runDue()).toEqual({ ran: 1, failed: 0, expired: 1 })
    expect(runs).toBe(1)
    expect((await row('t.expire', 'late')).status).toBe('expired')
    expect((await row('t.expire', 'in-time')).status).toBe('done')
  })

  test('a failing job is retried with growing, jittered delays, then succeeds', async () => {
    const s = make({ random: () => 0.999 })
    const attempts: number[] = []
    s.handle(
      't.retry',
      async (job) => {
        attempts.push(job.attempt)
        if (job.attempt < 3) throw new Error('WeChat busy (-1)')
      },
      { backoffMs: 10_000 },
    )
    await s.schedule(db.kysely, { kind: 't.retry', key: 'r', runAt: clock.t })
    expect(await s.runDue()).toEqual({ ran: 0, failed: 1, expired: 0 })
    const first = await row('t.retry', 'r')
    expect(first).toMatchObject({ status: 'due', attempt: 1, last_error: 'Error: WeChat busy (-1)' })
    // Between half and all of 10 s (jitter), not at once.
    expect(first.run_at - clock.t).toBeGreaterThanOrEqual(5000)
    expect(first.run_at - clock.t).toBeLessThanOrEqual(10_000)
    expect(await s.runDue()).toEqual({ ran: 0, failed: 0, expired: 0 })
    clock.advance(10_000)
    expect(await s.runDue()).toEqual({ ran: 0, failed: 1, expired: 0 })
    const second = await row('t.retry', 'r')
    // Doubled: up to 20 s.
    expect(second.run_at - clock.t).toBeGreaterThan(10_000)
    expect(second.run_at - clock.t).toBeLessThanOrEqual(20_000)
    clock.advance(20_000)
    expect(await s.runDue()).toEqual({ ran: 1, failed: 0, expired: 0 })
    expect(attempts).toEqual([1, 2, 3])
    expect(await row('t.retry', 'r')).toMatchObject({ status: 'done', attempt: 3 })
  })

  test('after maxAttempts failures the job is failed and not run again', async () => {
    const s = make()
    let runs = 0
    s.handle(
      't.max',
      async () => {
        runs++
        throw new Error('still busy')
      },
      { maxAttempts: 3, backoffMs: 1000 },
    )
    await s.schedule(db.kysely, { kind: 't.max', key: 'm', runAt: clock.t })
    for (let i = 0; i < 6; i++) {
      await s.runDue()
      clock.advance(60_000)
    }
    expect(runs).toBe(3)
    expect(await row('t.max', 'm')).toMatchObject({ status: 'failed', attempt: 3, last_error: 'Error: still busy' })
  })

  test('PermanentJobFailure stops at once', async () => {
    const s = make()
    let runs = 0
    s.handle('t.permanent', async () => {
      runs++
      throw new PermanentJobFailure('用户已注销')
    })
    await s.schedule(db.kysely, { kind: 't.permanent', key: 'p', runAt: clock.t })
    expect(await s.runDue()).toEqual({ ran: 0, failed: 1, expired: 0 })
    clock.advance(3600_000)
    await s.runDue()
    expect(runs).toBe(1)
    expect(await row('t.permanent', 'p')).toMatchObject({ status: 'failed', attempt: 1, last_error: 'PermanentJobFailure: 用户已注销' })
  })

  test('a retry that would come after the job’s expiry expires it instead', async () => {
    const s = make({ random: () => 0.999 })
    s.handle(
      't.retry-expire',
      async () => {
        throw new Error('busy')
      },
      { backoffMs: 60_000 },
    )
    await s.schedule(db.kysely, { kind: 't.retry-expire', key: 'e', runAt: clock.t, expiresAt: clock.t + 30_000 })
    expect(await s.runDue()).toEqual({ ran: 0, failed: 1, expired: 0 })
    expect((await row('t.retry-expire', 'e')).status).toBe('expired')
  })

  test('a job of a kind this instance has no handler for is left for an instance that has one', async () => {
    const without = make()
    without.handle('t.other', async () => undefined)
    const withIt = make()
    let runs = 0
    withIt.handle('t.known', async () => void runs++)
    await without.schedule(db.kysely, { kind: 't.known', key: 'k', runAt: clock.t })
    expect(await without.runDue()).toEqual({ ran: 0, failed: 0, expired: 0 })
    expect(await withIt.runDue()).toEqual({ ran: 1, failed: 0, expired: 0 })
    expect(runs).toBe(1)
  })

  test('a job whose instance died is taken by another once the lease has run out, not before', async () => {
    const dying = make()
    const survivor = make()
    const runs: string[] = []
    let release: () => void = () => undefined
    dying.handle(
      't.lease',
      async () => {
        runs.push('dying')
        await new Promise<void>((resolve) => (release = resolve))
        throw new Error('the process was gone by now')
      },
      { leaseMs: 60_000 },
    )
    survivor.handle('t.lease', async () => void runs.push('survivor'), { leaseMs: 60_000 })
    await dying.schedule(db.kysely, { kind: 't.lease', key: 'l', runAt: clock.t })
    const hung = dying.runDue()
    while (!runs.length) await new Promise((r) => setTimeout(r, 5))
    expect(await survivor.runDue()).toEqual({ ran: 0, failed: 0, expired: 0 })
    clock.advance(60_000)
    expect(await survivor.runDue()).toEqual({ ran: 1, failed: 0, expired: 0 })
    expect(await row('t.lease', 'l')).toMatchObject({ status: 'done', attempt: 2 })
    // The first run's late outcome does not undo the second's: it no longer holds the claim.
    release()
    await hung
    expect(await row('t.lease', 'l')).toMatchObject({ status: 'done', attempt: 2, last_error: null })
    expect(runs).toEqual(['dying', 'survivor'])
  })

  test('markDoneIn: the effect and “done” commit together; a run that lost its claim cannot commit its effect', async () => {
    await db.kysely.schema.createTable('t_effects').ifNotExists().addColumn('key', 'text').addColumn('by', 'text').execute()
    const effects = () => db.kysely.selectFrom('t_effects' as never).selectAll().execute()
    const slow = make()
    const fast = make()
    let release: () => void = () => undefined
    let started = false
    const effect = (by: string) => async (job: { key: string; markDoneIn: (tx: typeof db.kysely) => Promise<void> }) =>
      db.kysely.transaction().execute(async (tx) => {
        await tx.insertInto('t_effects' as never).values({ key: job.key, by } as never).execute()
        await job.markDoneIn(tx)
      })
    slow.handle(
      't.tx',
      async (job) => {
        started = true
        await new Promise<void>((resolve) => (release = resolve))
        await effect('slow')(job)
      },
      { leaseMs: 60_000 },
    )
    fast.handle('t.tx', effect('fast'), { leaseMs: 60_000 })
    await slow.schedule(db.kysely, { kind: 't.tx', key: 'once', runAt: clock.t })
    const slowPass = slow.runDue()
    while (!started) await new Promise((r) => setTimeout(r, 5))
    clock.advance(60_000) // the slow run's lease ran out (as if its instance had stalled)
    expect(await fast.runDue()).toEqual({ ran: 1, failed: 0, expired: 0 })
    release()
    // The slow run's markDoneIn throws JobClaimLost: its transaction, effect included, rolls back.
    expect(await slowPass).toEqual({ ran: 0, failed: 1, expired: 0 })
    expect(await effects()).toEqual([{ key: 'once', by: 'fast' }])
    expect((await row('t.tx', 'once')).status).toBe('done')
    expect(JobClaimLost.name).toBe('JobClaimLost')
  })

  test('four instances (each its own connections) racing over 300 due jobs: each handler runs once', async () => {
    // Opened one after another: each open runs the migrator, which is not for racing itself.
    const instances: Db[] = []
    for (let i = 0; i < 4; i++) instances.push(await database.open())
    try {
      const runs = new Map<string, number>()
      const each = instances.map((own) => {
        const s = createScheduler({ db: own, logger: silent, now: clock.now, batchSize: 4 })
        schedulers.push(s)
        s.handle('t.race', async (job) => {
          runs.set(job.key, (runs.get(job.key) ?? 0) + 1)
          await new Promise((r) => setTimeout(r, Math.floor(Math.random() * 3)))
        })
        return s
      })
      await db.kysely.transaction().execute(async (tx) => {
        for (let i = 0; i < 300; i++) await each[0]?.schedule(tx, { kind: 't.race', key: `job-${i}`, runAt: clock.t })
      })
      // Every instance passes three times, all at once.
      const results = await Promise.all(each.flatMap((s) => [s.runDue(), s.runDue(), s.runDue()]))
      expect(results.reduce((sum, r) => sum + r.ran, 0)).toBe(300)
      expect(runs.size).toBe(300)
      expect([...runs.values()].filter((n) => n !== 1)).toEqual([])
      expect(results.filter((r) => r.ran > 0).length).toBeGreaterThan(1) // they did share the work
    } finally {
      await Promise.all(instances.map((d) => d.close()))
    }
  })

  test('a run that hangs past timeoutMs counts as a failure and is retried; its late markDoneIn cannot finish the job', async () => {
    const s = make()
    let calls = 0
    const late: Promise<unknown>[] = []
    s.handle(
      't.hang',
      async (job) => {
        calls++
        if (calls === 1) {
          await new Promise((r) => setTimeout(r, 300))
          late.push(job.markDoneIn(db.kysely).catch((error: unknown) => error))
        }
      },
      { timeoutMs: 50, backoffMs: 1000 },
    )
    await s.schedule(db.kysely, { kind: 't.hang', key: 'h', runAt: clock.t })
    expect(await s.runDue()).toEqual({ ran: 0, failed: 1, expired: 0 })
    expect(await row('t.hang', 'h')).toMatchObject({ status: 'due', attempt: 1, last_error: 'JobTimedOut: still running after 50 ms' })
    await new Promise((r) => setTimeout(r, 350))
    expect(await Promise.all(late)).toEqual([expect.any(JobClaimLost)])
    expect((await row('t.hang', 'h')).status).toBe('due')
    clock.advance(1000)
    expect(await s.runDue()).toEqual({ ran: 1, failed: 0, expired: 0 })
  })

  test('a job whose runs keep being lost (its instance dies every time) fails after maxAttempts claims, not for ever', async () => {
    const releases: (() => void)[] = []
    const passes: Promise<unknown>[] = []
    let runs = 0
    const dies = async () => {
      runs++
      await new Promise<void>((resolve) => releases.push(resolve))
    }
    for (let i = 0; i < 2; i++) {
      const s = make()
      s.handle('t.poison', dies, { maxAttempts: 2, leaseMs: 60_000 })
      if (i === 0) await s.schedule(db.kysely, { kind: 't.poison', key: 'p', runAt: clock.t })
      passes.push(s.runDue())
      while (runs < i + 1) await new Promise((r) => setTimeout(r, 5))
      clock.advance(60_000) // this instance "died": its lease runs out
    }
    const third = make()
    third.handle('t.poison', dies, { maxAttempts: 2, leaseMs: 60_000 })
    expect(await third.runDue()).toEqual({ ran: 0, failed: 1, expired: 0 })
    expect(runs).toBe(2)
    expect(await row('t.poison', 'p')).toMatchObject({ status: 'failed', attempt: 3, last_error: 'lost 2 runs (instance gone before the run ended)' })
    for (const release of releases) release()
    await Promise.all(passes)
    expect((await row('t.poison', 'p')).status).toBe('failed')
  })

  test('stop() waits for a pass in progress', async () => {
    const s = make()
    const events: string[] = []
    s.handle('t.stop', async () => {
      await new Promise((r) => setTimeout(r, 100))
      events.push('handler done')
    })
    await s.schedule(db.kysely, { kind: 't.stop', key: 's', runAt: clock.t })
    const pass = s.runDue()
    await new Promise((r) => setTimeout(r, 20))
    await s.stop()
    events.push('stopped')
    expect(events).toEqual(['handler done', 'stopped'])
    expect(await pass).toEqual({ ran: 1, failed: 0, expired: 0 })
    expect(await s.runDue()).toEqual({ ran: 0, failed: 0, expired: 0 })
  })

  test('a claim takes at most batchSize jobs: one instance never takes (and leases) the whole backlog at once', async () => {
    const s = make({ batchSize: 8 })
    let running = 0
    let most = 0
    s.handle('t.batch', async () => {
      running++
      most = Math.max(most, running)
      await new Promise((r) => setTimeout(r, 2))
      running--
    })
    await db.kysely.transaction().execute(async (tx) => {
      for (let i = 0; i < 120; i++) await s.schedule(tx, { kind: 't.batch', key: `b-${i}`, runAt: clock.t })
    })
    expect(await s.runDue()).toEqual({ ran: 120, failed: 0, expired: 0 })
    expect(most).toBe(8)
  })

  test('a bad job is refused at once', async () => {
    const s = make()
    await expect(s.schedule(db.kysely, { kind: '', key: 'k', runAt: clock.t })).rejects.toThrow('kind')
    await expect(s.schedule(db.kysely, { kind: 't.bad', key: '', runAt: clock.t })).rejects.toThrow('key')
    await expect(s.schedule(db.kysely, { kind: 't.bad', key: 'k', runAt: Number.NaN })).rejects.toThrow('runAt')
    expect(() => s.handle('jobs.periodic', async () => undefined)).toThrow('kind')
    s.handle('t.bad', async () => undefined)
    expect(() => s.handle('t.bad', async () => undefined)).toThrow('already')
  })
})
