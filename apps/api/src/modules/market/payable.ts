import type { PaymentsService, PayableResolver } from '../payments'
import type { Logger } from '../../platform/logging'
import { holdForPayment, markAfterSaleRefunded, markOrderPaid, reviveCancelledOrder } from './orders'
import { marketDb, type MarketDb, type MarketTables } from './schema'
import type { MarketDeps } from './shared'

/** The payments module's kind for a market order. */
export const MARKET_ORDER_KIND = 'market_order'

/** A payment may still succeed this long after its own timeout (clock skew, a late notification). */
const PAYMENT_GRACE_MS = 2 * 60_000

/**
 * How the payments module reads and settles a market order:
 * - load: the buyer's own order; the amount is the order's total from our record. A payable order
 *   has its stock hold stretched to outlive the payment, so a hold never lapses under a payment;
 * - onPaid: 待付款 → 待发货, exactly once (a conditional update inside the payments transaction);
 * - onRefunded: an approved after-sale → 已退款.
 */
export function marketPayable(deps: MarketDeps, logger: Logger): PayableResolver {
  return {
    async load(orderId, userId, db) {
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
      const description = `田园集市-${order.shop_name}-${first?.title ?? '农产品'}`
      if (order.status === 'cancelled') return { amountFen: order.total_fen, description, status: 'cancelled' }
      if (order.status !== 'pending_payment') return { amountFen: order.total_fen, description, status: 'paid' }
      const now = deps.now()
      if (order.hold_expires_at <= now) return { amountFen: order.total_fen, description, status: 'cancelled' }
      await holdForPayment(mdb, orderId, now + deps.paymentTimeoutMs + PAYMENT_GRACE_MS)
      return { amountFen: order.total_fen, description, status: 'unpaid' }
    },
    async onPaid(orderId, tx, paid) {
      const db = tx.withTables<MarketTables>()
      if (await markOrderPaid(db, orderId, paid.paidAt)) return
      if (await reviveCancelledOrder(db, orderId, paid.paidAt)) {
        logger.info({ orderId, paymentId: paid.paymentId }, 'market order paid after it was cancelled: revived')
        return
      }
      // Already paid (a repeat), or cancelled with its stock gone: refundPaidCancelledOrders refunds it.
      logger.warn({ orderId, paymentId: paid.paymentId }, 'market order paid but not awaiting payment')
    },
    async onRefunded(orderId, tx, refund) {
      const moved = await markAfterSaleRefunded(tx.withTables<MarketTables>(), orderId, deps.now())
      if (!moved) logger.info({ orderId, refundId: refund.refundId }, 'market order refund without an approved after-sale')
    },
  }
}

/** Registers market orders with the payments module (once per payments service). */
export function registerMarketPayable(payments: PaymentsService, deps: MarketDeps, logger: Logger): void {
  if (!payments.hasPayable(MARKET_ORDER_KIND)) payments.registerPayable(MARKET_ORDER_KIND, marketPayable(deps, logger))
}

/**
 * Refunds an approved after-sale through the payments module: the order's paid payment, the
 * approved amount. The after-sale turns 已退款 when WeChat confirms (onRefunded). Returns false
 * when there is nothing to refund through WeChat (no paid payment on record).
 */
export async function refundApprovedAfterSale(payments: PaymentsService, db: MarketDb, orderId: string): Promise<boolean> {
  const afterSale = await db.selectFrom('market_after_sales').select(['status', 'refund_fen', 'reason']).where('order_id', '=', orderId).executeTakeFirst()
  if (!afterSale || afterSale.status !== 'approved') return false
  const payment = await db
    .selectFrom('payments')
    .select('id')
    .where('kind', '=', MARKET_ORDER_KIND)
    .where('order_id', '=', orderId)
    .where('status', 'in', ['paid', 'partially_refunded'])
    .executeTakeFirst()
  if (!payment) return false
  await payments.refundPayment(payment.id, afterSale.refund_fen, `售后退款：${afterSale.reason}`.slice(0, 80))
  return true
}

/**
 * Housekeeping: payments that went through for orders that stay cancelled (paid after a cancel,
 * with the stock gone) are refunded in full. Safe to repeat: a refunded payment is no longer 'paid',
 * and the payments module never refunds more than was paid. Returns how many refunds were started.
 */
export async function refundPaidCancelledOrders(payments: PaymentsService, db: MarketDb, logger: Logger, limit = 50): Promise<number> {
  const rows = await db
    .selectFrom('payments as p')
    .innerJoin('market_orders as o', 'o.id', 'p.order_id')
    .select(['p.id', 'p.amount_fen', 'o.id as order_id'])
    .where('p.kind', '=', MARKET_ORDER_KIND)
    .where('p.status', '=', 'paid')
    .where('o.status', '=', 'cancelled')
    .limit(limit)
    .execute()
  let started = 0
  for (const row of rows) {
    try {
      await payments.refundPayment(row.id, row.amount_fen, '订单已取消，货款原路退回')
      started++
    } catch (error) {
      logger.warn({ err: error, orderId: row.order_id, paymentId: row.id }, 'refund of a cancelled market order did not start')
    }
  }
  return started
}
