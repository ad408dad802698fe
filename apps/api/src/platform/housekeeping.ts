import type { Kysely } from 'kysely'
import type { Database } from './db'

const HOUR = 3600_000

/**
 * Deletes rows nobody can use any more: expired idempotency records, sessions expired or revoked
 * over a day ago, and rate-limit windows over an hour old. Safe to run on several instances at once.
 */
export async function purgeExpired(db: Kysely<Database>, now: number): Promise<{ idempotencyKeys: number; sessions: number; rateLimits: number }> {
  const keys = await db.deleteFrom('idempotency_keys').where('expires_at', '<=', now).executeTakeFirst()
  const sessions = await db
    .deleteFrom('sessions')
    .where((eb) => eb.or([eb('expires_at', '<=', now - 24 * HOUR), eb('revoked_at', '<=', now - 24 * HOUR)]))
    .executeTakeFirst()
  const limits = await db.deleteFrom('rate_limits').where('window_start', '<', now - HOUR).executeTakeFirst()
  return {
    idempotencyKeys: Number(keys.numDeletedRows),
    sessions: Number(sessions.numDeletedRows),
    rateLimits: Number(limits.numDeletedRows),
  }
}
