import { createReadStream } from 'node:fs'
import fsSync from 'node:fs'
import fs from 'node:fs/promises'
import { Readable } from 'node:stream'
import { Hono, type Context } from 'hono'
import { Server, type Upload } from '@tus/server'
import { FileStore } from '@tus/file-store'
import { LESSON_UPLOAD_PATH } from '@tianyuan/contracts'
import type { AppEnv } from '../../platform/context'
import { AppError, errors } from '../../platform/errors'
import { requireUser, signedIn } from '../../platform/auth/sessions'
import type { LessonMediaInternals } from './service'

const SHA256 = /^[0-9a-f]{64}$/
const FILE_NAME = /^[A-Za-z0-9_.-]{1,64}$/
const UPLOAD_ID = /^[A-Za-z0-9_-]{1,64}$/

/** What the phone may say the file is (Upload-Metadata filetype); the bytes decide in the end (probe). */
const ACCEPTED_TYPES = /^(video|audio)\//

/**
 * Teachers' resumable uploads (tus 1.0.0: core, creation, termination, expiration) under
 * /api/classroom/uploads, and the media files under /api/classroom/media/<token>/<sha256>/<name>.
 * Mount before the idempotency middleware (a PATCH is idempotent by its Upload-Offset already, and
 * its body must stream to disk, not be read for a fingerprint).
 */
export function lessonMediaRoutes(media: LessonMediaInternals): Hono<AppEnv> {
  const { config } = media
  const app = new Hono<AppEnv>()
  const uploader = new WeakMap<Request, string>()
  // Made on the first upload request: FileStore creates its folder with an async mkdir whose failure
  // it throws from a callback (an uncaught exception), so not for every app a test builds and drops.
  let tusServer: Server | null = null
  const tus = () => (tusServer ??= makeTusServer())
  const makeTusServer = () => {
    fsSync.mkdirSync(media.dirs.uploads, { recursive: true })
    return new Server({
      path: LESSON_UPLOAD_PATH,
      datastore: new FileStore({ directory: media.dirs.uploads, expirationPeriodInMilliseconds: config.lessonMedia.uploadExpiryMs }),
      maxSize: config.lessonMedia.maxUploadBytes,
      relativeLocation: true,
      // A finished upload may be the original of a lesson already: only unfinished ones are deleted.
      disableTerminationForFinishedUploads: true,
      async onUploadCreate(req: Request, upload: Upload) {
        const userId = uploader.get(req)
        if (!userId) throw { status_code: 401, body: '请先登录\n' }
        const t = media.now()
        await media.db
          .insertInto('lesson_uploads')
          .values({
            id: upload.id,
            user_id: userId,
            size: upload.size ?? 0,
            filename: (upload.metadata?.filename ?? '').slice(0, 200),
            filetype: (upload.metadata?.filetype ?? '').slice(0, 100),
            created_at: t,
            expires_at: t + config.lessonMedia.uploadExpiryMs,
            finished_at: null,
            sha256: null,
          })
          .execute()
        return {}
      },
      async onUploadFinish(_req: Request, upload: Upload) {
        await media.finishUpload(upload.id)
        return {}
      },
    })
  }

  const handleTus = async (c: Context<AppEnv>) => {
    if (c.req.method === 'OPTIONS') return tus().handleWeb(c.req.raw)
    // GET would stream the upload back: not part of the protocol, and not needed.
    if (c.req.method === 'GET') throw new AppError(405, 'METHOD_NOT_ALLOWED', '上传地址不能直接打开')
    await requireUser(c, async () => undefined)
    const { userId } = signedIn(c)
    if (!(await media.canUpload(userId))) throw new AppError(403, 'NOT_A_TEACHER', '只有讲师可以上传课程视频或录音')
    const id = c.req.param('id')
    if (c.req.method === 'POST') {
      if (id !== undefined) throw errors.notFound('没有这个上传地址')
      checkCreation(c, config.lessonMedia.maxUploadBytes)
      uploader.set(c.req.raw, userId)
    } else {
      if (id === undefined || !UPLOAD_ID.test(id)) throw errors.notFound('没有这次上传，请重新开始上传')
      const row = await media.db.selectFrom('lesson_uploads').select(['user_id']).where('id', '=', id).executeTakeFirst()
      // Someone else's upload looks the same as none: its id tells nobody anything.
      if (!row || row.user_id !== userId) throw errors.notFound('没有这次上传，可能已过期，请重新开始上传')
    }
    const res = await tus().handleWeb(c.req.raw)
    if (c.req.method === 'DELETE' && res.status === 204 && id) await media.db.deleteFrom('lesson_uploads').where('id', '=', id).execute()
    return res
  }
  app.all('/uploads', handleTus)
  app.all('/uploads/:id', handleTus)

  app.on(['GET', 'HEAD'], '/media/:token/:sha256/:name', async (c) => {
    const { token, sha256, name } = c.req.param()
    const lessonId = media.signer.verify(token)
    if (!SHA256.test(sha256) || !FILE_NAME.test(name)) throw errors.notFound('没有这个文件')
    const ref = await media.db.selectFrom('lesson_media_refs').select(['mime']).where('lesson_id', '=', lessonId).where('sha256', '=', sha256).executeTakeFirst()
    if (!ref) throw errors.notFound('没有这个文件，课程内容可能已更新，请返回课程重新打开')
    const file = media.store.pathOf(sha256)
    const size = await fs.stat(file).then((s) => s.size, () => null)
    if (size === null) throw errors.notFound('没有这个文件，课程内容可能已更新，请返回课程重新打开')
    return serveImmutable(c, { file, size, etag: `"${sha256}"`, mime: ref.mime })
  })
  return app
}

