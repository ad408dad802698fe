import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { sql } from 'kysely'
import { LESSON_MEDIA_PATH, toShanghaiIso, type LessonEdition, type LessonFile, type LessonMedia } from '@tianyuan/contracts'
import type { Config } from '../../config'
import { AppError, errors } from '../../platform/errors'
import { newId } from '../../platform/ids'
import { affected } from '../../platform/db/rows'
import { secretFromFile } from '../../platform/secrets'
import { MediaError, probe } from './ffmpeg'
import { lessonMediaDb, type LessonMediaDb, type LessonMediaJobsTable, type LessonMediaTable } from './schema'
import { ContentStore } from './store'
import {
  editionsOf,
  stepAudio,
  stepPoster,
  stepSlides,
  stepVideo,
  stepWeights,
  wantsVideo,
  type JobOutputs,
  type PublishedEdition,
  type StepContext,
  type StepName,
  type StoredFile,
} from './transcode'
import type { AttachUploadInput, DescribeOptions, LessonMediaDeps, LessonMediaService } from './types'
import type { Selectable } from 'kysely'

/** Where the module keeps its files under MEDIA_DIR. */
export function lessonMediaDirs(mediaDir: string) {
  const root = path.join(mediaDir, 'lesson-media')
  return { root, files: path.join(root, 'files'), uploads: path.join(root, 'uploads'), work: path.join(root, 'work') }
}

/** The URL-signing secret: LESSON_MEDIA_URL_SECRET, else one generated at first start (0600, never committed). */
export function loadUrlSecret(config: Config): Buffer {
  if (config.lessonMedia.urlSecret) return Buffer.from(config.lessonMedia.urlSecret)
  return secretFromFile(path.join(config.dataDir, 'lesson-media', 'url-secret'))
}

/**
 * Signed, expiring media links. A token is `<lessonId>.<expires, epoch s>.<HMAC-SHA256>`; it opens
 * the files of that lesson only (the server checks each file belongs to it). The expiry is rounded
 * up to the hour, so the same viewer gets the same URLs for an hour and the phone's caches hit.
 */
export function createSigner(secret: () => Buffer, ttlMs: number, now: () => number) {
  const mac = (lessonId: string, exp: number) => createHmac('sha256', secret()).update(`lesson-media\n${lessonId}\n${exp}`).digest('base64url')
  return {
    expiry(): number {
      return Math.ceil((now() + ttlMs) / 3600_000) * 3600
    },
    token(lessonId: string, exp: number): string {
      return `${lessonId}.${exp}.${mac(lessonId, exp)}`
    },
    /** The lesson the token opens; 403 MEDIA_LINK_INVALID when altered or expired. */
    verify(token: string): string {
      const invalid = (why: string) => new AppError(403, 'MEDIA_LINK_INVALID', why)
      const [lessonId, expText, sig, ...rest] = token.split('.')
      if (!lessonId || !expText || !sig || rest.length || !/^\d{1,12}$/.test(expText)) throw invalid('这个播放链接不对，请返回课程重新打开')
      const expected = Buffer.from(mac(lessonId, Number(expText)))
      const given = Buffer.from(sig)
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw invalid('这个播放链接不对，请返回课程重新打开')
      if (Number(expText) * 1000 <= now()) throw invalid('播放链接已过期，请返回课程重新打开')
      return lessonId
    },
  }
}

const NONE: LessonMedia = { state: 'none', progress: 0, editions: [] }

/** The default teacher check: a row in the classroom module's teachers table. */
function defaultCanUpload(db: LessonMediaDb) {
  return async (userId: string): Promise<boolean> => {
    const row = await sql<{ one: number }>`select 1 as one from classroom_teachers where user_id = ${userId}`.execute(db)
    return row.rows.length > 0
  }
}

