import { Hono } from 'hono'
import { z } from 'zod'
import type { Kysely } from 'kysely'
import { BindPhoneRequest, UpdateProfileRequest, type MeResponse } from '@tianyuan/contracts'
import type { AppEnv } from '../../platform/context'
import type { Database } from '../../platform/db'
import type { WeChatClient } from '../../platform/wechat/client'
import { requireUser, signedIn } from '../../platform/auth/sessions'
import { readJson, readQuery } from '../../platform/validation'
import { bindPhone, changeProfile, getMe, meResponse } from './service'

const NoQuery = z.strictObject({})

export function meRoutes(deps: { db: Kysely<Database>; wechat: WeChatClient; now: () => number }) {
  return new Hono<AppEnv>()
    .use('*', requireUser)
    .get('/', async (c) => {
      readQuery(c, NoQuery)
      const { userId } = signedIn(c)
      const result: MeResponse = await meResponse(deps.db, await getMe(deps.db, userId))
      return c.json(result)
    })
    .patch('/', async (c) => {
      const body = await readJson(c, UpdateProfileRequest)
      const { userId } = signedIn(c)
      const result: MeResponse = await meResponse(deps.db, await changeProfile(deps.db, userId, body, deps.now()))
      return c.json(result)
    })
    .post('/phone', async (c) => {
      const body = await readJson(c, BindPhoneRequest)
      const { userId } = signedIn(c)
      const result: MeResponse = await meResponse(deps.db, await bindPhone(deps.db, deps.wechat, userId, body.code, deps.now()))
      return c.json(result)
    })
}
