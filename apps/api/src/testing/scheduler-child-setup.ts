// Loaded into a child API (testing/api-child.ts, ChildSettings.setup) by platform/scheduler-instances.test.ts:
// a handler for the kind 'test.effect' on the API's own scheduler. Each run writes a 'start' row
// (outside any transaction: it counts every time the handler ran), may hang (payload.hangMs, to be
// killed mid-run), then writes its 'effect' row and marks the job done in one transaction.
import { sql } from 'kysely'
import type { RunningServer } from '../server'

export const EFFECTS_TABLE = 't_sched_effects'

export function setup(server: RunningServer): void {
  const db = server.db.kysely
  const record = (q: typeof db, key: string, phase: string) =>
    sql`insert into t_sched_effects (job_key, pid, phase, at) values (${key}, ${process.pid}, ${phase}, ${Date.now()})`.execute(q)
  server.scheduler.handle(
    'test.effect',
    async (job) => {
      await record(db, job.key, 'start')
      const hangMs = Number(job.payload.hangMs ?? 0)
      // Hang only on the first attempt: the test kills this process meanwhile.
      if (hangMs > 0 && job.attempt === 1) await new Promise((resolve) => setTimeout(resolve, hangMs))
      else await new Promise((resolve) => setTimeout(resolve, Math.floor(Math.random() * 5)))
      await db.transaction().execute(async (tx) => {
        await record(tx, job.key, 'effect')
        await job.markDoneIn(tx)
      })
    },
    { leaseMs: Number(process.env.TEST_SCHEDULER_LEASE_MS ?? 60_000) },
  )
}
