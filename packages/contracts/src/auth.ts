import { z } from 'zod'
import { IsoDateTime } from './time'
import { requiredText } from './text'

/** `wx.login()` gives a single-use code valid for 5 minutes. */
export const WeChatCode = z.string().trim().min(1).max(128).regex(/^[\w-]+$/, { message: '登录凭证格式不对' })

export const LoginRequest = z.strictObject({ code: WeChatCode })
export type LoginRequest = z.infer<typeof LoginRequest>

export const MediaId = z.string().regex(/^[A-Za-z0-9_-]{16,64}$/, { message: '图片编号格式不对' })
export type MediaId = z.infer<typeof MediaId>

export const User = z.strictObject({
  id: z.string(),
  nickname: z.nullable(z.string()),
  avatarMediaId: z.nullable(MediaId),
  /** The user's own bound phone number (only ever sent to that user). */
  phone: z.nullable(z.string()),
  createdAt: IsoDateTime,
})
export type User = z.infer<typeof User>

export const LoginResponse = z.strictObject({
  /** Opaque; send as `Authorization: Bearer <token>`. */
  token: z.string(),
  expiresAt: IsoDateTime,
  user: User,
})
export type LoginResponse = z.infer<typeof LoginResponse>

export const LogoutResponse = z.strictObject({ ok: z.literal(true) })
export type LogoutResponse = z.infer<typeof LogoutResponse>

export const Nickname = requiredText('昵称', 20)

export const UpdateProfileRequest = z
  .strictObject({
    nickname: z.optional(Nickname),
    /** A media id the user uploaded (from the chooseAvatar button); null removes the avatar. */
    avatarMediaId: z.optional(z.nullable(MediaId)),
  })
  .refine((body) => body.nickname !== undefined || body.avatarMediaId !== undefined, {
    message: '请至少修改昵称或头像中的一项',
  })
export type UpdateProfileRequest = z.infer<typeof UpdateProfileRequest>

/** The code from a `getPhoneNumber` button, exchanged by the server. */
export const BindPhoneRequest = z.strictObject({ code: WeChatCode })
export type BindPhoneRequest = z.infer<typeof BindPhoneRequest>

/** What an account is besides a buyer or patient: it has a shop (seller), it is a doctor in 乡村问诊 (doctor). */
export const UserRole = z.enum(['doctor', 'seller', 'teacher', 'loan_officer', 'publisher'])
export type UserRole = z.infer<typeof UserRole>

/** `GET /api/me` (and the answers of `PATCH /api/me`, `POST /api/me/phone`): the user and their roles, asked once by the apps' 我的 pages. */
export const MeResponse = z.strictObject({ user: User, roles: z.array(UserRole) })
export type MeResponse = z.infer<typeof MeResponse>
