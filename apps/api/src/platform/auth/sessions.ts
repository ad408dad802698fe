import type { Kysely } from 'kysely'
import type { MiddlewareHandler } from 'hono'
import type { Database } from '../db'
import type { AppEnv } from '../context'
import { errors } from '../errors'
import { newSessionToken, sha256Hex } from '../ids'

export interface SessionPolicy {
  ttlMs: number
  now: () => number
}

export async function createSession(
  db: Kysely<Database>,
  policy: SessionPolicy,
  userId: string,
  wechatSessionKey: string,
): Promise<{ token: string; expiresAt: number }> {
  const token = newSessionToken()
  const now = policy.now()
  const expiresAt = now + policy.ttlMs
  await db
    .insertInto('sessions')
    .values({ token_hash: sha256Hex(token), user_id: userId, wechat_session_key: wechatSessionKey, created_at: now, expires_at: expiresAt, revoked_at: null })
    .execute()
  return { token, expiresAt }
}

export async function revokeSession(db: Kysely<Database>, tokenHash: string, now: number): Promise<void> {
  await db.updateTable('sessions').set({ revoked_at: now }).where('token_hash', '=', tokenHash).where('revoked_at', 'is', null).execute()
}

function bearerToken(header: string | undefined): string | null {
  if (!header) return null
  const m = /^Bearer\s+([A-Za-z0-9_-]{16,128})\s*$/i.exec(header)
  return m?.[1] ?? ''
}

/**
 * Finds out who is calling from `Authorization: Bearer <token>`, for every request. Sessions
 * slide: once less than half the lifetime is left, a use pushes the expiry out again (one
 * conditional write per half-lifetime, not one per request).
 */
export function loadCaller(db: Kysely<Database>, policy: SessionPolicy): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const token = bearerToken(c.req.header('authorization'))
    if (token === null) {
      c.set('caller', { kind: 'anonymous' })
      return next()
    }
    if (token === '') {
      c.set('caller', { kind: 'invalid' })
      return next()
    }
    const tokenHash = sha256Hex(token)
    const session = await db
      .selectFrom('sessions')
      .select(['user_id', 'expires_at', 'revoked_at'])
      .where('token_hash', '=', tokenHash)
      .executeTakeFirst()
    const now = policy.now()
    if (!session || session.revoked_at !== null || session.expires_at <= now) {
      c.set('caller', { kind: 'invalid' })
      return next()
    }
    if (session.expires_at - now < policy.ttlMs / 2) {
      await db
        .updateTable('sessions')
        .set({ expires_at: now + policy.ttlMs })
        .where('token_hash', '=', tokenHash)
        .where('revoked_at', 'is', null)
        .execute()
    }
    c.set('caller', { kind: 'user', userId: session.user_id, tokenHash })
    return next()
  }
}

/** Lets only a signed-in caller through: 401 UNAUTHENTICATED without a token, SESSION_EXPIRED with a dead one. */
export const requireUser: MiddlewareHandler<AppEnv> = async (c, next) => {
  const caller = c.get('caller')
  if (caller.kind === 'anonymous') throw errors.unauthenticated()
  if (caller.kind === 'invalid') throw errors.sessionExpired()
  return next()
}

/** The signed-in caller; only call behind requireUser. */
export function signedIn(c: { get(key: 'caller'): AppEnv['Variables']['caller'] }): { userId: string; tokenHash: string } {
  const caller = c.get('caller')
  if (caller.kind !== 'user') throw errors.unauthenticated()
  return caller
}
