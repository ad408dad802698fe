// A learner's own courses: enrol in a free one, buy a paid one (a purchase, then the payments
// module's WeChat Pay with kind `classroom_course`).
import type { EnrolResponse, Purchase, PurchaseResponse } from '@tianyuan/contracts/types'
import { sdk } from '../../sdk'
import { coursePath } from '../catalog/api'

/** The payments module's kind for a course purchase: named once, in @tianyuan/contracts/payments-rules. */
export { CLASSROOM_COURSE_KIND } from '@tianyuan/contracts/payments-rules'

/** Puts a free course in 我的课程 (once: the API answers a second enrolment with the first). */
export async function enrol(courseId: string): Promise<EnrolResponse> {
  const result = await sdk.api.mutate<EnrolResponse>({ method: 'POST', path: `${coursePath(courseId)}/enrol`, label: '报名学习' })
  return result.data
}

/**
 * Starts buying a paid course: the API makes (or returns the still-unpaid) purchase at the
 * course's price, which `usePay().pay({ kind: CLASSROOM_COURSE_KIND, orderId: purchase.id })`
 * then pays. Not queued offline: a purchase is paid at once, while the buyer is here.
 */
export async function startPurchase(courseId: string, idempotencyKey?: string): Promise<Purchase> {
  const result = await sdk.api.mutate<PurchaseResponse>({ method: 'POST', path: `${coursePath(courseId)}/purchase`, idempotencyKey, label: '购买课程' })
  return result.data.purchase
}
