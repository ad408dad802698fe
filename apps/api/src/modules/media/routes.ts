import { Hono, type Context } from 'hono'
import { z } from 'zod'
import { MediaId, MediaVariantQuery, type DeleteMediaResponse, type MediaListResponse } from '@tianyuan/contracts'
import type { AppEnv } from '../../platform/context'
import { requireUser, signedIn } from '../../platform/auth/sessions'
import { AppError, errors } from '../../platform/errors'
import { readEmptyBody, readQuery } from '../../platform/validation'
import { deleteMedia, getMediaMeta, listMyMedia, loadVariant, pickImageVariant, uploadMedia, type MediaDeps } from './service'
import { findLiveMedia } from './repo'

const NoQuery = z.strictObject({})
const IMMUTABLE = 'public, max-age=31536000, immutable'

/** An id that cannot be one of ours is simply not found (no hint about the format). */
function mediaIdParam(raw: string): string {
  if (!MediaId.safeParse(raw).success) throw errors.notFound('没有找到这张图片，可能已被删除')
  return raw
}

async function readUploadedFile(c: Context<AppEnv>): Promise<Uint8Array> {
  if (!/^multipart\/form-data/i.test(c.req.header('content-type') ?? '')) {
    throw errors.unsupportedMediaType('请用“上传照片”按钮上传（multipart/form-data）')
  }
  let form: Record<string, string | File | (string | File)[]>
  try {
    form = await c.req.parseBody({ all: true })
  } catch (error) {
    if (error instanceof AppError) throw error
    throw errors.badRequest('上传的内容不完整，请重新上传')
  }
  const unknown = Object.keys(form).filter((k) => k !== 'file')
  if (unknown.length) throw errors.validation([{ field: unknown.join(', '), message: `不认识的字段 ${unknown.join(', ')}，请去掉后再提交` }])
  const file = form.file
  if (!(file instanceof File)) throw errors.validation([{ field: 'file', message: '请选择一张照片（字段 file，只能一个）' }])
  return new Uint8Array(await file.arrayBuffer())
}

export function mediaRoutes(deps: MediaDeps) {
  return new Hono<AppEnv>()
    .post('/', requireUser, async (c) => {
      const bytes = await readUploadedFile(c)
      const { userId } = signedIn(c)
      const meta = await uploadMedia(deps, userId, bytes)
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
