import type { Insertable, Kysely } from 'kysely'
import type { MediaFormat, MediaMeta } from '@tianyuan/contracts'
import type { Database } from '../../platform/db'
import type { MediaTable } from '../../platform/db/schema'
import type { MediaStorage } from '../../platform/media/storage'
import type { SpooledFile } from '../../platform/media/spool'
import { AppError, errors } from '../../platform/errors'
import { newId } from '../../platform/ids'
import { normalizeUpload, renderVariant, sniffImageType, snapQuality, snapWidth } from '../../platform/media/images'
import { findLiveMedia, insertMedia, listOwnMedia, markMediaDeleted, toMediaMeta, type MediaRow } from './repo'
import { uploadLimitError, type UploadLimits } from './quota'

export interface MediaDeps {
  db: Kysely<Database>
  storage: MediaStorage
  maxBytes: number
  maxPixels: number
  now: () => number
  /** Per-user upload limits; none for the seed (it is not a user uploading). */
  limits?: UploadLimits
}

const originalKey = (id: string) => `originals/${id}`
const variantPrefix = (id: string) => `variants/${id}`

/** An upload: bytes in memory (the seed), or a file the request was streamed into (see spool.ts). */
export type UploadSource = Uint8Array | Pick<SpooledFile, 'path' | 'bytes' | 'head'>

/** Upload: type from magic bytes, orientation applied, metadata stripped, original stored, thumbhash computed. */
export async function uploadMedia(deps: MediaDeps, ownerId: string, source: UploadSource): Promise<MediaMeta> {
  const size = source instanceof Uint8Array ? source.length : source.bytes
  if (size === 0) throw errors.validation([{ field: 'file', message: '文件是空的，请重新选择照片' }])
  if (size > deps.maxBytes) throw errors.tooLarge(tooLargeMessage(deps.maxBytes))
  const mime = sniffImageType(source instanceof Uint8Array ? source : source.head)
  if (!mime) throw new AppError(415, 'MEDIA_TYPE_NOT_ALLOWED', '只能上传 JPG、PNG 或 WebP 格式的照片')
  let image
  try {
    // From a file, libvips reads it as it decodes: the upload is never in memory whole.
    image = await normalizeUpload(source instanceof Uint8Array ? source : source.path, mime, deps.maxPixels)
  } catch {
    throw new AppError(400, 'MEDIA_UNREADABLE', '这张照片打不开，可能已损坏或太大，请换一张')
  }
  const id = newId()
  await deps.storage.put(originalKey(id), image.bytes)
  const row = {
    id,
    owner_id: ownerId,
    mime,
    width: image.width,
    height: image.height,
    bytes: image.bytes.length,
    thumbhash: image.thumbhash,
    storage_key: originalKey(id),
    created_at: deps.now(),
    deleted_at: null,
  }
  try {
    return toMediaMeta(deps.limits ? await insertMediaWithinLimits(deps.db, row, deps.limits) : await insertMedia(deps.db, row))
  } catch (error) {
    await deps.storage.delete(originalKey(id))
    throw error
  }
}

export const tooLargeMessage = (maxBytes: number) => `照片太大了，请选择小于 ${Math.floor(maxBytes / 1024 / 1024)} MB 的照片`

/**
 * The limits checked again where the row is written, one upload of a user at a time (the first
 * statement locks the user's row on PostgreSQL; SQLite runs one write transaction at a time), so
 * concurrent uploads cannot all slip under the limit together.
 */
async function insertMediaWithinLimits(db: Kysely<Database>, row: Insertable<MediaTable>, limits: UploadLimits): Promise<MediaRow> {
  return db.transaction().execute(async (trx) => {
    await trx.updateTable('users').set((eb) => ({ updated_at: eb.ref('updated_at') })).where('id', '=', row.owner_id).execute()
    const refused = await uploadLimitError(trx, row.owner_id, limits, row.created_at, row.bytes)
    if (refused) throw refused
    return insertMedia(trx, row)
  })
}

