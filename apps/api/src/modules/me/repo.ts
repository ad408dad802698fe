import type { Kysely } from 'kysely'
import type { Database } from '../../platform/db'
import type { UserRow } from '../auth/repo'

export async function updateProfile(
  db: Kysely<Database>,
  userId: string,
  changes: { nickname?: string; avatarMediaId?: string | null },
  now: number,
): Promise<UserRow> {
  return db
    .updateTable('users')
    .set({
      updated_at: now,
      ...(changes.nickname !== undefined ? { nickname: changes.nickname } : {}),
      ...(changes.avatarMediaId !== undefined ? { avatar_media_id: changes.avatarMediaId } : {}),
    })
    .where('id', '=', userId)
    .returningAll()
    .executeTakeFirstOrThrow()
}

export async function setPhone(db: Kysely<Database>, userId: string, phone: string, countryCode: string, now: number): Promise<UserRow> {
  return db
    .updateTable('users')
    .set({ phone, phone_country_code: countryCode, updated_at: now })
    .where('id', '=', userId)
    .returningAll()
    .executeTakeFirstOrThrow()
}
