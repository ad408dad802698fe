import type { Transaction } from 'kysely'
import { unitWord } from '@tianyuan/contracts/market-rules'
import { lockUserRow } from '../../platform/db/user-lock'
import type { MarketDatabase } from './schema'
import { DEFAULT_MARKET_LIMITS, marketErrors, type MarketDeps } from './shared'

// What one buyer's unpaid orders may hold (MarketLimits). An unpaid order takes its stock for the
// hold time (30 minutes): without a limit one account could take a product's whole stock, again
// and again, and nobody else could buy it. Paid orders never count: paying frees the quota.

interface QuotaLine {
  product: { id: string; title: string; unit: '斤' | 'kg' | '箱' }
  quantity: number
}

/**
 * Refuses (409 QUOTA_EXCEEDED, saying what to do) an order that would give the buyer more unpaid
 * orders than allowed, or let their unpaid orders hold more of a product than its share. Runs
 * first in the order's transaction, under the buyer's row lock, so a burst of concurrent orders
 * from one buyer is counted one after another (race-free on PostgreSQL too).
 */
export async function enforceUnpaidQuota(trx: Transaction<MarketDatabase>, deps: MarketDeps, buyerId: string, lines: readonly QuotaLine[], now: number): Promise<void> {
  const limits = deps.limits ?? DEFAULT_MARKET_LIMITS
  await lockUserRow(trx, buyerId)
  // Holds past their time count no more (the sweep is about to cancel them).
  const unpaid = await trx
    .selectFrom('market_orders')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('buyer_id', '=', buyerId)
    .where('status', '=', 'pending_payment')
    .where('hold_expires_at', '>', now)
    .executeTakeFirst()
  const n = Number(unpaid?.n ?? 0)
  if (n >= limits.unpaidOrders) {
    throw marketErrors.quota(`您已有 ${n} 个未付款的订单（最多 ${limits.unpaidOrders} 个）。请先付款，或取消不要的订单，再下新单`)
  }
  const ids = lines.map((l) => l.product.id)
  const heldRows = await trx
    .selectFrom('market_order_items as i')
    .innerJoin('market_orders as o', 'o.id', 'i.order_id')
    .select(['i.product_id', (eb) => eb.fn.sum<number>('i.quantity').as('held')])
    .where('o.buyer_id', '=', buyerId)
    .where('o.status', '=', 'pending_payment')
    .where('o.hold_expires_at', '>', now)
    .where('i.product_id', 'in', ids)
    .groupBy('i.product_id')
    .execute()
  const held = new Map(heldRows.map((r) => [r.product_id, Number(r.held)]))
  const stockRows = await trx.selectFrom('market_products').select(['id', 'stock']).where('id', 'in', ids).execute()
  const stock = new Map(stockRows.map((r) => [r.id, Number(r.stock)]))
  for (const line of lines) {
    const left = stock.get(line.product.id) ?? 0
    // More than is left: the stock check answers that (OUT_OF_STOCK, with what is left).
    if (line.quantity > left) continue
    const already = held.get(line.product.id) ?? 0
    // The share is of the stock as it would be without this buyer's holds.
    const cap = Math.max(limits.holdAlwaysUnits, Math.floor(((left + already) * limits.holdPercent) / 100))
    if (already + line.quantity <= cap) continue
    const unit = unitWord(line.product.unit)
    throw marketErrors.quota(
      already > 0
        ? `「${line.product.title}」每人未付款的订单最多留 ${cap} ${unit}，您已留了 ${already} ${unit}。请先付款，或把数量减到 ${Math.max(0, cap - already)} ${unit}以内`
        : `「${line.product.title}」每人未付款的订单最多留 ${cap} ${unit}（付款后可以再买）。请把数量减到 ${cap} ${unit}以内`,
    )
  }
}
