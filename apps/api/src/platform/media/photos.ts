import type { Kysely } from 'kysely'
import type { Database } from '../db/schema'
import { errors } from '../errors'

/** What a domain response carries for a photo: enough for the app to reserve its box and draw its placeholder. */
export interface PhotoRef {
  id: string
  width: number
  height: number
  thumbhash: string
}

/** Any module's view of the database (the platform's tables plus its own), as long as it has `media`. */
type WithMedia = Pick<Database, 'media'>
// Kysely<DB> is invariant in DB, so a module's Kysely<Database & ItsTables> is not a Kysely<WithMedia>
// to the compiler, although these queries only read `media`, which DB is constrained to have.
const mediaOnly = <DB extends WithMedia>(db: Kysely<DB>) => db as unknown as Kysely<WithMedia>

/** Live photos by id (deleted ones are simply left out of lists); looked up 500 ids at a time. */
export async function loadPhotos<DB extends WithMedia>(db: Kysely<DB>, ids: Iterable<string>): Promise<Map<string, PhotoRef>> {
  const unique = [...new Set(ids)]
  const map = new Map<string, PhotoRef>()
  for (let i = 0; i < unique.length; i += 500) {
    const rows = await mediaOnly(db)
      .selectFrom('media')
      .select(['id', 'width', 'height', 'thumbhash'])
      .where('id', 'in', unique.slice(i, i + 500))
      .where('deleted_at', 'is', null)
      .execute()
    for (const r of rows) map.set(r.id, { id: r.id, width: r.width, height: r.height, thumbhash: r.thumbhash })
  }
  return map
}

/** Every id must be a live upload of this user's; else 400 naming the field (`photos.2`). */
export async function requireOwnPhotos<DB extends WithMedia>(db: Kysely<DB>, ownerId: string, ids: string[], field: string): Promise<void> {
  if (ids.length === 0) return
  const rows = await mediaOnly(db)
    .selectFrom('media')
    .select('id')
    .where('id', 'in', ids)
    .where('owner_id', '=', ownerId)
    .where('deleted_at', 'is', null)
    .execute()
  const found = new Set(rows.map((r) => r.id))
  const missing = ids.findIndex((id) => !found.has(id))
  if (missing >= 0) throw errors.validation([{ field: `${field}.${missing}`, message: '找不到这张照片，请重新上传' }])
}
