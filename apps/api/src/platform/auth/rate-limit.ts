import type { Kysely } from 'kysely'
import type { Database } from '../db'

/**
 * A fixed-window counter in the database, so several API instances share the limit. One atomic
 * upsert per hit: no read-then-write race on either database.
 */
export async function hitRateLimit(
  db: Kysely<Database>,
  bucket: string,
  limit: number,
  windowMs: number,
  now: number,
): Promise<{ allowed: boolean; retryAfterSeconds: number }> {
  const windowStart = Math.floor(now / windowMs) * windowMs
  const row = await db
    .insertInto('rate_limits')
    .values({ bucket, window_start: windowStart, hits: 1 })
    .onConflict((oc) =>
      oc.column('bucket').doUpdateSet((eb) => ({
        hits: eb
          .case()
          .when('rate_limits.window_start', '=', eb.ref('excluded.window_start'))
          .then(eb('rate_limits.hits', '+', 1))
          .else(1)
          .end(),
        window_start: eb.ref('excluded.window_start'),
      })),
    )
    .returning('hits')
    .executeTakeFirstOrThrow()
  return { allowed: row.hits <= limit, retryAfterSeconds: Math.max(1, Math.ceil((windowStart + windowMs - now) / 1000)) }
}
