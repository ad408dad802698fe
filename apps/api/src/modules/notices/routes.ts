import { Hono, type Context } from 'hono'
import { z } from 'zod'
import {
  NoticeId,
  NoticeListQuery,
  NoticeOpenedRequest,
  PublishNoticeRequest,
  type NoticeListResponse,
  type NoticeOpenedResponse,
  type NoticeResponse,
  type PublishedNoticeResponse,
  type PublishedNoticesResponse,
} from '@tianyuan/contracts'
import type { AppEnv } from '../../platform/context'
import { requireUser, signedIn } from '../../platform/auth/sessions'
import { errors } from '../../platform/errors'
import { readEmptyBody, readJson, readQuery } from '../../platform/validation'
import { recordOpened, type Reader } from './opened'
import { publishNotice, publishedNotices, withdrawNotice } from './publishing'
import { getNotice, listNotices } from './reading'
import { noticeErrors, type NoticesDeps } from './shared'

// 通知到人 under /api/notices, one small router per audience: publishers, readers, and the
// "opened" count (mounted by app.ts before the idempotency store: see opened.ts).

const NoQuery = z.strictObject({})

/** An id that cannot be one of ours is simply not found. */
function idParam(c: Context<AppEnv>): string {
  const raw = c.req.param('id') ?? ''
  if (!NoticeId.safeParse(raw).success) throw noticeErrors.notFound()
  return raw
}

/** Publishers (role 'publisher'): 我发布的, publish, withdraw. Mounted before the readers' `/:id`. */
export function publisherNoticeRoutes(deps: NoticesDeps) {
  return new Hono<AppEnv>()
    .get('/published', requireUser, async (c) => {
      readQuery(c, NoQuery)
      const result: PublishedNoticesResponse = await publishedNotices(deps, signedIn(c).userId)
      return c.json(result)
    })
    .post('/', requireUser, async (c) => {
      const body = await readJson(c, PublishNoticeRequest)
      const result: PublishedNoticeResponse = { notice: await publishNotice(deps, signedIn(c).userId, body) }
      return c.json(result, 201)
    })
    .post('/:id/withdraw', requireUser, async (c) => {
      const id = idParam(c)
      await readEmptyBody(c)
      const result: PublishedNoticeResponse = { notice: await withdrawNotice(deps, signedIn(c).userId, id) }
      return c.json(result)
    })
}

/** Readers, signed in or not: an app's list and one notice (app.ts makes them revalidatable: ETag / 304). */
export function readerNoticeRoutes(deps: NoticesDeps) {
  return new Hono<AppEnv>()
    .get('/', async (c) => {
      const { app } = readQuery(c, NoticeListQuery)
      const result: NoticeListResponse = { notices: await listNotices(deps, app) }
      return c.json(result)
    })
    .get('/:id', async (c) => {
      const id = idParam(c)
      readQuery(c, NoQuery)
      const result: NoticeResponse = { notice: await getNotice(deps, id) }
      return c.json(result)
    })
}

/**
 * `POST /:id/opened`: counted once per reader — the signed-in account, else the body's `deviceId`.
 * Idempotent by itself (a second opening adds nothing), so it needs no idempotency record, which
 * would pair the user with the notice for 24 h; for the same reason the request's log line is
 * written without the user id.
 */
export function openedNoticeRoutes(deps: NoticesDeps) {
  return new Hono<AppEnv>().post('/:id/opened', async (c) => {
    const id = idParam(c)
    // The body is optional (a signed-in reader sends none); hono keeps the text it read for readJson.
    const body = (await c.req.text()).trim() === '' ? {} : await readJson(c, NoticeOpenedRequest)
    const caller = c.get('caller')
    if (caller.kind === 'invalid') throw errors.sessionExpired()
    let reader: Reader
    if (caller.kind === 'user') reader = { kind: 'user', userId: caller.userId }
    else if (body.deviceId !== undefined) reader = { kind: 'device', deviceId: body.deviceId }
    else throw noticeErrors.field('deviceId', '请先登录，或带上本机的设备编号')
    // From here on this request is anonymous, in its log line too.
    c.set('caller', { kind: 'anonymous' })
    await recordOpened(deps, id, reader)
    const result: NoticeOpenedResponse = { ok: true }
    return c.json(result)
  })
}
