import type { Logger } from '../../platform/logging'
import { registerHeldPayable, startDueRefunds, sweepHeldPayable, type DueRefund, type HeldPayableKind, type PaymentsService } from '../payments'
import { holdForPayment, markAfterSaleRefunded, markOrderPaid, releaseExpiredHolds, reviveCancelledOrder } from './orders'
import { marketDb, type MarketDb, type MarketTables } from './schema'
import type { MarketDeps } from './shared'

/** The payments module's kind (named once, in @tianyuan/contracts/payments-rules). */
import { MARKET_ORDER_KIND } from '@tianyuan/contracts/payments-rules'

export { MARKET_ORDER_KIND }

/**
 * A market order in the payments module's held-then-paid lifecycle (payments/held.ts):
 * - held: 待付款, its stock reserved until `hold_expires_at`; the amount is the order's total;
 * - paid: 待付款 → 待发货 exactly once; paid after a cancel → revived if the stock can be taken
 *   again, else it stays cancelled and a full refund is due;
 * - refunds the market decides: a cancelled order that was paid anyway (in full), an approved
 *   after-sale (its amount); 同意 → 已退款 when WeChat confirms.
 */
export function marketOrderKind(deps: MarketDeps): HeldPayableKind {
  return {
    kind: MARKET_ORDER_KIND,
    async read(db, orderId, userId) {
      const mdb = marketDb(db)
      const order = await mdb
        .selectFrom('market_orders as o')
        .innerJoin('market_shops as s', 's.id', 'o.shop_id')
        .select(['o.id', 'o.status', 'o.total_fen', 'o.hold_expires_at', 's.name as shop_name'])
        .where('o.id', '=', orderId)
        .where('o.buyer_id', '=', userId)
        .executeTakeFirst()
      if (!order) return null
      const first = await mdb.selectFrom('market_order_items').select('title').where('order_id', '=', orderId).orderBy('product_id').executeTakeFirst()
      const state = order.status === 'pending_payment' ? 'held' : order.status === 'cancelled' ? 'cancelled' : 'paid'
      return { state, amountFen: order.total_fen, description: `田园集市-${order.shop_name}-${first?.title ?? '农产品'}`, holdExpiresAt: order.hold_expires_at }
    },
    extendHold: (db, orderId, until) => holdForPayment(marketDb(db), orderId, until),
    markPaid: (tx, orderId, paid) => markOrderPaid(tx.withTables<MarketTables>(), orderId, paid.paidAt),
    reviveLatePayment: (tx, orderId, paid) => reviveCancelledOrder(tx.withTables<MarketTables>(), orderId, paid.paidAt),
    markRefunded: (tx, orderId, _refund, at) => markAfterSaleRefunded(tx.withTables<MarketTables>(), orderId, at),
    releaseExpiredHolds: (now) => releaseExpiredHolds(deps, now),
    dueRefunds: (options) => dueMarketRefunds(deps.db, options),
  }
}

/**
 * The refunds the market has decided and not yet started (their payment has nothing in progress):
 * - a cancelled order paid anyway (the buyer cancelled while paying, and the stock was gone): all of it;
 * - an approved after-sale: its amount (the seller's approval is the decision).
 */
export async function dueMarketRefunds(db: MarketDb, options: { orderId?: string; limit: number }): Promise<DueRefund[]> {
  let cancelled = db
    .selectFrom('payments as p')
    .innerJoin('market_orders as o', 'o.id', 'p.order_id')
    .select(['p.id', 'p.amount_fen', 'p.refunded_fen', 'o.id as order_id'])
    .where('p.kind', '=', MARKET_ORDER_KIND)
    .where('p.status', '=', 'paid')
    .where('o.status', '=', 'cancelled')
  if (options.orderId) cancelled = cancelled.where('o.id', '=', options.orderId)
  let afterSales = db
    .selectFrom('payments as p')
    .innerJoin('market_after_sales as a', 'a.order_id', 'p.order_id')
    .select(['p.id', 'p.refunded_fen', 'a.order_id', 'a.refund_fen', 'a.reason'])
    .where('p.kind', '=', MARKET_ORDER_KIND)
    .where('p.status', 'in', ['paid', 'partially_refunded'])
    .where('p.refund_pending_fen', '=', 0)
    .where('a.status', '=', 'approved')
  if (options.orderId) afterSales = afterSales.where('a.order_id', '=', options.orderId)
  const [paidCancelled, approved] = await Promise.all([cancelled.limit(options.limit).execute(), afterSales.limit(options.limit).execute()])
  return [
    ...paidCancelled.map((r) => ({ orderId: r.order_id, paymentId: r.id, amountFen: Number(r.amount_fen), refundedFen: Number(r.refunded_fen), reason: '订单已取消，货款原路退回' })),
    // The client cuts the reason to WeChat's 80 bytes; the full text stays on the after-sale.
    ...approved.map((r) => ({ orderId: r.order_id, paymentId: r.id, amountFen: Number(r.refund_fen), refundedFen: Number(r.refunded_fen), reason: `售后退款：${r.reason}` })),
  ].slice(0, options.limit)
}

/** Registers market orders with the payments module (once per payments service). */
export function registerMarketPayable(payments: PaymentsService, deps: MarketDeps, logger: Logger): void {
  registerHeldPayable(payments, marketOrderKind(deps), { now: deps.now, paymentTimeoutMs: deps.paymentTimeoutMs, logger })
}

/**
 * Carries out the seller's approval of an after-sale: refunds its amount through the order's
 * payment, once (refund errors other than "already started" reach the caller). The after-sale turns
 * 已退款 when WeChat confirms (onRefunded). True when a refund was started or is already in
 * progress; false when there is nothing to refund through WeChat (no paid payment on record).
 */
export async function refundApprovedAfterSale(payments: PaymentsService, db: MarketDb, orderId: string): Promise<boolean> {
  const [due] = await dueMarketRefunds(db, { orderId, limit: 1 })
  if (due) {
    await payments.refundPayment(due.paymentId, due.amountFen, due.reason, { whenRefundedFen: due.refundedFen })
    return true
  }
  const inProgress = await db
    .selectFrom('payments')
    .select('id')
    .where('kind', '=', MARKET_ORDER_KIND)
    .where('order_id', '=', orderId)
    .where('status', '=', 'refunding')
    .executeTakeFirst()
  return !!inProgress
}

/**
 * Starts every refund the market has decided and not started — payments that went through for
 * orders that stay cancelled, approved after-sales WeChat did not take at once. Safe to repeat and
 * to run on several instances. Returns how many refunds were started.
 */
export async function refundPaidCancelledOrders(payments: PaymentsService, db: MarketDb, logger: Logger, limit = 50): Promise<number> {
  return startDueRefunds(payments, await dueMarketRefunds(db, { limit }), logger, MARKET_ORDER_KIND)
}

/** The market's periodic sweep (its background job, every minute): expired holds released, due refunds started. */
export function sweepMarketOrders(payments: PaymentsService | undefined, deps: MarketDeps, logger: Logger, now: number): Promise<{ released: number; refunds: number }> {
  return sweepHeldPayable(payments, marketOrderKind(deps), now, logger)
}