export async function getMediaMeta(db: Kysely<Database>, id: string): Promise<MediaMeta> {
  const row = await findLiveMedia(db, id)
  if (!row) throw errors.notFound('没有找到这张图片，可能已被删除')
  return toMediaMeta(row)
}

export async function listMyMedia(db: Kysely<Database>, ownerId: string): Promise<MediaMeta[]> {
  return (await listOwnMedia(db, ownerId, 100)).map(toMediaMeta)
}

/**
 * Final and complete: once marked deleted no variant is served or kept. Renders of this photo
 * already under way here are waited for, so no file is left when this returns; a render elsewhere
 * (another instance) removes what it wrote when it sees the photo deleted (see loadVariant).
 * A retry by the owner is not an error: it answers the same and finishes removing the files.
 */
export async function deleteMedia(deps: MediaDeps, id: string, ownerId: string): Promise<void> {
  const outcome = await markMediaDeleted(deps.db, id, ownerId, deps.now())
  if (outcome === 'not-found') throw errors.notFound('没有找到这张图片，可能已被删除')
  await Promise.allSettled(rendersOf.get(id) ?? [])
  await removeFiles(deps, id)
}

async function removeFiles(deps: MediaDeps, id: string): Promise<void> {
  await deps.storage.delete(originalKey(id))
  await deps.storage.deletePrefix(variantPrefix(id))
}

export interface VariantRequest {
  width: number
  quality: number
  format: MediaFormat
  etag: string
}

/** Snaps what was asked to the fixed set, so the cache stays bounded. */
export function pickImageVariant(id: string, query: { w?: number; q?: number; fmt?: MediaFormat }): VariantRequest {
  const width = snapWidth(query.w)
  const quality = snapQuality(query.q)
  const format = query.fmt ?? 'jpeg'
  return { width, quality, format, etag: `"${id}-${width}-${quality}-${format}"` }
}

// One render per variant at a time, even when many phones ask for it at once.
const rendering = new Map<string, Promise<Buffer>>()
// The renders under way per photo, so that a delete can wait for them.
const rendersOf = new Map<string, Set<Promise<Buffer>>>()

const deletedError = () => errors.notFound('没有找到这张图片，可能已被删除')

/** The variant's bytes: from the disk cache, or rendered from the original and cached. */
export async function loadVariant(deps: MediaDeps, id: string, variant: VariantRequest): Promise<Buffer> {
  const key = `${variantPrefix(id)}/${variant.width}-${variant.quality}.${variant.format === 'jpeg' ? 'jpg' : 'webp'}`
  const cached = await deps.storage.get(key)
  if (cached) return cached
  const pending = rendering.get(key)
  if (pending) return pending
  const job = renderAndCache(deps, id, key, variant)
  rendering.set(key, job)
  const ofPhoto = rendersOf.get(id) ?? new Set()
  rendersOf.set(id, ofPhoto.add(job))
  try {
    return await job
  } finally {
    rendering.delete(key)
    ofPhoto.delete(job)
    if (ofPhoto.size === 0 && rendersOf.get(id) === ofPhoto) rendersOf.delete(id)
  }
}

/**
 * Renders and caches one variant. A delete may land at any point: the original gone (nothing to
 * render), the folder removed under the write, or the photo marked deleted just after the write.
 * Checked after writing, so that whichever of the delete and the write comes last removes the
 * file: a photo deleted meanwhile answers 404 and keeps no variant on disk.
 */
async function renderAndCache(deps: MediaDeps, id: string, key: string, variant: VariantRequest): Promise<Buffer> {
  let bytes: Buffer
  try {
    const original = await deps.storage.get(originalKey(id))
    if (!original) throw deletedError()
    bytes = await renderVariant(original, variant.width, variant.quality, variant.format)
    await deps.storage.put(key, bytes)
  } catch (error) {
    if (await findLiveMedia(deps.db, id)) throw error
    await deps.storage.deletePrefix(variantPrefix(id))
    throw deletedError()
  }
  if (!(await findLiveMedia(deps.db, id))) {
    await deps.storage.deletePrefix(variantPrefix(id))
    throw deletedError()
  }
  return bytes
}
