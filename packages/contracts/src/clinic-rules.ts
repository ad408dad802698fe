// 乡村问诊's words and rules as plain values and functions, with no zod and no dayjs: the API's
// schemas (clinic.ts) and the clinic app share them (`@tianyuan/contracts/clinic-rules`), so
// what the app checks before a request is what the server enforces after it.

import { MOBILE_PHONE_PATTERN } from './identity-rules'

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

// ID numbers (GB 11643) and the mobile pattern: one implementation for every module, in
// identity-rules.ts (the micro-loan's borrowers use the same check), re-exported here.
export { MOBILE_PHONE_PATTERN, ageOn, idBirthDate, idCheckDigit, idNumberProblem, isValidIdNumber, maskIdNumber } from './identity-rules'

/** What is wrong with a number typed for 电话问诊, in words, or null when it will do. */
export function callbackPhoneProblem(raw: string): string | null {
  const phone = raw.trim()
  if (!phone) return '电话问诊请留一个医生能打通的手机号'
  return MOBILE_PHONE_PATTERN.test(phone) ? null : '手机号应为 11 位数字，以 1 开头'
}
