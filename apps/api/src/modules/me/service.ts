import type { Kysely } from 'kysely'
import type { MeResponse, UpdateProfileRequest, User, UserRole } from '@tianyuan/contracts'
import type { Database } from '../../platform/db'
import type { WeChatClient } from '../../platform/wechat/client'
import { errors } from '../../platform/errors'
import { findUserById, toUserDto } from '../auth/repo'
import { findOwnMedia } from '../media/repo'
import { clinicDb } from '../clinic/schema'
import { marketDb } from '../market/schema'
import { loansDb } from '../loans/schema'
import { organisationOf } from '../notices/publishing'
import { isTeacher } from '../classroom/teacher'
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

/**
 * What the account is besides a buyer or patient, for the apps' 我的 pages: a shop of its own
 * (seller), a doctor record linked to it (doctor). Asked once, instead of the pages probing the
 * seller's and the doctor's routes for a 404 or 403.
 */
export async function rolesOf(db: Kysely<Database>, userId: string): Promise<UserRole[]> {
  const [doctor, shop, teacher, officer, publisher] = await Promise.all([
    clinicDb(db).selectFrom('clinic_doctors').select('id').where('user_id', '=', userId).executeTakeFirst(),
    marketDb(db).selectFrom('market_shops').select('id').where('owner_id', '=', userId).executeTakeFirst(),
    isTeacher(db, userId),
    loansDb(db).selectFrom('loan_officers').select('id').where('user_id', '=', userId).executeTakeFirst(),
    organisationOf(db, userId),
  ])
  const roles: UserRole[] = []
  if (doctor) roles.push('doctor')
  if (shop) roles.push('seller')
  if (teacher) roles.push('teacher')
  if (officer) roles.push('loan_officer')
  if (publisher) roles.push('publisher')
  return roles
}

/** The answer of every /api/me route: the user and their roles. */
export async function meResponse(db: Kysely<Database>, user: User): Promise<MeResponse> {
  return { user, roles: await rolesOf(db, user.id) }
}