export interface LessonMediaInternals extends LessonMediaService {
  db: LessonMediaDb
  store: ContentStore
  dirs: ReturnType<typeof lessonMediaDirs>
  signer: ReturnType<typeof createSigner>
  canUpload(userId: string): Promise<boolean>
  now: () => number
  config: Config
  /** Called by the tus server once every byte of an upload is in: hash, store, mark finished. Idempotent. */
  finishUpload(uploadId: string): Promise<string | null>
  /** Claims and runs queued (or abandoned) jobs until none is left. Resolves with how many it ran. */
  work(): Promise<number>
  /** Removes expired uploads (unfinished: bytes and row; finished but never used: the upload's link). */
  cleanUploads(): Promise<number>
  /** Removes an upload's own files (its bytes stay in the content store while something uses them). */
  removeUploadFiles: (uploadId: string) => Promise<void>
  /** Removes stored files nothing uses any more (older than a day, and only while no job is queued or running). */
  collectGarbage(): Promise<number>
}

export function createLessonMedia(deps: LessonMediaDeps): LessonMediaInternals {
  const { config, logger } = deps
  const db = lessonMediaDb(deps.db)
  const now = deps.now ?? Date.now
  const dirs = lessonMediaDirs(config.mediaDir)
  const store = new ContentStore(dirs.files, db, now)
  // Read (or generated) on first use: an app built only for a test never writes one into DATA_DIR.
  let secret: Buffer | null = null
  const signer = createSigner(() => (secret ??= loadUrlSecret(config)), config.lessonMedia.urlTtlMs, now)
  const instanceId = deps.instanceId ?? `${os.hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`
  const canUpload = deps.canUpload ?? defaultCanUpload(db)
  const leaseMs = config.lessonMedia.jobLeaseMs
  let stopping = false
  const running = new Set<AbortController>()

  const fileOf = (lessonId: string, exp: number | null, f: StoredFile): LessonFile => ({
    name: f.name,
    sha256: f.sha256,
    bytes: f.bytes,
    mime: f.mime,
    role: f.role,
    ...(exp === null ? {} : { url: urlOf(lessonId, exp, f) }),
  })
  const urlOf = (lessonId: string, exp: number, f: { sha256: string; name: string }) => `${LESSON_MEDIA_PATH}/${signer.token(lessonId, exp)}/${f.sha256}/${f.name}`

  function present(row: Selectable<LessonMediaTable> | undefined, options: DescribeOptions): LessonMedia {
    if (!row) return NONE
    const exp = options.signed ? signer.expiry() : null
    const durationS = row.duration_ms === null ? undefined : row.duration_ms / 1000
    const published: PublishedEdition[] = row.editions ? (JSON.parse(row.editions) as PublishedEdition[]) : []
    const editions: LessonEdition[] = published.map((e) => {
      const bytes = e.files.reduce((sum, f) => sum + f.bytes, 0)
      return {
        kind: e.kind,
        bytes,
        kbps: durationS ? Math.round((bytes * 8) / 1000 / durationS) : 0,
        files: e.files.map((f) => fileOf(row.lesson_id, exp, f)),
        ...(e.hls && exp !== null ? { hlsUrl: urlOf(row.lesson_id, exp, e.hls[0]!) } : {}),
        ...(e.width ? { width: e.width, height: e.height } : {}),
        ...(e.cues ? { cues: e.cues } : {}),
      }
    })
    const poster = published.length && row.poster_sha256 && exp !== null ? urlOf(row.lesson_id, exp, { sha256: row.poster_sha256, name: 'poster.jpg' }) : undefined
    return {
      state: row.state,
      progress: row.state === 'ready' ? 1 : row.progress / 1000,
      ...(row.error ? { error: row.error } : {}),
      ...(durationS !== undefined ? { durationS } : {}),
      ...(poster ? { poster } : {}),
      ...(row.thumbhash && published.length ? { thumbhash: row.thumbhash } : {}),
      ...(row.has_video !== null ? { hasVideo: row.has_video === 1 } : {}),
      ...(exp !== null && published.length ? { urlsExpireAt: toShanghaiIso(exp * 1000) } : {}),
      editions,
    }
  }

  /** Queues a transcode of a stored original for the lesson (replacing any queued or running one). */
  async function enqueue(lessonId: string, sha256: string): Promise<LessonMedia> {
    const t = now()
    const current = await db.selectFrom('lesson_media').selectAll().where('lesson_id', '=', lessonId).executeTakeFirst()
    // The same original again (a retried request): nothing new to do.
    if (current && current.original_sha256 === sha256 && current.state !== 'failed') return present(current, { signed: false })
    const jobId = newId()
    await db.transaction().execute(async (trx) => {
      await trx
        .updateTable('lesson_media_jobs')
        .set({ state: 'cancelled', updated_at: t })
        .where('lesson_id', '=', lessonId)
        .where('state', 'in', ['queued', 'running'])
        .execute()
      await trx
        .insertInto('lesson_media_jobs')
        .values({ id: jobId, lesson_id: lessonId, original_sha256: sha256, state: 'queued', attempts: 0, progress: 0, error: null, outputs: '{}', claimed_by: null, lease_until: null, created_at: t, updated_at: t })
        .execute()
      // What was published stays playable until the new editions replace it in one step.
      await trx
        .insertInto('lesson_media')
        .values({ lesson_id: lessonId, state: 'processing', progress: 0, error: null, original_sha256: sha256, job_id: jobId, duration_ms: null, has_video: null, poster_sha256: null, thumbhash: null, editions: null, created_at: t, updated_at: t })
        .onConflict((oc) => oc.column('lesson_id').doUpdateSet({ state: 'processing', progress: 0, error: null, original_sha256: sha256, job_id: jobId, updated_at: t }))
        .execute()
    })
    logger.info({ lessonId, jobId, sha256 }, 'lesson media: transcode queued')
    const row = await db.selectFrom('lesson_media').selectAll().where('lesson_id', '=', lessonId).executeTakeFirstOrThrow()
    return present(row, { signed: false })
  }

  async function finishUpload(uploadId: string): Promise<string | null> {
    const row = await db.selectFrom('lesson_uploads').selectAll().where('id', '=', uploadId).executeTakeFirst()
    if (!row) return null
    if (row.sha256) return row.sha256
    const file = path.join(dirs.uploads, uploadId)
    const size = await fs.promises.stat(file).then((s) => s.size, () => -1)
    if (size !== row.size) return null
    const { sha256 } = await store.put(file, { keepSource: true })
    const t = now()
    await db.updateTable('lesson_uploads').set({ sha256, finished_at: t, expires_at: t + config.lessonMedia.uploadExpiryMs }).where('id', '=', uploadId).execute()
    logger.info({ uploadId, sha256, bytes: size }, 'lesson media: upload finished')
    return sha256
  }

  // ——— the transcode worker ———

  async function claim(): Promise<Selectable<LessonMediaJobsTable> | null> {
    const t = now()
    const candidates = await db
      .selectFrom('lesson_media_jobs')
      .select(['id'])
      .where((eb) => eb.or([eb('state', '=', 'queued'), eb.and([eb('state', '=', 'running'), eb('lease_until', '<', t)])]))
      .orderBy('created_at')
      .limit(5)
      .execute()
    for (const { id } of candidates) {
      // One conditional update decides: two instances never run the same job.
      const won = await db
        .updateTable('lesson_media_jobs')
        .set((eb) => ({ state: 'running', claimed_by: instanceId, lease_until: t + leaseMs, attempts: eb('attempts', '+', 1), updated_at: t }))
        .where('id', '=', id)
        .where((eb) => eb.or([eb('state', '=', 'queued'), eb.and([eb('state', '=', 'running'), eb('lease_until', '<', t)])]))
        .executeTakeFirst()
      if (affected(won) === 1) return (await db.selectFrom('lesson_media_jobs').selectAll().where('id', '=', id).executeTakeFirst()) ?? null
    }
    return null
  }

  /** Ours still? (the lease renewed; false once another instance took over, or the job was cancelled) */
  async function renew(jobId: string, progress: number): Promise<boolean> {
    const t = now()
    const res = await db
      .updateTable('lesson_media_jobs')
      .set({ lease_until: t + leaseMs, progress, updated_at: t })
      .where('id', '=', jobId)
      .where('state', '=', 'running')
      .where('claimed_by', '=', instanceId)
      .executeTakeFirst()
    if (affected(res) !== 1) return false
    await db.updateTable('lesson_media').set({ progress, updated_at: t }).where('job_id', '=', jobId).where('state', '=', 'processing').execute()
    return true
  }

  async function runJob(job: Selectable<LessonMediaJobsTable>): Promise<void> {
    const abort = new AbortController()
    running.add(abort)
    const outputs = JSON.parse(job.outputs) as JobOutputs
    const work = path.join(dirs.work, job.id)
    const log = logger.child({ jobId: job.id, lessonId: job.lesson_id, attempt: job.attempts })
    let progress = job.progress
    let lastSaved = 0
    let lost = false
    const heartbeat = setInterval(
      () => {
        void renew(job.id, progress).then((ours) => {
          if (!ours) {
            lost = true
            abort.abort()
          }
        }, () => undefined)
      },
      Math.max(500, Math.floor(leaseMs / 3)),
    )
    heartbeat.unref()
    const save = async () => {
      await db.updateTable('lesson_media_jobs').set({ outputs: JSON.stringify(outputs), progress, updated_at: now() }).where('id', '=', job.id).where('claimed_by', '=', instanceId).where('state', '=', 'running').execute()
    }
    try {
      await fs.promises.mkdir(work, { recursive: true })
      const input = store.pathOf(job.original_sha256)
      if (!(await store.has(job.original_sha256))) throw new MediaError('原文件不见了，请重新上传')
      if (!outputs.probe) {
        outputs.probe = await probe(input)
        log.info({ probe: outputs.probe }, 'lesson media: original probed')
        await save()
      }
      const original = outputs.probe
      const weights = stepWeights(original.hasVideo)
      const order: StepName[] = ['probe', 'audio', 'slides', 'poster', 'video240', 'video360']
      const doneBefore = (step: StepName) => order.slice(0, order.indexOf(step)).reduce((sum, s) => sum + weights[s], 0)
      const ctxFor = (step: StepName): StepContext => ({
        input,
        work,
        store,
        signal: abort.signal,
        progress: (fraction) => {
          progress = Math.min(999, Math.round((doneBefore(step) + weights[step] * Math.max(0, Math.min(1, fraction))) * 1000))
          if (now() - lastSaved > 1000) {
            lastSaved = now()
            void renew(job.id, progress).catch(() => undefined)
          }
        },
      })
      const step = async <K extends keyof JobOutputs>(name: K & StepName, make: () => Promise<JobOutputs[K]>) => {
        if (outputs[name] !== undefined) return // done before a restart: resumed after it
        const t0 = performance.now()
        outputs[name] = await make()
        progress = Math.round((doneBefore(name) + weights[name]) * 1000)
        await save()
        log.info({ step: name, ms: Math.round(performance.now() - t0) }, 'lesson media: step done')
      }
      await step('audio', () => stepAudio(ctxFor('audio'), original))
      if (original.hasVideo) {
        await step('slides', () => stepSlides(ctxFor('slides'), original))
        await step('poster', () => stepPoster(ctxFor('poster'), original))
        await step('video240', () => stepVideo(ctxFor('video240'), original, 'video240'))
        await step('video360', async () => (wantsVideo(original, 'video360') ? stepVideo(ctxFor('video360'), original, 'video360') : null))
      }
      await publish(job, outputs)
      log.info('lesson media: published')
    } catch (error) {
      if (lost || stopping) {
        log.info({ lost, stopping }, 'lesson media: job left to be resumed')
        if (stopping && !lost) {
          // Shutting down: hand it back at once (the attempt does not count) instead of waiting for the lease.
          await db
            .updateTable('lesson_media_jobs')
            .set((eb) => ({ state: 'queued', claimed_by: null, lease_until: null, attempts: eb('attempts', '-', 1), updated_at: now() }))
            .where('id', '=', job.id)
            .where('claimed_by', '=', instanceId)
            .where('state', '=', 'running')
            .execute()
        }
        return
      }
      await fail(job, error, log)
    } finally {
      clearInterval(heartbeat)
      running.delete(abort)
      await fs.promises.rm(work, { recursive: true, force: true })
    }
  }

  async function fail(job: Selectable<LessonMediaJobsTable>, error: unknown, log: typeof logger): Promise<void> {
    const media = error instanceof MediaError ? error : null
    const retry = (!media || media.retryable) && job.attempts < config.lessonMedia.jobAttempts
    const message = media ? media.message : '转码时服务器出了问题，请稍后重新上传'
    log.warn({ err: error, retry }, 'lesson media: transcode failed')
    const t = now()
    if (retry) {
      await db.updateTable('lesson_media_jobs').set({ state: 'queued', claimed_by: null, lease_until: null, error: message, updated_at: t }).where('id', '=', job.id).where('claimed_by', '=', instanceId).execute()
      return
    }
    await db.transaction().execute(async (trx) => {
      const res = await trx.updateTable('lesson_media_jobs').set({ state: 'failed', error: message, updated_at: t }).where('id', '=', job.id).where('claimed_by', '=', instanceId).where('state', '=', 'running').executeTakeFirst()
      if (affected(res) !== 1) return
      // The lesson says why; what it had published before (if anything) stays as it was.
      await trx.updateTable('lesson_media').set({ state: 'failed', error: message, updated_at: t }).where('lesson_id', '=', job.lesson_id).where('job_id', '=', job.id).execute()
    })
  }

  /** Every edition at once, in one transaction: a lesson never shows half a set. */
  async function publish(job: Selectable<LessonMediaJobsTable>, outputs: JobOutputs): Promise<void> {
    const editions = editionsOf(outputs)
    const files = new Map<string, string>()
    for (const e of editions) for (const f of [...e.files, ...(e.hls ?? [])]) files.set(f.sha256, f.mime)
    if (outputs.poster) files.set(outputs.poster.file.sha256, outputs.poster.file.mime)
    const t = now()
    await db.transaction().execute(async (trx) => {
      const res = await trx.updateTable('lesson_media_jobs').set({ state: 'done', progress: 1000, error: null, updated_at: t }).where('id', '=', job.id).where('claimed_by', '=', instanceId).where('state', '=', 'running').executeTakeFirst()
      if (affected(res) !== 1) throw new MediaError('任务已被取消或接手', true)
      const updated = await trx
        .updateTable('lesson_media')
        .set({
          state: 'ready',
          progress: 1000,
          error: null,
          duration_ms: Math.round((outputs.probe?.durationS ?? 0) * 1000),
          has_video: outputs.probe?.hasVideo ? 1 : 0,
          poster_sha256: outputs.poster?.file.sha256 ?? null,
          thumbhash: outputs.poster?.thumbhash ?? null,
          editions: JSON.stringify(editions),
          updated_at: t,
        })
        .where('lesson_id', '=', job.lesson_id)
        .where('job_id', '=', job.id)
        .executeTakeFirst()
      if (affected(updated) !== 1) return // replaced meanwhile: the newer job publishes
      await trx.deleteFrom('lesson_media_refs').where('lesson_id', '=', job.lesson_id).execute()
      await trx
        .insertInto('lesson_media_refs')
        .values([...files].map(([sha256, mime]) => ({ lesson_id: job.lesson_id, sha256, mime })))
        .execute()
    })
  }

  async function work(): Promise<number> {
    let ran = 0
    while (!stopping) {
      const job = await claim()
      if (!job) break
      await runJob(job)
      ran++
    }
    return ran
  }

  async function cleanUploads(): Promise<number> {
    const t = now()
    const expired = await db.selectFrom('lesson_uploads').select(['id']).where('expires_at', '<', t).limit(500).execute()
    for (const { id } of expired) {
      await service.removeUploadFiles(id)
      await db.deleteFrom('lesson_uploads').where('id', '=', id).where('expires_at', '<', t).execute()
    }
    return expired.length
  }

  /** A file unused for this long may go: a replaced lesson's old editions, an original never attached. */
  const GARBAGE_AFTER_MS = 24 * 3600_000

  async function collectGarbage(): Promise<number> {
    // A job (queued, or resumed after a long stop) may rely on files it stored earlier: wait until none runs.
    const busy = await db.selectFrom('lesson_media_jobs').select('id').where('state', 'in', ['queued', 'running']).limit(1).executeTakeFirst()
    if (busy) return 0
    const before = now() - GARBAGE_AFTER_MS
    const unused = await db
      .selectFrom('lesson_media_files')
      .select('sha256')
      .where('stored_at', '<', before)
      .where((eb) =>
        eb.and([
          eb.not(eb.exists(eb.selectFrom('lesson_media_refs').select('lesson_media_refs.sha256').whereRef('lesson_media_refs.sha256', '=', 'lesson_media_files.sha256'))),
          eb.not(eb.exists(eb.selectFrom('lesson_media').select('lesson_media.lesson_id').whereRef('lesson_media.original_sha256', '=', 'lesson_media_files.sha256'))),
          eb.not(eb.exists(eb.selectFrom('lesson_uploads').select('lesson_uploads.id').whereRef('lesson_uploads.sha256', '=', 'lesson_media_files.sha256'))),
        ]),
      )
      .limit(500)
      .execute()
    let removed = 0
    for (const { sha256 } of unused) {
      // Only if nothing stored these bytes again meanwhile (that moves stored_at).
      const gone = await db.deleteFrom('lesson_media_files').where('sha256', '=', sha256).where('stored_at', '<', before).executeTakeFirst()
      if (affected(gone) !== 1) continue
      await fs.promises.rm(store.pathOf(sha256), { force: true })
      removed++
    }
    if (removed) logger.info({ removed }, 'lesson media: unused files removed')
    return removed
  }

  const service: LessonMediaInternals = {
    db,
    store,
    dirs,
    signer,
    canUpload,
    now,
    config,
    finishUpload,
    work,
    cleanUploads,
    collectGarbage,
    removeUploadFiles: async (uploadId) => {
      await fs.promises.rm(path.join(dirs.uploads, uploadId), { force: true })
      await fs.promises.rm(path.join(dirs.uploads, `${uploadId}.json`), { force: true })
    },

    async attachUpload(input: AttachUploadInput) {
      const upload = await db.selectFrom('lesson_uploads').selectAll().where('id', '=', input.uploadId).where('user_id', '=', input.userId).executeTakeFirst()
      if (!upload) throw errors.notFound('没有找到这次上传，可能已过期，请重新上传')
      const sha256 = upload.sha256 ?? (await finishUpload(upload.id))
      if (!sha256) throw new AppError(409, 'UPLOAD_NOT_FINISHED', '文件还没传完，请等上传完成后再提交')
      if (!(await store.has(sha256))) throw errors.notFound('上传的文件已过期，请重新上传')
      return enqueue(input.lessonId, sha256)
    },

    async attachOriginal({ lessonId, file }) {
      const { sha256 } = await store.put(file)
      return enqueue(lessonId, sha256)
    },

    async describe(lessonId, options) {
      const row = await db.selectFrom('lesson_media').selectAll().where('lesson_id', '=', lessonId).executeTakeFirst()
      return present(row, options)
    },

    async describeMany(lessonIds, options) {
      const result = new Map<string, LessonMedia>()
      if (lessonIds.length === 0) return result
      const rows = await db.selectFrom('lesson_media').selectAll().where('lesson_id', 'in', [...lessonIds]).execute()
      for (const id of lessonIds) result.set(id, present(rows.find((r) => r.lesson_id === id), options))
      return result
    },

    async remove(lessonId) {
      const t = now()
      await db.transaction().execute(async (trx) => {
        await trx.updateTable('lesson_media_jobs').set({ state: 'cancelled', updated_at: t }).where('lesson_id', '=', lessonId).where('state', 'in', ['queued', 'running']).execute()
        await trx.deleteFrom('lesson_media_refs').where('lesson_id', '=', lessonId).execute()
        await trx.deleteFrom('lesson_media').where('lesson_id', '=', lessonId).execute()
      })
    },

    jobs: [
      // Every instance transcodes (each claims its own jobs): more instances, more transcodes at once.
      { name: 'lesson-media.transcode', everyMs: 2000, everyInstance: true, run: () => work() },
      { name: 'lesson-media.clean-uploads', everyMs: 10 * 60_000, run: () => cleanUploads() },
      { name: 'lesson-media.collect-garbage', everyMs: 3600_000, run: () => collectGarbage() },
    ],

    async stop() {
      stopping = true
      for (const abort of running) abort.abort()
    },
  }
  return service
}
