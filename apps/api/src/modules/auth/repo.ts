import type { Kysely, Selectable } from 'kysely'
import type { User } from '@tianyuan/contracts'
import { toShanghaiIso } from '@tianyuan/contracts'
import type { Database } from '../../platform/db'
import type { UsersTable } from '../../platform/db/schema'
import { newId } from '../../platform/ids'

export type UserRow = Selectable<UsersTable>

/** One user per openid: a concurrent first login by the same person still makes one row. */
export async function upsertUserByOpenid(db: Kysely<Database>, openid: string, unionid: string | null, now: number): Promise<UserRow> {
  return db
    .insertInto('users')
    .values({
      id: newId(),
      openid,
      unionid,
      nickname: null,
      avatar_media_id: null,
      phone: null,
      phone_country_code: null,
      created_at: now,
      updated_at: now,
    })
    .onConflict((oc) =>
      oc.column('openid').doUpdateSet((eb) => ({
        unionid: eb.fn.coalesce('excluded.unionid', 'users.unionid'),
      })),
    )
    .returningAll()
    .executeTakeFirstOrThrow()
}

export async function findUserById(db: Kysely<Database>, id: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst()
}

/** The user as the contract shows it (to that user only). */
export function toUserDto(row: UserRow): User {
  return {
    id: row.id,
    nickname: row.nickname,
    avatarMediaId: row.avatar_media_id,
    phone: row.phone,
    createdAt: toShanghaiIso(row.created_at),
  }
}
