import { Hono, type Context, type MiddlewareHandler } from 'hono'
import { z } from 'zod'
import { MediaId, MediaVariantQuery, type DeleteMediaResponse, type MediaListResponse } from '@tianyuan/contracts'
import type { AppEnv } from '../../platform/context'
import { requireUser, signedIn } from '../../platform/auth/sessions'
import { AppError, errors } from '../../platform/errors'
import { readEmptyBody, readQuery } from '../../platform/validation'
import { spoolMultipartFile } from '../../platform/media/spool'
import { deleteMedia, getMediaMeta, listMyMedia, loadVariant, pickImageVariant, tooLargeMessage, uploadMedia, type MediaDeps } from './service'
import { uploadLimitError, type UploadLimits } from './quota'
import { findLiveMedia } from './repo'

const NoQuery = z.strictObject({})
const IMMUTABLE = 'public, max-age=31536000, immutable'

/** An id that cannot be one of ours is simply not found (no hint about the format). */
function mediaIdParam(raw: string): string {
  if (!MediaId.safeParse(raw).success) throw errors.notFound('没有找到这张图片，可能已被删除')
  return raw
}

export interface UploadSpoolDeps {
  db: MediaDeps['db']
  /** Temp files of uploads in progress (removed when the request ends). */
  dir: string
  maxBytes: number
  limits: UploadLimits
  now: () => number
}

const isMultipart = (c: Context<AppEnv>) => /^multipart\/form-data/i.test(c.req.header('content-type') ?? '')

/**
 * `POST /api/media` from a signed-in user: the upload limits are checked before a byte is read,
 * then the body is streamed to a temp file (size limit enforced as it arrives, sha256 computed on
 * the way) and handed to the route as `c.get('upload')`; the temp file is removed afterwards,
 * whatever happened. Mounted before the idempotency middleware, which fingerprints the upload by
 * `bodyDigest` instead of reading the body a second time.
 */
export function spoolUploads(deps: UploadSpoolDeps): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const caller = c.get('caller')
    if (c.req.method !== 'POST' || caller.kind !== 'user' || !isMultipart(c)) return next()
    // Cheap refusals first: over the limits, or a declared size that is plainly too large.
    const refused = await uploadLimitError(deps.db, caller.userId, deps.limits, deps.now(), 1)
    // The body is not read: the connection cannot carry another request after this answer.
    if (refused) throw new AppError(refused.status, refused.code, refused.message, refused.details, { ...refused.headers, Connection: 'close' })
    const declared = Number(c.req.header('content-length') ?? NaN)
    const tooLarge = tooLargeMessage(deps.maxBytes)
    if (declared > deps.maxBytes + MULTIPART_OVERHEAD) throw new AppError(413, 'PAYLOAD_TOO_LARGE', tooLarge, undefined, { Connection: 'close' })
    const upload = await spoolMultipartFile(c.req.raw.body, c.req.header('content-type') ?? '', {
      dir: deps.dir,
      field: 'file',
      maxBytes: deps.maxBytes,
      tooLargeMessage: tooLarge,
    })
    c.set('upload', upload)
    c.set('bodyDigest', `multipart file=${upload.sha256}`)
    try {
      await next()
    } finally {
      await upload.dispose()
    }
  }
}

/** Room for the multipart boundaries and part headers around the file. */
const MULTIPART_OVERHEAD = 64 * 1024

export function mediaRoutes(deps: MediaDeps) {
  return new Hono<AppEnv>()
    .post('/', requireUser, async (c) => {
      if (!isMultipart(c)) throw errors.unsupportedMediaType('请用“上传照片”按钮上传（multipart/form-data）')
      const upload = c.get('upload')
      if (!upload) throw errors.internal() // spoolUploads is mounted in front of this route (app.ts)
      const { userId } = signedIn(c)
      const meta = await uploadMedia(deps, userId, upload)
      c.get('log').info({ userId, mediaId: meta.id, bytes: meta.bytes }, 'media uploaded')
      return c.json(meta, 201)
    })
    .get('/', requireUser, async (c) => {
      readQuery(c, NoQuery)
      const { userId } = signedIn(c)
      const result: MediaListResponse = { items: await listMyMedia(deps.db, userId) }
      return c.json(result)
    })
    .get('/:id/meta', async (c) => {
      const id = mediaIdParam(c.req.param('id'))
      return c.json(await getMediaMeta(deps.db, id))
    })
    .get('/:id', async (c) => {
      const id = mediaIdParam(c.req.param('id'))
      const query = readQuery(c, MediaVariantQuery)
      const variant = pickImageVariant(id, query)
      if (!(await findLiveMedia(deps.db, id))) throw errors.notFound('没有找到这张图片，可能已被删除')
      const headers = { ETag: variant.etag, 'Cache-Control': IMMUTABLE }
      const ifNoneMatch = c.req.header('if-none-match')
      if (ifNoneMatch && ifNoneMatch.split(',').some((t) => t.trim() === variant.etag || t.trim() === '*')) {
        return c.body(null, 304, headers)
      }
      const bytes = await loadVariant(deps, id, variant)
      return c.body(new Uint8Array(bytes), 200, { ...headers, 'Content-Type': `image/${variant.format}` })
    })
    .delete('/:id', requireUser, async (c) => {
      const id = mediaIdParam(c.req.param('id'))
      await readEmptyBody(c)
      const { userId } = signedIn(c)
      await deleteMedia(deps, id, userId)
      const result: DeleteMediaResponse = { ok: true }
      return c.json(result)
    })
}
