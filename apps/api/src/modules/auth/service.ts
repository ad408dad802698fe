import type { Kysely } from 'kysely'
import type { LoginResponse } from '@tianyuan/contracts'
import { toShanghaiIso } from '@tianyuan/contracts'
import type { Database } from '../../platform/db'
import type { WeChatClient } from '../../platform/wechat/client'
import { createSession, revokeSession, type SessionPolicy } from '../../platform/auth/sessions'
import { hitRateLimit } from '../../platform/auth/rate-limit'
import { errors } from '../../platform/errors'
import { sha256Hex } from '../../platform/ids'
import { toUserDto, upsertUserByOpenid } from './repo'

export interface LoginDeps {
  db: Kysely<Database>
  wechat: WeChatClient
  sessions: SessionPolicy
  limits: { perIpPerMinute: number; perOpenidPerMinute: number }
}

const MINUTE = 60_000

/**
 * wx.login code → WeChat's openid → our user and a new session. The session_key WeChat returns
 * is kept with the session (for decrypting WeChat data later) and goes nowhere else.
 */
export async function loginWithWeChatCode(deps: LoginDeps, code: string, clientIp: string): Promise<LoginResponse> {
  const now = deps.sessions.now()
  const byIp = await hitRateLimit(deps.db, `login:ip:${clientIp}`, deps.limits.perIpPerMinute, MINUTE, now)
  if (!byIp.allowed) throw errors.rateLimited(byIp.retryAfterSeconds, '登录太频繁了，请过一分钟再试')

  const wx = await deps.wechat.exchangeLoginCode(code)

  // Bucket by a hash so the openid is not spelled out in yet another table.
  const byOpenid = await hitRateLimit(deps.db, `login:openid:${sha256Hex(wx.openid)}`, deps.limits.perOpenidPerMinute, MINUTE, now)
  if (!byOpenid.allowed) throw errors.rateLimited(byOpenid.retryAfterSeconds, '登录太频繁了，请过一分钟再试')

  const user = await upsertUserByOpenid(deps.db, wx.openid, wx.unionid, now)
  const session = await createSession(deps.db, deps.sessions, user.id, wx.sessionKey)
  return { token: session.token, expiresAt: toShanghaiIso(session.expiresAt), user: toUserDto(user) }
}

export async function logout(db: Kysely<Database>, tokenHash: string, now: number): Promise<void> {
  await revokeSession(db, tokenHash, now)
}
