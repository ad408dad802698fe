import type { Kysely } from 'kysely'
import type { UpdateProfileRequest, User } from '@tianyuan/contracts'
import type { Database } from '../../platform/db'
import type { WeChatClient } from '../../platform/wechat/client'
import { errors } from '../../platform/errors'
import { findUserById, toUserDto } from '../auth/repo'
import { findOwnMedia } from '../media/repo'
import { setPhone, updateProfile } from './repo'

export async function getMe(db: Kysely<Database>, userId: string): Promise<User> {
  const user = await findUserById(db, userId)
  if (!user) throw errors.sessionExpired() // the user was removed under a live session
  return toUserDto(user)
}

/** Nickname and avatar come from the user (WeChat no longer hands them out). The avatar must be their own upload. */
export async function changeProfile(db: Kysely<Database>, userId: string, changes: UpdateProfileRequest, now: number): Promise<User> {
  if (changes.avatarMediaId) {
    const media = await findOwnMedia(db, changes.avatarMediaId, userId)
    if (!media) throw errors.notFound('没有找到这张头像图片，请重新选择头像')
  }
  return toUserDto(await updateProfile(db, userId, changes, now))
}

/** A getPhoneNumber button code → the number WeChat confirms → bound to this user. */
export async function bindPhone(db: Kysely<Database>, wechat: WeChatClient, userId: string, code: string, now: number): Promise<User> {
  const phone = await wechat.exchangePhoneCode(code)
  return toUserDto(await setPhone(db, userId, phone.purePhoneNumber, phone.countryCode, now))
}
