import { sql, type Kysely, type Selectable } from 'kysely'
import { toShanghaiIso, type Payment, type Refund } from '@tianyuan/contracts'
import type { Database } from '../../platform/db'
import type { PaymentsTable, RefundsTable } from '../../platform/db/schema'
import { isUniqueViolation } from '../../platform/db/rows'

export type PaymentRow = Selectable<PaymentsTable>
export type RefundRow = Selectable<RefundsTable>
type Db = Kysely<Database>

/** Statuses in which money has been received (and may be refunded). */
export const REFUNDABLE_STATUSES = ['paid', 'partially_refunded', 'refunding'] as const

export async function findPayment(db: Db, id: string): Promise<PaymentRow | undefined> {
  return db.selectFrom('payments').selectAll().where('id', '=', id).executeTakeFirst()
}

export async function findOwnPayment(db: Db, id: string, userId: string): Promise<PaymentRow | undefined> {
  return db.selectFrom('payments').selectAll().where('id', '=', id).where('user_id', '=', userId).executeTakeFirst()
}

/** The order's live (not closed) payment: at most one, by the partial unique index. */
export async function findLivePayment(db: Db, kind: string, orderId: string): Promise<PaymentRow | undefined> {
  return db
    .selectFrom('payments')
    .selectAll()
    .where('kind', '=', kind)
    .where('order_id', '=', orderId)
    .where('status', '<>', 'closed')
    .executeTakeFirst()
}

/** Inserts a pending payment; null when the order already has a live one (lost a race). */
export async function insertPayment(db: Db, row: PaymentRow): Promise<PaymentRow | null> {
  try {
    await db.insertInto('payments').values(row).execute()
    return row
  } catch (error) {
    if (isUniqueViolation(error)) return null
    throw error
  }
}

export async function setPrepayId(db: Db, id: string, prepayId: string, now: number): Promise<void> {
  await db.updateTable('payments').set({ prepay_id: prepayId, updated_at: now }).where('id', '=', id).execute()
}

/** pending → paid, once: true only for the caller whose update changed the row. */
export async function markPaid(db: Db, id: string, transactionId: string, paidAt: number, now: number): Promise<boolean> {
  const result = await db
    .updateTable('payments')
    .set({ status: 'paid', transaction_id: transactionId, paid_at: paidAt, updated_at: now })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .executeTakeFirst()
  return Number(result.numUpdatedRows) === 1
}

/** pending → closed, once. */
export async function markClosed(db: Db, id: string, now: number): Promise<boolean> {
  const result = await db
    .updateTable('payments')
    .set({ status: 'closed', closed_at: now, updated_at: now })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .executeTakeFirst()
  return Number(result.numUpdatedRows) === 1
}

export async function findExpiredPending(db: Db, now: number, limit: number): Promise<PaymentRow[]> {
  return db
    .selectFrom('payments')
    .selectAll()
    .where('status', '=', 'pending')
    .where('expires_at', '<=', now)
    .orderBy('expires_at')
    .limit(limit)
    .execute()
}

/**
 * Reserves `amountFen` of what is left to refund, in one conditional update: two refunds at once
 * can never add up to more than was paid.
 */
export async function reserveRefund(db: Db, id: string, amountFen: number, now: number, whenRefundedFen?: number): Promise<boolean> {
  let q = db
    .updateTable('payments')
    .set((eb) => ({ refund_pending_fen: eb('refund_pending_fen', '+', amountFen), status: 'refunding', updated_at: now }))
    .where('id', '=', id)
    .where('status', 'in', REFUNDABLE_STATUSES)
    .where(sql<boolean>`amount_fen - refunded_fen - refund_pending_fen >= ${amountFen}`)
  // A domain's decision carried out once: only if nothing is in progress and nothing more has been
  // refunded since the decision was read (two sweeps at once start it once).
  if (whenRefundedFen !== undefined) q = q.where('refund_pending_fen', '=', 0).where('refunded_fen', '=', whenRefundedFen)
  const result = await q.executeTakeFirst()
  return Number(result.numUpdatedRows) === 1
}

export async function insertRefund(db: Db, row: RefundRow): Promise<void> {
  await db.insertInto('refunds').values(row).execute()
}

