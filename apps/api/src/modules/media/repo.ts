import type { Insertable, Kysely, Selectable } from 'kysely'
import type { MediaMeta } from '@tianyuan/contracts'
import { toShanghaiIso } from '@tianyuan/contracts'
import type { Database } from '../../platform/db'
import type { MediaTable } from '../../platform/db/schema'

export type MediaRow = Selectable<MediaTable>

export async function insertMedia(db: Kysely<Database>, row: Insertable<MediaTable>): Promise<MediaRow> {
  return db.insertInto('media').values(row).returningAll().executeTakeFirstOrThrow()
}

/** A live media item, whoever owns it (media ids are unguessable; images are shown to everyone). */
export async function findLiveMedia(db: Kysely<Database>, id: string): Promise<MediaRow | undefined> {
  return db.selectFrom('media').selectAll().where('id', '=', id).where('deleted_at', 'is', null).executeTakeFirst()
}

/** A live media item only if this user owns it. */
export async function findOwnMedia(db: Kysely<Database>, id: string, ownerId: string): Promise<MediaRow | undefined> {
  return db
    .selectFrom('media')
    .selectAll()
    .where('id', '=', id)
    .where('owner_id', '=', ownerId)
    .where('deleted_at', 'is', null)
    .executeTakeFirst()
}

export async function listOwnMedia(db: Kysely<Database>, ownerId: string, limit: number): Promise<MediaRow[]> {
  return db
    .selectFrom('media')
    .selectAll()
    .where('owner_id', '=', ownerId)
    .where('deleted_at', 'is', null)
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .limit(limit)
    .execute()
}

/**
 * Marks it deleted if the caller owns it: 'deleted' now, 'already-deleted' by an earlier call (a
 * retry: the caller finishes removing the files), 'not-found' when it is not the caller's (→ 404).
 */
export async function markMediaDeleted(
  db: Kysely<Database>,
  id: string,
  ownerId: string,
  now: number,
): Promise<'deleted' | 'already-deleted' | 'not-found'> {
  return db.transaction().execute(async (trx) => {
    const result = await trx
      .updateTable('media')
      .set({ deleted_at: now })
      .where('id', '=', id)
      .where('owner_id', '=', ownerId)
      .where('deleted_at', 'is', null)
      .executeTakeFirst()
    if (Number(result.numUpdatedRows) !== 1) {
      const earlier = await trx.selectFrom('media').select('id').where('id', '=', id).where('owner_id', '=', ownerId).executeTakeFirst()
      return earlier ? 'already-deleted' : 'not-found'
    }
    await trx.updateTable('users').set({ avatar_media_id: null, updated_at: now }).where('avatar_media_id', '=', id).execute()
    return 'deleted'
  })
}

export function toMediaMeta(row: MediaRow): MediaMeta {
  return {
    id: row.id,
    width: row.width,
    height: row.height,
    thumbhash: row.thumbhash,
    mime: row.mime,
    bytes: row.bytes,
    createdAt: toShanghaiIso(row.created_at),
  }
}
