// 乡村问诊's words and rules as plain values and functions, with no zod and no dayjs: the API's
// schemas (clinic.ts) and the clinic app share them (`@tianyuan/contracts/clinic-rules`), so
// what the app checks before a request is what the server enforces after it.

/** Shown wherever booking starts: the rule of internet diagnosis in China. */
export const FOLLOW_UP_NOTICE = '网上问诊只适用于常见病、慢性病的复诊。第一次看的病、急症请直接去医院，急救请拨打 120。'

export const CONSULT_MODE_WORDS = { text: '图文', phone: '电话', video: '视频' } as const

/** What each mode means for the patient, said before they choose. */
export const CONSULT_MODE_HINTS = {
  text: '用文字和照片跟医生说，医生在这里回复',
  phone: '到了时段，医生打电话给您',
  video: '到了时段，医生发起视频通话',
} as const

export const APPOINTMENT_STATUS_WORDS = {
  pending_payment: '待支付',
  booked: '已预约',
  in_consultation: '问诊中',
  completed: '已完成',
  cancelled: '已取消',
  refunded: '已退款',
} as const

export const REFUND_RULE = '距就诊开始 2 小时以上取消，全额退款；2 小时以内取消不退款。未支付的预约随时可以取消。'

export const RELATIONS = ['本人', '父母', '子女', '配偶', '其他'] as const

/** A child under this age needs a guardian (an adult of the same account) to book. */
export const GUARDIAN_REQUIRED_UNDER = 6
export const ADULT_AGE = 18

// ID numbers (GB 11643)

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
const ID_CHECK = '10X98765432'

/** The ISO 7064 MOD 11-2 check character of the first 17 digits. */
export function idCheckDigit(first17: string): string {
  let sum = 0
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (ID_WEIGHTS[i] as number)
  return ID_CHECK[sum % 11] as string
}

/** The birth date an 18-digit ID number carries (YYYY-MM-DD), or null when it is not a real date. */
export function idBirthDate(id: string): string | null {
  const y = Number(id.slice(6, 10))
  const m = Number(id.slice(10, 12))
  const d = Number(id.slice(12, 14))
  if (y < 1900 || m < 1 || m > 12 || d < 1) return null
  if (d > new Date(Date.UTC(y, m, 0)).getUTCDate()) return null
  return `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`
}

/** True when `id` is 17 digits and a valid check character (X in capitals). */
export function isValidIdNumber(id: string): boolean {
  if (!/^\d{17}[\dX]$/.test(id)) return false
  if (idBirthDate(id) === null) return false
  return idCheckDigit(id.slice(0, 17)) === id[17]
}

/** 330102199001011234 → 3301**********1234: the only form an ID number ever leaves the server in. */
export function maskIdNumber(id: string): string {
  return `${id.slice(0, 4)}${'*'.repeat(Math.max(0, id.length - 8))}${id.slice(-4)}`
}

/** Full years between a birth date and a Shanghai day (both YYYY-MM-DD). */
export function ageOn(birthDate: string, today: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number]
  const [ty, tm, td] = today.split('-').map(Number) as [number, number, number]
  return ty - by - (tm < bm || (tm === bm && td < bd) ? 1 : 0)
}

/** What is wrong with an ID number as typed, in words a person can act on; null when it is valid. */
export function idNumberProblem(raw: string): string | null {
  const id = raw.trim().toUpperCase()
  if (!/^\d{17}[\dX]$/.test(id)) return '身份证号应为 18 位，最后一位可以是数字或 X'
  if (idBirthDate(id) === null) return '身份证号里的出生日期不对，请核对'
  if (!isValidIdNumber(id)) return '身份证号校验位不对，请逐位核对'
  return null
}

/** An 11-digit mainland mobile number, as the doctor dials it for 电话问诊. */
export const MOBILE_PHONE_PATTERN = /^1[3-9]\d{9}$/

/** What is wrong with a number typed for 电话问诊, in words, or null when it will do. */
export function callbackPhoneProblem(raw: string): string | null {
  const phone = raw.trim()
  if (!phone) return '电话问诊请留一个医生能打通的手机号'
  return MOBILE_PHONE_PATTERN.test(phone) ? null : '手机号应为 11 位数字，以 1 开头'
}