export async function findRefund(db: Db, id: string): Promise<RefundRow | undefined> {
  return db.selectFrom('refunds').selectAll().where('id', '=', id).executeTakeFirst()
}

export async function findProcessingRefunds(db: Db, paymentId: string | null, olderThan: number, limit: number): Promise<RefundRow[]> {
  let q = db.selectFrom('refunds').selectAll().where('status', '=', 'processing').where('created_at', '<=', olderThan)
  if (paymentId !== null) q = q.where('payment_id', '=', paymentId)
  return q.orderBy('created_at').limit(limit).execute()
}

/** processing → succeeded|failed, once. */
export async function settleRefundRow(
  db: Db,
  id: string,
  outcome: 'succeeded' | 'failed',
  wechatRefundId: string | null,
  now: number,
): Promise<boolean> {
  const result = await db
    .updateTable('refunds')
    .set({
      status: outcome,
      updated_at: now,
      ...(outcome === 'succeeded' ? { succeeded_at: now } : {}),
      ...(wechatRefundId ? { wechat_refund_id: wechatRefundId } : {}),
    })
    .where('id', '=', id)
    .where('status', '=', 'processing')
    .executeTakeFirst()
  return Number(result.numUpdatedRows) === 1
}

/**
 * failed → succeeded, once: WeChat says a refund we had written off went through after all (its
 * reservation was already released, so the amount goes straight to refunded_fen).
 */
export async function reviveFailedRefundRow(db: Db, id: string, wechatRefundId: string | null, now: number): Promise<boolean> {
  const result = await db
    .updateTable('refunds')
    .set({ status: 'succeeded', succeeded_at: now, updated_at: now, ...(wechatRefundId ? { wechat_refund_id: wechatRefundId } : {}) })
    .where('id', '=', id)
    .where('status', '=', 'failed')
    .executeTakeFirst()
  return Number(result.numUpdatedRows) === 1
}

/** Adds a revived refund's amount to refunded_fen and recomputes the status (the reservation is untouched). */
export async function addLateRefundToPayment(db: Db, paymentId: string, amountFen: number, now: number): Promise<void> {
  await db
    .updateTable('payments')
    .set({
      refunded_fen: sql<number>`refunded_fen + ${amountFen}`,
      status: sql<PaymentRow['status']>`case
        when refund_pending_fen > 0 then 'refunding'
        when refunded_fen + ${amountFen} >= amount_fen then 'refunded'
        else 'partially_refunded' end`,
      updated_at: now,
    })
    .where('id', '=', paymentId)
    .execute()
}

/** Moves a settled refund's amount out of the reservation (into refunded_fen if it went through) and recomputes the status. */
export async function applyRefundToPayment(db: Db, paymentId: string, amountFen: number, succeeded: boolean, now: number): Promise<void> {
  const added = succeeded ? amountFen : 0
  await db
    .updateTable('payments')
    .set({
      refunded_fen: sql<number>`refunded_fen + ${added}`,
      refund_pending_fen: sql<number>`refund_pending_fen - ${amountFen}`,
      status: sql<PaymentRow['status']>`case
        when refund_pending_fen - ${amountFen} > 0 then 'refunding'
        when refunded_fen + ${added} >= amount_fen then 'refunded'
        when refunded_fen + ${added} > 0 then 'partially_refunded'
        else 'paid' end`,
      updated_at: now,
    })
    .where('id', '=', paymentId)
    .execute()
}

export function toPaymentDto(row: PaymentRow): Payment {
  return {
    id: row.id,
    kind: row.kind,
    orderId: row.order_id,
    status: row.status,
    amountFen: row.amount_fen,
    refundedFen: row.refunded_fen,
    description: row.description,
    createdAt: toShanghaiIso(row.created_at),
    expiresAt: toShanghaiIso(row.expires_at),
    ...(row.paid_at !== null ? { paidAt: toShanghaiIso(row.paid_at) } : {}),
  }
}

export function toRefundDto(row: RefundRow): Refund {
  return {
    id: row.id,
    paymentId: row.payment_id,
    amountFen: row.amount_fen,
    reason: row.reason,
    status: row.status,
    createdAt: toShanghaiIso(row.created_at),
    ...(row.succeeded_at !== null ? { succeededAt: toShanghaiIso(row.succeeded_at) } : {}),
  }
}
