import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { sql } from 'kysely'
import type { Db } from './db'
import { createLogger } from './logging'
import { createScheduler, type Scheduler } from './scheduler'
import { startApiProcess, type ApiProcess } from '../testing/api-process'
import { describeEachDatabase, type TestDatabase } from '../testing/databases'

// The scheduler across real API instances: child processes (testing/api-child.ts) running the whole
// API on one database, each polling its scheduler, with a handler (testing/scheduler-child-setup.ts)
// that records every run ('start', outside any transaction) and its effect ('effect', committed with
// the job's 'done'). Many due jobs, two instances: each handler runs once. An instance killed with
// SIGKILL mid-run: the job is taken again once its lease has run out, and its effect happens once.
describeEachDatabase('scheduler: several API instances on one database', (fresh) => {
  let database: TestDatabase
  let db: Db
  let scheduler: Scheduler
  let mediaDir: string
  const children: ApiProcess[] = []
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

  beforeAll(async () => {
    database = await fresh()
    db = await database.open()
    await sql`create table t_sched_effects (job_key text not null, pid integer not null, phase text not null, at bigint not null)`.execute(db.kysely)
    // This process only schedules (no handlers): the children run the jobs.
    scheduler = createScheduler({ db, logger: createLogger({ level: 'silent' }) })
    mediaDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tianyuan-sched-'))
  })
  afterAll(async () => {
    await Promise.all(children.map((c) => c.close()))
    await db.close()
    await database.drop()
    fs.rmSync(mediaDir, { recursive: true, force: true })
  }, 60_000)

  const start = async (leaseMs: number) => {
    const child = await startApiProcess(
      { target: database.target, schema: database.schema, mediaDir, setup: path.join(__dirname, '..', 'testing', 'scheduler-child-setup.ts'), env: { SCHEDULER_POLL_MS: '20' } },
      { TEST_SCHEDULER_LEASE_MS: String(leaseMs) },
    )
    children.push(child)
    return child
  }
  const effects = (prefix: string) =>
    sql<{ job_key: string; pid: number; phase: string; at: number }>`select job_key, pid, phase, at from t_sched_effects where job_key like ${`${prefix}%`} order by at`
      .execute(db.kysely)
      .then((r) => r.rows.map((row) => ({ ...row, pid: Number(row.pid), at: Number(row.at) })))
  const statuses = (prefix: string) =>
    db.kysely.selectFrom('scheduled_jobs').select(['key', 'status', 'attempt']).where('kind', '=', 'test.effect').where('key', 'like', `${prefix}%`).execute()
  async function until(what: string, check: () => Promise<boolean>, timeoutMs = 60_000) {
    const end = Date.now() + timeoutMs
    while (!(await check())) {
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
      await sleep(100)
    }
  }

  test('two instances polling many due jobs: each job’s handler runs once', async () => {
    // One after the other (each start runs the migrator); the jobs come once both poll.
    const a = await start(60_000)
    const b = await start(60_000)
    const N = 240
    const t = Date.now()
    // Scheduled once both poll, in one transaction: every job appears at once to both instances, which race for the same rows.
    await db.kysely.transaction().execute(async (tx) => {
      for (let j = 0; j < N; j++) await scheduler.schedule(tx, { kind: 'test.effect', key: `many-${String(j).padStart(3, '0')}`, runAt: t })
    })
    await until('every job done', async () => (await statuses('many-')).filter((s) => s.status === 'done').length === N)
    const rows = await effects('many-')
    const count = (phase: string) => {
      const per = new Map<string, number>()
      for (const r of rows) if (r.phase === phase) per.set(r.job_key, (per.get(r.job_key) ?? 0) + 1)
      return per
    }
    const starts = count('start')
    const done = count('effect')
    expect(starts.size).toBe(N)
    expect([...starts.values()].filter((n) => n !== 1)).toEqual([]) // no handler ran twice
    expect(done.size).toBe(N)
    expect([...done.values()].filter((n) => n !== 1)).toEqual([])
    // Both instances took part (else this would not test the race).
    const byPid = new Map<number, number>()
    for (const r of rows) if (r.phase === 'effect') byPid.set(r.pid, (byPid.get(r.pid) ?? 0) + 1)
    expect(new Set(byPid.keys())).toEqual(new Set([a.pid, b.pid]))
    console.info(`[${database.kind}] two instances, ${N} due jobs: handler runs ${rows.filter((r) => r.phase === 'start').length}, effects ${rows.filter((r) => r.phase === 'effect').length}, per instance ${[...byPid.values()].join(' + ')}`)
    await Promise.all([a.close(), b.close()])
  }, 120_000)

  test('an instance killed (SIGKILL) mid-run: after its lease runs out the restarted instance runs the job, and its effect happens once', async () => {
    const leaseMs = 1500
    const doomed = await start(leaseMs)
    await scheduler.schedule(db.kysely, { kind: 'test.effect', key: 'crash-1', runAt: Date.now(), payload: { hangMs: 120_000 } })
    await until('the first run to start', async () => (await effects('crash-1')).length === 1)
    process.kill(doomed.pid, 'SIGKILL')
    expect((await doomed.exited).signal).toBe('SIGKILL')
    const killedAt = Date.now()
    expect(await statuses('crash-1')).toEqual([{ key: 'crash-1', status: 'running', attempt: 1 }])

    const restarted = await start(leaseMs)
    await until('the job done', async () => (await statuses('crash-1'))[0]?.status === 'done')
    const rows = await effects('crash-1')
    expect(rows.map((r) => [r.phase, r.pid])).toEqual([
      ['start', doomed.pid],
      ['start', restarted.pid],
      ['effect', restarted.pid],
    ])
    expect(await statuses('crash-1')).toEqual([{ key: 'crash-1', status: 'done', attempt: 2 }])
    console.info(`[${database.kind}] killed mid-run: run again ${(rows[1]?.at ?? 0) - killedAt} ms after the kill (lease ${leaseMs} ms), effect once`)
    await restarted.close()
  }, 120_000)
})
