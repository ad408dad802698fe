import type { Kysely } from 'kysely'
import { dayjs, SHANGHAI, shanghaiDate } from '@tianyuan/contracts'
import type { Database } from '../../platform/db'
import { errors, type AppError } from '../../platform/errors'

/** Per-user upload limits (config: MEDIA_UPLOADS_PER_MINUTE, MEDIA_UPLOAD_BYTES_PER_DAY). */
export interface UploadLimits {
  /** Photos per user in any 60 seconds. */
  perMinute: number
  /** Bytes of stored photos per user per Shanghai calendar day. */
  bytesPerDay: number
}

const MB = 1024 * 1024
const inMb = (bytes: number) => (bytes / MB).toFixed(bytes < 10 * MB ? 1 : 0)

/**
 * Why this user may not add `adding` more bytes now (a 429 saying how long to wait), or null.
 * Deleted photos count too: uploading and deleting is still uploading.
 */
export async function uploadLimitError(db: Kysely<Database>, ownerId: string, limits: UploadLimits, now: number, adding: number): Promise<AppError | null> {
  const recent = await db
    .selectFrom('media')
    .select('created_at')
    .where('owner_id', '=', ownerId)
    .where('created_at', '>', now - 60_000)
    .orderBy('created_at', 'desc')
    .limit(limits.perMinute)
    .execute()
  if (recent.length >= limits.perMinute) {
    // Allowed again when the oldest of the last `perMinute` uploads is a minute old.
    const oldest = recent[recent.length - 1]!.created_at
    const seconds = Math.max(1, Math.ceil((oldest + 60_000 - now) / 1000))
    return errors.rateLimited(seconds, `上传太快了：每分钟最多传 ${limits.perMinute} 张照片，请 ${seconds} 秒后再传`)
  }
  const dayStart = dayjs.tz(shanghaiDate(now), SHANGHAI).valueOf()
  const today = await db
    .selectFrom('media')
    .select((eb) => eb.fn.sum<number | string | null>('bytes').as('total'))
    .where('owner_id', '=', ownerId)
    .where('created_at', '>=', dayStart)
    .executeTakeFirst()
  const used = Number(today?.total ?? 0)
  if (used + adding > limits.bytesPerDay) {
    const tomorrow = dayjs.tz(shanghaiDate(now), SHANGHAI).add(1, 'day').valueOf()
    const seconds = Math.max(1, Math.ceil((tomorrow - now) / 1000))
    return errors.rateLimited(seconds, `今天已经传了 ${inMb(used)} MB 照片，每天最多 ${inMb(limits.bytesPerDay)} MB，请明天（0 点以后）再传`)
  }
  return null
}