/** The tus creation request's own checks, answered in the API's error shape (zh-CN) before tus runs. */
function checkCreation(c: Context<AppEnv>, maxBytes: number): void {
  const length = c.req.header('upload-length')
  if (c.req.header('upload-defer-length') !== undefined || length === undefined || !/^\d{1,15}$/.test(length)) {
    throw errors.validation([{ field: 'Upload-Length', message: '要先告诉服务器文件有多大（字节数）' }])
  }
  if (Number(length) === 0) throw errors.validation([{ field: 'Upload-Length', message: '文件是空的（0 字节），请重新选择视频或录音' }])
  if (Number(length) > maxBytes) {
    throw new AppError(413, 'PAYLOAD_TOO_LARGE', `文件太大了：最大 ${Math.floor(maxBytes / 1024 / 1024)} MB。请在手机上把视频压缩或剪短后再传`)
  }
  const metadata = c.req.header('upload-metadata') ?? ''
  const filetype = /(?:^|,)\s*filetype\s+([A-Za-z0-9+/=]+)/.exec(metadata)?.[1]
  if (filetype !== undefined) {
    const type = Buffer.from(filetype, 'base64').toString('utf8')
    if (!ACCEPTED_TYPES.test(type)) throw errors.unsupportedMediaType('只能上传视频或录音文件（mp4、mov、m4a、mp3 等）')
  }
}

/**
 * An immutable, content-addressed file: strong ETag (its sha256), a year's caching, 304 on
 * If-None-Match, and single byte ranges (206; 416 with `Content-Range: bytes * /size` when out of
 * range). Several ranges at once are answered with the whole file (allowed by RFC 9110).
 */
export function serveImmutable(c: Context<AppEnv>, f: { file: string; size: number; etag: string; mime: string }): Response {
  const headers = new Headers({
    'Content-Type': f.mime,
    ETag: f.etag,
    'Cache-Control': 'public, max-age=31536000, immutable',
    'Accept-Ranges': 'bytes',
  })
  const inm = c.req.header('if-none-match')
  if (inm && inm.split(',').some((t) => t.trim() === '*' || t.trim().replace(/^W\//, '') === f.etag)) return new Response(null, { status: 304, headers })
  let start = 0
  let end = f.size - 1
  let status = 200
  const range = c.req.header('range')
  const ifRange = c.req.header('if-range')
  if (range && (ifRange === undefined || ifRange === f.etag)) {
    const m = /^bytes=(\d*)-(\d*)$/.exec(range.trim())
    if (m && (m[1] !== '' || m[2] !== '')) {
      if (m[1] === '') {
        // The last N bytes.
        const n = Number(m[2])
        start = Math.max(0, f.size - n)
        if (n === 0) return unsatisfiable(headers, f.size)
      } else {
        start = Number(m[1])
        if (m[2] !== '') end = Math.min(end, Number(m[2]))
        if (m[2] !== '' && Number(m[2]) < start) return unsatisfiable(headers, f.size)
      }
      if (start >= f.size) return unsatisfiable(headers, f.size)
      status = 206
      headers.set('Content-Range', `bytes ${start}-${end}/${f.size}`)
    } else if (!/^bytes=[\d\s,-]+$/.test(range.trim())) {
      // Not a bytes range we understand: the whole file.
    }
  }
  headers.set('Content-Length', String(end - start + 1))
  if (c.req.method === 'HEAD' || f.size === 0) return new Response(null, { status, headers })
  const body = Readable.toWeb(createReadStream(f.file, { start, end })) as ReadableStream<Uint8Array>
  return new Response(body, { status, headers })
}

function unsatisfiable(headers: Headers, size: number): Response {
  headers.set('Content-Range', `bytes */${size}`)
  headers.set('Content-Length', '0')
  return new Response(null, { status: 416, headers })
}
