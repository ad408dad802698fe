import { z } from 'zod'
import { MediaId } from './auth'
import { Photo } from './media'
import { IsoDateTime, LocalDate } from './time'
import { Id } from './ids'
import { PageNumber, PageSize, pageOf } from './paging'
import { optionalText, requiredText } from './text'

/**
 * 田间课堂's certificates and questions to the teacher (apps/api modules/classroom, migration 0012),
 * mounted under /api/classroom beside the rest of the classroom.
 *
 * Certificates: a learner who has completed a course (every lesson done) asks for its certificate
 * once; asking again answers the same one. Each has a short verification code anyone can check at
 * `GET /api/classroom/certificates/verify/:code` (the holder's name masked) and a PNG made on the
 * server (name, course, teacher, date, code and a QR code of the verification address).
 *
 * Questions: a learner asks about a lesson they may open (text and up to 3 photos of their own
 * uploads) and sees their own questions with the answers; the course's teacher lists their courses'
 * questions (unanswered first) and answers. Nobody else sees them.
 */

// ---------------------------------------------------------------- certificates

/** Verification codes use these 31 characters only: no 0/O, 1/I/L, which a reader mixes up. */
export const CERTIFICATE_CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ'
/** 10 characters (≈ 49.5 bits, random): shown as `ABCDE-FGHJK`. */
export const CERTIFICATE_CODE_LENGTH = 10

/** A code as a person types it: any case, with or without the dash and spaces; normalised to 10 characters. */
export const CertificateCode = z
  .string({ message: '请填写证书编号' })
  .transform((s) => s.replace(/[\s-]/g, '').toUpperCase())
  .refine((s) => s.length === CERTIFICATE_CODE_LENGTH && [...s].every((ch) => CERTIFICATE_CODE_ALPHABET.includes(ch)), {
    message: `证书编号是 ${CERTIFICATE_CODE_LENGTH} 位字母和数字（例如 ABCDE-23456），请对照证书重新输入`,
  })
export type CertificateCode = z.output<typeof CertificateCode>

/** The code as printed: two groups of five. */
export function formatCertificateCode(code: string): string {
  return `${code.slice(0, 5)}-${code.slice(5)}`
}

/** The name on a certificate (the learner may write their real name; else their WeChat nickname). */
export const CertificateRequest = z.strictObject({
  name: z.optional(requiredText('证书上的姓名', 20, 'single')),
})
export type CertificateRequest = z.input<typeof CertificateRequest>

/** The holder's own certificate. */
export const Certificate = z.strictObject({
  id: z.string(),
  /** Printed form, `ABCDE-FGHJK`. */
  code: z.string(),
  courseId: z.string(),
  courseTitle: z.string(),
  teacherName: z.string(),
  teacherOrg: z.string(),
  holderName: z.string(),
  /** The Shanghai day the last lesson was done. */
  completedOn: LocalDate,
  issuedAt: IsoDateTime,
  /** The image's path below the API's origin (PNG, immutable: the path changes if the picture does). */
  imageUrl: z.string(),
  imageBytes: z.number().int(),
  /** Where anyone can check the code (absolute; the QR code points here). */
  verifyUrl: z.string(),
})
export type Certificate = z.infer<typeof Certificate>

export const CertificateResponse = z.strictObject({ certificate: Certificate })
export type CertificateResponse = z.infer<typeof CertificateResponse>

export const CertificatesResponse = z.strictObject({ items: z.array(Certificate) })
export type CertificatesResponse = z.infer<typeof CertificatesResponse>

/** What anyone learns from a code: the holder's name masked (张*明), the course, the teacher and the day. */
export const CertificateVerification = z.strictObject({
  valid: z.literal(true),
  code: z.string(),
  holderName: z.string(),
  courseTitle: z.string(),
  teacherName: z.string(),
  teacherOrg: z.string(),
  completedOn: LocalDate,
})
export type CertificateVerification = z.infer<typeof CertificateVerification>

export const CertificateVerificationResponse = z.strictObject({ certificate: CertificateVerification })
export type CertificateVerificationResponse = z.infer<typeof CertificateVerificationResponse>

/** 张三 → 张*, 王小明 → 王*明, 欧阳小明 → 欧**明: the first and (from three on) last characters. */
export function maskHolderName(name: string): string {
  const chars = [...name]
  if (chars.length <= 1) return '*'
  if (chars.length === 2) return `${chars[0]}*`
  return `${chars[0]}${'*'.repeat(chars.length - 2)}${chars[chars.length - 1]}`
}

// ---------------------------------------------------------------- questions to the teacher

export const MAX_QUESTION_PHOTOS = 3

const QuestionPhotoIds = z
  .array(MediaId, { message: '照片应为列表' })
  .max(MAX_QUESTION_PHOTOS, { message: `最多 ${MAX_QUESTION_PHOTOS} 张照片` })
  .refine((ids) => new Set(ids).size === ids.length, { message: '有重复的照片' })

export const AskQuestionRequest = z.strictObject({
  text: requiredText('问题', 1000, 'multi'),
  photoIds: z.optional(QuestionPhotoIds),
})
export type AskQuestionRequest = z.input<typeof AskQuestionRequest>

export const AnswerQuestionRequest = z
  .strictObject({
    text: z.optional(optionalText('回答', 2000, 'multi')),
    photoIds: z.optional(QuestionPhotoIds),
  })
  .refine((a) => (a.text ?? '').length > 0 || (a.photoIds ?? []).length > 0, { message: '请写下回答，或发张照片', path: ['text'] })
export type AnswerQuestionRequest = z.input<typeof AnswerQuestionRequest>

export const QuestionAnswer = z.strictObject({
  text: z.string(),
  photos: z.array(Photo),
  teacherName: z.string(),
  answeredAt: IsoDateTime,
})
export type QuestionAnswer = z.infer<typeof QuestionAnswer>

export const Question = z.strictObject({
  id: z.string(),
  courseId: z.string(),
  courseTitle: z.string(),
  lessonId: z.string(),
  lessonTitle: z.string(),
  /** The asker as the teacher sees them (their nickname, or 学员). */
  askerName: z.string(),
  text: z.string(),
  photos: z.array(Photo),
  askedAt: IsoDateTime,
  answer: z.nullable(QuestionAnswer),
})
export type Question = z.infer<typeof Question>

export const QuestionResponse = z.strictObject({ question: Question })
export type QuestionResponse = z.infer<typeof QuestionResponse>

/** `GET /api/classroom/my/questions`: the learner's own, newest first; `lessonId` or `courseId` narrows it. */
export const MyQuestionsQuery = z.strictObject({
  lessonId: z.optional(Id),
  courseId: z.optional(Id),
  page: z.optional(PageNumber),
  size: z.optional(PageSize),
})
export type MyQuestionsQuery = z.input<typeof MyQuestionsQuery>

/** `GET /api/classroom/teacher/questions`: unanswered first (oldest first: who waited longest), then answered, newest first. */
export const TeacherQuestionsQuery = z.strictObject({
  courseId: z.optional(Id),
  status: z.optional(z.enum(['unanswered', 'answered', 'all'], { message: '状态只能是 unanswered（待回答）、answered（已回答）或 all（全部）' })),
  page: z.optional(PageNumber),
  size: z.optional(PageSize),
})
export type TeacherQuestionsQuery = z.input<typeof TeacherQuestionsQuery>

export const QuestionPage = pageOf(Question).extend({ unansweredCount: z.number().int() })
export type QuestionPage = z.infer<typeof QuestionPage>
