import type { Transaction } from 'kysely'
import { PURCHASE_STATUS_WORDS, toShanghaiIso, type EnrolResponse, type Purchase } from '@tianyuan/contracts'
import { answerInTransaction } from '../../platform/idempotency'
import { lockUserRow } from '../../platform/db/user-lock'
import { transition as transitionRow } from '../../platform/db/transition'
import { newId } from '../../platform/ids'
import type { ClassroomDatabase, ClassroomDb, PurchaseRow } from './schema'
import { visibleCourse } from './catalog'
import { accessOf } from './views'
import { classroomErrors, type ClassroomDeps } from './shared'

// Enrolling in a free course, and buying a paid one through the payments module (payable.ts).
//
//   pending_payment 待支付 ──paid (WeChat's word, once)──▶ paid 已购买
//        └──the hold ends (sweep) ──▶ cancelled 已取消 ──money arrives late──▶ paid (if not bought meanwhile)
//                                                                         └▶ stays cancelled: refunded in full ──▶ refunded 已退款
// A learner has at most one unpaid and one paid purchase of a course (partial unique indexes), so a
// course is bought once however many taps, retries and phones race.

type Tx = Transaction<ClassroomDatabase>

function transition(db: ClassroomDb, id: string, change: { from: PurchaseRow['status'][]; to: PurchaseRow['status']; set: Partial<PurchaseRow> }): Promise<boolean> {
  return transitionRow<ClassroomDatabase, 'classroom_purchases'>(db, 'classroom_purchases', id, change)
}

export function toPurchase(r: PurchaseRow, courseTitle: string): Purchase {
  return {
    id: r.id,
    courseId: r.course_id,
    courseTitle,
    status: r.status,
    statusWord: PURCHASE_STATUS_WORDS[r.status],
    amountFen: Number(r.amount_fen),
    payBefore: r.status === 'pending_payment' ? toShanghaiIso(Number(r.hold_expires_at)) : null,
    paidAt: r.paid_at === null ? null : toShanghaiIso(Number(r.paid_at)),
    createdAt: toShanghaiIso(Number(r.created_at)),
  }
}

/** The learner's unpaid purchase of a course that can still be paid, if any. */
export async function pendingPurchaseOf(deps: ClassroomDeps, userId: string, courseId: string): Promise<Purchase | null> {
  const row = await deps.db
    .selectFrom('classroom_purchases as p')
    .innerJoin('classroom_courses as c', 'c.id', 'p.course_id')
    .selectAll('p')
    .select('c.title')
    .where('p.user_id', '=', userId)
    .where('p.course_id', '=', courseId)
    .where('p.status', '=', 'pending_payment')
    .where('p.hold_expires_at', '>', deps.now())
    .executeTakeFirst()
  return row ? toPurchase(row, row.title) : null
}

/** `POST /courses/:id/enrol`: a free course joins 我的课程 (again: unchanged). A paid course is bought instead. */
export async function enrol(deps: ClassroomDeps, userId: string, courseId: string): Promise<{ created: boolean; body: EnrolResponse }> {
  const course = await visibleCourse(deps.db, userId, courseId)
  const access = (await accessOf(deps.db, userId, [course])).get(course.id)
  if (access === 'trial_only') throw classroomErrors.conflict(`这门课需要购买（${(Number(course.price_fen) / 100).toFixed(2)} 元），可以先看试看课`)
  const now = deps.now()
  return deps.db.transaction().execute(async (tx) => {
    const inserted = await tx
      .insertInto('classroom_enrolments')
      .values({ user_id: userId, course_id: course.id, source: access === 'purchased' ? 'purchase' : 'free', enrolled_at: now, last_active_at: now, completed_at: null })
      .onConflict((oc) => oc.columns(['user_id', 'course_id']).doNothing())
      .executeTakeFirst()
    const row = await tx.selectFrom('classroom_enrolments').select('enrolled_at').where('user_id', '=', userId).where('course_id', '=', course.id).executeTakeFirstOrThrow()
    const created = Number(inserted.numInsertedOrUpdatedRows ?? 0n) === 1
    const body: EnrolResponse = { courseId: course.id, enrolledAt: toShanghaiIso(Number(row.enrolled_at)) }
    await answerInTransaction(tx, created ? 201 : 200, body)
    return { created, body }
  })
}

/**
 * `POST /courses/:id/purchase`: the learner's unpaid purchase of the course (made now at today's
 * price, or the one already waiting), to pay with POST /api/payments. Bought already → 409.
 */
