import type { Kysely } from 'kysely'
import type { Database } from './db'

const HOUR = 3600_000
/** How long a finished scheduled job (done, failed, expired, cancelled) is kept: to look into, and as the (kind, key) that makes scheduling it again a no-op. */
export const FINISHED_JOBS_KEPT_MS = 30 * 24 * HOUR

/**
 * Deletes rows nobody can use any more: expired idempotency records, sessions expired or revoked
 * over a day ago, rate-limit windows over an hour old, and scheduled jobs finished over 30 days ago.
 * Safe to run on several instances at once.
 */
export async function purgeExpired(db: Kysely<Database>, now: number): Promise<{ idempotencyKeys: number; sessions: number; rateLimits: number; scheduledJobs: number }> {
  const keys = await db.deleteFrom('idempotency_keys').where('expires_at', '<=', now).executeTakeFirst()
  const sessions = await db
    .deleteFrom('sessions')
    .where((eb) => eb.or([eb('expires_at', '<=', now - 24 * HOUR), eb('revoked_at', '<=', now - 24 * HOUR)]))
    .executeTakeFirst()
  const limits = await db.deleteFrom('rate_limits').where('window_start', '<', now - HOUR).executeTakeFirst()
  const jobs = await db
    .deleteFrom('scheduled_jobs')
    .where('status', 'in', ['done', 'failed', 'expired', 'cancelled'])
    .where('updated_at', '<=', now - FINISHED_JOBS_KEPT_MS)
    .executeTakeFirst()
  return {
    idempotencyKeys: Number(keys.numDeletedRows),
    sessions: Number(sessions.numDeletedRows),
    rateLimits: Number(limits.numDeletedRows),
    scheduledJobs: Number(jobs.numDeletedRows),
  }
}
