import type { Kysely } from 'kysely'
import type { MediaFormat, MediaMeta } from '@tianyuan/contracts'
import type { Database } from '../../platform/db'
import type { MediaStorage } from '../../platform/media/storage'
import { AppError, errors } from '../../platform/errors'
import { newId } from '../../platform/ids'
import { normalizeUpload, renderVariant, sniffImageType, snapQuality, snapWidth } from '../../platform/media/images'
import { findLiveMedia, insertMedia, listOwnMedia, markMediaDeleted, toMediaMeta } from './repo'

export interface MediaDeps {
  db: Kysely<Database>
  storage: MediaStorage
  maxBytes: number
  maxPixels: number
  now: () => number
}

const originalKey = (id: string) => `originals/${id}`
const variantPrefix = (id: string) => `variants/${id}`

/** Upload: type from magic bytes, orientation applied, metadata stripped, original stored, thumbhash computed. */
export async function uploadMedia(deps: MediaDeps, ownerId: string, bytes: Uint8Array): Promise<MediaMeta> {
  if (bytes.length === 0) throw errors.validation([{ field: 'file', message: '文件是空的，请重新选择照片' }])
  if (bytes.length > deps.maxBytes) throw errors.tooLarge(`照片太大了，请选择小于 ${Math.floor(deps.maxBytes / 1024 / 1024)} MB 的照片`)
  const mime = sniffImageType(bytes)
  if (!mime) throw new AppError(415, 'MEDIA_TYPE_NOT_ALLOWED', '只能上传 JPG、PNG 或 WebP 格式的照片')
  let image
  try {
    image = await normalizeUpload(bytes, mime, deps.maxPixels)
  } catch {
    throw new AppError(400, 'MEDIA_UNREADABLE', '这张照片打不开，可能已损坏或太大，请换一张')
  }
  const id = newId()
  await deps.storage.put(originalKey(id), image.bytes)
  const row = await insertMedia(deps.db, {
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
  })
  return toMediaMeta(row)
}

export async function getMediaMeta(db: Kysely<Database>, id: string): Promise<MediaMeta> {
  const row = await findLiveMedia(db, id)
  if (!row) throw errors.notFound('没有找到这张图片，可能已被删除')
  return toMediaMeta(row)
}

export async function listMyMedia(db: Kysely<Database>, ownerId: string): Promise<MediaMeta[]> {
  return (await listOwnMedia(db, ownerId, 100)).map(toMediaMeta)
}

export async function deleteMedia(deps: MediaDeps, id: string, ownerId: string): Promise<void> {
  const deleted = await markMediaDeleted(deps.db, id, ownerId, deps.now())
  if (!deleted) throw errors.notFound('没有找到这张图片，可能已被删除')
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

/** The variant's bytes: from the disk cache, or rendered from the original and cached. */
export async function loadVariant(deps: MediaDeps, id: string, variant: VariantRequest): Promise<Buffer> {
  const key = `${variantPrefix(id)}/${variant.width}-${variant.quality}.${variant.format === 'jpeg' ? 'jpg' : 'webp'}`
  const cached = await deps.storage.get(key)
  if (cached) return cached
  const pending = rendering.get(key)
  if (pending) return pending
  const job = (async () => {
    const original = await deps.storage.get(originalKey(id))
    if (!original) throw errors.notFound('没有找到这张图片，可能已被删除')
    const bytes = await renderVariant(original, variant.width, variant.quality, variant.format)
    await deps.storage.put(key, bytes)
    return bytes
  })()
  rendering.set(key, job)
  try {
    return await job
  } finally {
    rendering.delete(key)
  }
}
