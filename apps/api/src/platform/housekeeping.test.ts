import { describeEachDatabase } from '../testing/databases'
import { purgeExpired } from './housekeeping'

describeEachDatabase('housekeeping', (fresh) => {
  test('purges expired idempotency records, dead sessions, old rate-limit windows and long-finished scheduled jobs only', async () => {
    const database = await fresh()
    const db = await database.open()
    const k = db.kysely
    const now = 100 * 24 * 3600_000
    try {
      await k.insertInto('users').values({ id: 'u', openid: 'o', unionid: null, nickname: null, avatar_media_id: null, phone: null, phone_country_code: null, created_at: 0, updated_at: 0 }).execute()
      const idem = (key: string, expires: number) => ({ user_id: 'u', key, request_hash: 'h', state: 'done' as const, claimed_at: 0, expires_at: expires, status: 200, content_type: null, body: null })
      await k.insertInto('idempotency_keys').values([idem('old', now - 1), idem('live', now + 1)]).execute()
      const session = (hash: string, expires: number, revoked: number | null) => ({ token_hash: hash, user_id: 'u', wechat_session_key: 's', created_at: 0, expires_at: expires, revoked_at: revoked })
      await k
        .insertInto('sessions')
        .values([session('expired-long-ago', now - 48 * 3600_000, null), session('revoked-long-ago', now + 1e9, now - 48 * 3600_000), session('live', now + 1e9, null), session('just-expired', now - 1, null)])
        .execute()
      await k.insertInto('rate_limits').values([{ bucket: 'old', window_start: now - 2 * 3600_000, hits: 1 }, { bucket: 'current', window_start: now, hits: 1 }]).execute()

      const job = (key: string, status: 'due' | 'done' | 'failed' | 'cancelled', updatedAt: number) => ({
        id: key, kind: 'reminders.test', key, run_at: 0, expires_at: null, payload: '{}', status, attempt: 1, lease_until: null, claimed_by: null, last_error: null, created_at: 0, updated_at: updatedAt,
      })
      const month = 30 * 24 * 3600_000
      await k.insertInto('scheduled_jobs').values([job('done-old', 'done', now - month), job('failed-old', 'failed', now - month - 1), job('done-recent', 'done', now - month + 1), job('due-old', 'due', 0)]).execute()
      expect(await purgeExpired(k, now)).toEqual({ idempotencyKeys: 1, sessions: 2, rateLimits: 1, scheduledJobs: 2 })
      expect((await k.selectFrom('scheduled_jobs').select('key').orderBy('key').execute()).map((r) => r.key)).toEqual(['done-recent', 'due-old'])
      expect((await k.selectFrom('idempotency_keys').select('key').execute()).map((r) => r.key)).toEqual(['live'])
      expect((await k.selectFrom('sessions').select('token_hash').orderBy('token_hash').execute()).map((r) => r.token_hash)).toEqual(['just-expired', 'live'])
      expect((await k.selectFrom('rate_limits').select('bucket').execute()).map((r) => r.bucket)).toEqual(['current'])
    } finally {
      await db.close()
      await database.drop()
    }
  })
})
