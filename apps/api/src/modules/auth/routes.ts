import { Hono, type Context } from 'hono'
import { LoginRequest, type LoginResponse, type LogoutResponse } from '@tianyuan/contracts'
import type { AppEnv } from '../../platform/context'
import { requireUser, signedIn } from '../../platform/auth/sessions'
import { readEmptyBody, readJson } from '../../platform/validation'
import { loginWithWeChatCode, logout, type LoginDeps } from './service'

export interface AuthRoutesDeps extends LoginDeps {
  trustProxy: boolean
}

/** The caller's address: the socket's peer, or X-Forwarded-For's first hop behind a trusted proxy. */
function clientIp(c: Context<AppEnv>, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = c.req.header('x-forwarded-for')?.split(',')[0]?.trim()
    if (forwarded) return forwarded
  }
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined
  return env?.incoming?.socket?.remoteAddress ?? 'unknown'
}

export function authRoutes(deps: AuthRoutesDeps) {
  return new Hono<AppEnv>()
    .post('/login', async (c) => {
      const body = await readJson(c, LoginRequest)
      const result: LoginResponse = await loginWithWeChatCode(deps, body.code, clientIp(c, deps.trustProxy))
      c.get('log').info({ userId: result.user.id }, 'login')
      return c.json(result)
    })
    .post('/logout', requireUser, async (c) => {
      await readEmptyBody(c)
      const { tokenHash } = signedIn(c)
      await logout(deps.db, tokenHash, deps.sessions.now())
      const result: LogoutResponse = { ok: true }
      return c.json(result)
    })
}