export async function startPurchase(deps: ClassroomDeps, userId: string, courseId: string): Promise<{ created: boolean; purchase: Purchase }> {
  const { db } = deps
  const course = await visibleCourse(db, userId, courseId)
  const access = (await accessOf(db, userId, [course])).get(course.id)
  if (access === 'free') throw classroomErrors.conflict('这门课是免费的，直接点「加入学习」就行')
  if (access === 'teacher') throw classroomErrors.conflict('这是您自己的课程，不用购买')
  if (access === 'purchased') throw classroomErrors.conflict('您已经买过这门课了，可以直接学习')
  const now = deps.now()
  return db.transaction().execute(async (tx) => {
    // One purchase decision per learner at a time (the partial unique indexes back it up).
    await lockUserRow(tx, userId)
    await tx
      .updateTable('classroom_purchases')
      .set({ status: 'cancelled', cancelled_at: now })
      .where('user_id', '=', userId)
      .where('course_id', '=', course.id)
      .where('status', '=', 'pending_payment')
      .where('hold_expires_at', '<=', now)
      .execute()
    const paid = await tx.selectFrom('classroom_purchases').select('id').where('user_id', '=', userId).where('course_id', '=', course.id).where('status', '=', 'paid').executeTakeFirst()
    if (paid) throw classroomErrors.conflict('您已经买过这门课了，可以直接学习')
    const waiting = await tx.selectFrom('classroom_purchases').selectAll().where('user_id', '=', userId).where('course_id', '=', course.id).where('status', '=', 'pending_payment').executeTakeFirst()
    if (waiting) {
      const purchase = toPurchase(waiting, course.title)
      await answerInTransaction(tx, 200, { purchase })
      return { created: false, purchase }
    }
    const row: PurchaseRow = {
      id: newId(),
      user_id: userId,
      course_id: course.id,
      status: 'pending_payment',
      amount_fen: Number(course.price_fen),
      hold_expires_at: now + deps.holdMs,
      paid_at: null,
      cancelled_at: null,
      refunded_at: null,
      created_at: now,
    }
    await tx.insertInto('classroom_purchases').values(row).execute()
    const purchase = toPurchase(row, course.title)
    await answerInTransaction(tx, 201, { purchase })
    return { created: true, purchase }
  })
}

export async function getPurchase(deps: ClassroomDeps, userId: string, purchaseId: string): Promise<Purchase> {
  const row = await deps.db
    .selectFrom('classroom_purchases as p')
    .innerJoin('classroom_courses as c', 'c.id', 'p.course_id')
    .selectAll('p')
    .select('c.title')
    .where('p.id', '=', purchaseId)
    .where('p.user_id', '=', userId)
    .executeTakeFirst()
  if (!row) throw classroomErrors.purchaseNotFound()
  return toPurchase(row, row.title)
}

// ---------------------------------------------------------------- the payments lifecycle's steps (payable.ts)

export async function holdForPayment(db: ClassroomDb, purchaseId: string, until: number): Promise<void> {
  await db.updateTable('classroom_purchases').set({ hold_expires_at: until }).where('id', '=', purchaseId).where('status', '=', 'pending_payment').where('hold_expires_at', '<', until).execute()
}

async function enrolPaid(tx: Tx, purchaseId: string, paidAt: number): Promise<void> {
  const p = await tx.selectFrom('classroom_purchases').select(['user_id', 'course_id']).where('id', '=', purchaseId).executeTakeFirstOrThrow()
  await tx
    .insertInto('classroom_enrolments')
    .values({ user_id: p.user_id, course_id: p.course_id, source: 'purchase', enrolled_at: paidAt, last_active_at: paidAt, completed_at: null })
    .onConflict((oc) => oc.columns(['user_id', 'course_id']).doUpdateSet({ source: 'purchase' }))
    .execute()
}

/** 待支付 → 已购买, once; the course joins 我的课程. */
export async function markPurchasePaid(tx: Tx, purchaseId: string, paidAt: number): Promise<boolean> {
  const moved = await transition(tx, purchaseId, { from: ['pending_payment'], to: 'paid', set: { paid_at: paidAt } })
  if (moved) await enrolPaid(tx, purchaseId, paidAt)
  return moved
}

/** Money for a purchase cancelled meanwhile: revived unless the course was bought by another purchase (then a full refund is due). */
export async function reviveLatePurchase(tx: Tx, purchaseId: string, paidAt: number): Promise<boolean> {
  const p = await tx.selectFrom('classroom_purchases').select(['user_id', 'course_id']).where('id', '=', purchaseId).executeTakeFirst()
  if (!p) return false
  const other = await tx.selectFrom('classroom_purchases').select('id').where('user_id', '=', p.user_id).where('course_id', '=', p.course_id).where('status', 'in', ['paid', 'pending_payment']).executeTakeFirst()
  if (other) return false
  const moved = await transition(tx, purchaseId, { from: ['cancelled'], to: 'paid', set: { paid_at: paidAt, cancelled_at: null } })
  if (moved) await enrolPaid(tx, purchaseId, paidAt)
  return moved
}

export async function markPurchaseRefunded(tx: Tx, purchaseId: string, at: number): Promise<boolean> {
  return transition(tx, purchaseId, { from: ['cancelled'], to: 'refunded', set: { refunded_at: at } })
}

export async function releaseExpiredPurchases(deps: ClassroomDeps, now: number): Promise<number> {
  const result = await deps.db.updateTable('classroom_purchases').set({ status: 'cancelled', cancelled_at: now }).where('status', '=', 'pending_payment').where('hold_expires_at', '<=', now).executeTakeFirst()
  return Number(result.numUpdatedRows)
}
