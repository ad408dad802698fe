import { sql, type Kysely } from 'kysely'

// The durable scheduler (platform/scheduler.ts) and the periodic sweeps' ticks (platform/jobs.ts):
// one row per job, claimed by one API instance at a time with a conditional UPDATE (PostgreSQL adds
// FOR UPDATE SKIP LOCKED) and a lease, so a job whose instance died is taken again after the lease.
// Portable DDL for SQLite and PostgreSQL.

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on the current schema type
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('scheduled_jobs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    // What the job does ('reminders.clinic-appointment'; 'jobs.periodic' for a sweep's ticks) and
    // which one it is within that kind (an appointment id; a sweep's name). Unique together.
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    // When it is due (epoch ms): the first run, then the next retry (or a sweep's next tick).
    .addColumn('run_at', 'bigint', (c) => c.notNull())
    // After this it is not run at all (status 'expired'): a reminder useful only before its moment.
    .addColumn('expires_at', 'bigint')
    // JSON object handed to the handler.
    .addColumn('payload', 'text', (c) => c.notNull())
    // due | running | done | failed | expired | cancelled
    .addColumn('status', 'text', (c) => c.notNull())
    // Runs started so far (the claim counts it).
    .addColumn('attempt', 'integer', (c) => c.notNull().defaultTo(0))
    // While running: until when the claim holds (renewed while the handler runs); after it, another instance may take it.
    .addColumn('lease_until', 'bigint')
    // While running: the claim's token (instance + claim), checked by every later write of that run.
    .addColumn('claimed_by', 'text')
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('scheduled_jobs_kind_key').on('scheduled_jobs').columns(['kind', 'key']).unique().execute()
  // The claim's search: due or running jobs of a kind, soonest first. Finished rows stay out of it.
  await db.schema
    .createIndex('scheduled_jobs_due')
    .on('scheduled_jobs')
    .columns(['kind', 'run_at'])
    .where(sql<boolean>`status in ('due', 'running')`)
    .execute()
  await db.schema.createIndex('scheduled_jobs_finished').on('scheduled_jobs').columns(['status', 'updated_at']).execute()
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('scheduled_jobs').ifExists().execute()
}
