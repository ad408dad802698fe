import { Hono } from 'hono'
import { LoginRequest, type LoginResponse, type LogoutResponse } from '@tianyuan/contracts'
import type { AppEnv } from '../../platform/context'
import { requireUser, signedIn } from '../../platform/auth/sessions'
import { clientIp, type ProxyTrust } from '../../platform/http/client-ip'
import { readEmptyBody, readJson } from '../../platform/validation'
import { loginWithWeChatCode, logout, type LoginDeps } from './service'

export interface AuthRoutesDeps extends LoginDeps {
  /** Where the caller's address comes from (per-IP login limit). */
  proxy: ProxyTrust
}

export function authRoutes(deps: AuthRoutesDeps) {
  return new Hono<AppEnv>()
    .post('/login', async (c) => {
      const body = await readJson(c, LoginRequest)
      const result: LoginResponse = await loginWithWeChatCode(deps, body.code, clientIp(c, deps.proxy))
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
