import type { Transaction } from 'kysely'
import {
  MAX_FEN,
  toShanghaiIso,
  type Address,
  type AfterSale,
  type CreateAfterSaleRequest,
  type CreateOrderRequest,
  type Order,
  type OrderStatus,
  type OrdersResponse,
  type PickupPoint,
  type ShipOrderRequest,
} from '@tianyuan/contracts'
import { newId, newSortableId } from '../../platform/ids'
import { transition as transitionRow, type StatusChange } from '../../platform/db/transition'
import { answerInTransaction } from '../../platform/idempotency'
import { findOwnAddress } from './addresses'
import { enforceUnpaidQuota } from './quotas'
import type { AfterSaleRow, MarketDatabase, MarketDb, OrderItemRow, OrderRow, OrderStatusColumn } from './schema'
import { affected, loadPhotos, marketErrors, parseIds, requireOwnPhotos, toAddress, toPickupPoint, type MarketDeps } from './shared'
import { ORDER_STATUS_WORDS } from '@tianyuan/contracts/market-rules'
import { scheduleShippedReminder } from '../reminders/schedule'

/**
 * The order state machine. Every change is one conditional UPDATE (`… WHERE status = <from>`)
 * whose affected-row count decides who won, so each transition happens exactly once however many
 * requests, retries or housekeeping runs race for it.
 *
 *   pending_payment ──pay──▶ to_ship ──ship──▶ shipped ──confirm──▶ received
 *        │                                  └──reship (once)──▶ shipped
 *        └──cancel (buyer) / expire (hold timed out)──▶ cancelled   (stock released)
 *   cancelled ──revive (a payment in progress went through; stock taken again, if still there)──▶ to_ship
 *
 * After-sale (its own table, one per order, from to_ship, shipped or received):
 *   requested ──approve──▶ approved ──refund done──▶ refunded;  requested ──reject──▶ rejected
 */
export const ORDER_TRANSITIONS = {
  pay: { from: ['pending_payment'], to: 'to_ship' },
  cancel: { from: ['pending_payment'], to: 'cancelled' },
  expire: { from: ['pending_payment'], to: 'cancelled' },
  ship: { from: ['to_ship'], to: 'shipped' },
  reship: { from: ['shipped'], to: 'shipped' },
  confirm: { from: ['shipped'], to: 'received' },
  /** Money arrived after a cancel (a payment already in progress) and the stock is still there. */
  revive: { from: ['cancelled'], to: 'to_ship' },
} as const satisfies Record<string, { from: readonly OrderStatusColumn[]; to: OrderStatusColumn }>

export type OrderAction = keyof typeof ORDER_TRANSITIONS

export const AFTER_SALE_FROM: readonly OrderStatusColumn[] = ['to_ship', 'shipped', 'received']

/** Why an action is refused in a status, in words a villager can act on. */
function refused(action: OrderAction | 'after_sale', status: OrderStatusColumn): Error {
  const now = `订单现在是「${ORDER_STATUS_WORDS[status]}」`
  const what: Record<OrderAction | 'after_sale', string> = {
    pay: '，不能再付款。请刷新订单看看',
    cancel: status === 'cancelled' ? '，不用再取消' : '，已付款的订单不能直接取消，如需退款请申请售后',
    expire: '，不会超时取消',
    ship: status === 'pending_payment' ? '，买家付款后才能发货' : '，不能再发货',
    reship: status === 'shipped' ? '，已经重新发过一次货，不能再改' : '，不能重新发货',
    confirm: status === 'received' ? '，已经确认过收货了' : '，卖家发货后才能确认收货',
    revive: '，不能恢复',
    after_sale: status === 'pending_payment' ? '，还没付款，不用申请售后，可以直接取消' : '，不能申请售后',
  }
  return marketErrors.state(`${now}${what[action]}`)
}

// ---------------------------------------------------------------- create

/**
 * Places an order for one shop's products. Prices and the total come from the products as they
 * are now. Stock is reserved in the same transaction as the order insert, each line by
 * `UPDATE … SET stock = stock - q WHERE id = ? AND stock >= q AND status = 'on_sale'` with its
 * affected rows checked: all lines or none, and never more than the stock, whatever the concurrency.
 */
export async function createOrder(deps: MarketDeps, buyerId: string, body: CreateOrderRequest): Promise<Order> {
  const { db } = deps
  const ids = body.items.map((l) => l.productId)
  const products = await db.selectFrom('market_products').selectAll().where('id', 'in', ids).execute()
  const byId = new Map(products.map((p) => [p.id, p]))
  body.items.forEach((line, i) => {
    if (!byId.has(line.productId)) throw marketErrors.field(`items.${i}.productId`, '没有这个商品，请刷新后重新选择')
  })
  const shopIds = new Set(products.map((p) => p.shop_id))
  if (shopIds.size > 1) throw marketErrors.field('items', '一个订单只能包含同一家店的商品，请按店铺分开下单')
  const first = products[0]
  if (!first) throw marketErrors.field('items', '请选择要买的商品')
  if (first.seller_id === buyerId) throw marketErrors.field('items', '不能购买自己店铺的商品')
  for (const p of products) if (p.status !== 'on_sale') throw marketErrors.unavailable(p.title)

  const shop = await db.selectFrom('market_shops').selectAll().where('id', '=', first.shop_id).executeTakeFirstOrThrow()
  let delivery: { kind: 'pickup'; pickupPoint: PickupPoint } | { kind: 'courier'; address: Address }
  if (body.delivery.kind === 'pickup') {
    const point = await db
      .selectFrom('market_pickup_points')
      .selectAll()
      .where('id', '=', body.delivery.pickupPointId)
      .where('shop_id', '=', shop.id)
      .executeTakeFirst()
    if (!point) throw marketErrors.field('delivery.pickupPointId', '这家店没有这个自提点，请重新选择')
    delivery = { kind: 'pickup', pickupPoint: toPickupPoint(point) }
  } else {
    const address = await findOwnAddress(db, buyerId, body.delivery.addressId)
    if (!address) throw marketErrors.field('delivery.addressId', '没有找到这个收货地址，请重新选择')
    delivery = { kind: 'courier', address: toAddress(address) }
  }

  const lines = body.items.map((l) => {
    const p = byId.get(l.productId) as (typeof products)[number]
    return { product: p, quantity: l.quantity, subtotal: p.price_fen * l.quantity }
  })
  const total = lines.reduce((s, l) => s + l.subtotal, 0)
  if (total > MAX_FEN) throw marketErrors.field('items', '订单金额太大了，请减少数量后再下单')

  const t = deps.now()
  const order: OrderRow = {
    id: newId(),
    buyer_id: buyerId,
    shop_id: shop.id,
    seller_id: shop.owner_id,
    status: 'pending_payment',
    total_fen: total,
    delivery_kind: delivery.kind,
    delivery: JSON.stringify(delivery),
    note: body.note ?? '',
    created_at: t,
    hold_expires_at: t + deps.holdMs,
    paid_at: null,
    carrier: null,
    tracking_no: null,
    shipped_at: null,
    previous_carrier: null,
    previous_tracking_no: null,
    previous_shipped_at: null,
    received_at: null,
    cancelled_at: null,
    cancel_reason: null,
    updated_at: t,
  }
  return db.transaction().execute(async (trx) => {
    // Per-buyer limits on unpaid orders, counted under the buyer's row lock (taken first).
    await enforceUnpaidQuota(trx, deps, buyerId, lines, t)
    // A fixed order (by id) so two multi-line orders never wait on each other's rows.
    for (const line of [...lines].sort((a, b) => (a.product.id < b.product.id ? -1 : 1))) {
      await reserveStock(trx, line.product.id, line.quantity)
    }
    await trx.insertInto('market_orders').values(order).execute()
    await trx
      .insertInto('market_order_items')
      .values(
        lines.map((l) => ({
          order_id: order.id,
          product_id: l.product.id,
          title: l.product.title,
          unit: l.product.unit,
          price_fen: l.product.price_fen,
          quantity: l.quantity,
          photo_media_id: parseIds(l.product.photo_ids)[0] ?? null,
        })),
      )
      .execute()
    await addEvent(trx, order.id, 'pending_payment', t, null)
    const created = await getOrderFor(trx, { buyerId }, order.id)
    // The route's answer, committed with the order: a retry after a crash replays it (exactly once).
    await answerInTransaction(trx, 201, { order: created })
    return created
  })
}

/** Takes `quantity` units if (and only if) that many are left and the product is on sale. */
export async function reserveStock(trx: Transaction<MarketDatabase>, productId: string, quantity: number): Promise<void> {
  const result = await trx
    .updateTable('market_products')
    .set((eb) => ({ stock: eb('stock', '-', quantity) }))
    .where('id', '=', productId)
    .where('stock', '>=', quantity)
    .where('status', '=', 'on_sale')
    .executeTakeFirst()
  if (affected(result) === 1) return
  const now = await trx.selectFrom('market_products').select(['title', 'stock', 'unit', 'status']).where('id', '=', productId).executeTakeFirst()
  if (!now || now.status !== 'on_sale') throw marketErrors.unavailable(now?.title ?? '这个商品')
  throw marketErrors.outOfStock(now.title, now.stock, now.unit)
}

async function releaseStock(trx: Transaction<MarketDatabase>, orderId: string): Promise<void> {
  const items = await trx.selectFrom('market_order_items').select(['product_id', 'quantity']).where('order_id', '=', orderId).orderBy('product_id').execute()
  for (const item of items) {
    await trx
      .updateTable('market_products')
      .set((eb) => ({ stock: eb('stock', '+', item.quantity) }))
      .where('id', '=', item.product_id)
      .execute()
  }
}

async function addEvent(db: MarketDb, orderId: string, status: string, at: number, note: string | null): Promise<void> {
  await db.insertInto('market_order_events').values({ id: newSortableId(at), order_id: orderId, status, at, note }).execute()
}

/**
 * One conditional transition: `UPDATE … SET <changes> WHERE id = ? AND status IN (<from>)`.
 * True if this call made it (false: someone else did, or the order is elsewhere).
 */
function transition(
  db: MarketDb,
  orderId: string,
  from: readonly OrderStatusColumn[],
  set: Partial<OrderRow>,
  extra?: StatusChange<MarketDatabase, 'market_orders'>['where'],
): Promise<boolean> {
  return transitionRow(db, 'market_orders', orderId, { from, set, where: extra })
}

// ---------------------------------------------------------------- cancel, expire, pay

async function cancelWithRelease(deps: MarketDeps, orderId: string, reason: 'buyer' | 'timeout', at: number, buyerId?: string): Promise<boolean> {
  return deps.db.transaction().execute(async (trx) => {
    const won = await transition(trx, orderId, ORDER_TRANSITIONS.cancel.from, { status: 'cancelled', cancelled_at: at, cancel_reason: reason, updated_at: at }, (q) =>
      buyerId ? q.where('buyer_id', '=', buyerId) : q.where('hold_expires_at', '<=', at),
    )
    if (!won) return false
    await releaseStock(trx, orderId)
    await addEvent(trx, orderId, 'cancelled', at, reason === 'timeout' ? '超时未付款，已自动取消' : '买家取消')
    return true
  })
}

/** The buyer cancels an unpaid order; its stock goes back on sale. */
export async function cancelOrder(deps: MarketDeps, buyerId: string, orderId: string): Promise<Order> {
  const order = await getOrderFor(deps.db, { buyerId }, orderId)
  if (order.status !== 'pending_payment') throw refused('cancel', order.status)
  const won = await cancelWithRelease(deps, orderId, 'buyer', deps.now(), buyerId)
  // Lost a race (another cancel, the hold timing out, or a payment): answered as if it came second.
  if (!won) throw refused('cancel', (await getOrderFor(deps.db, { buyerId }, orderId)).status)
  return getOrderFor(deps.db, { buyerId }, orderId)
}

/**
 * Housekeeping: cancels unpaid orders whose hold has ended and puts their stock back. Safe to run
 * on several instances at once — each order is released by whichever run wins its conditional
 * update, exactly once. Returns how many this run released.
 */
export async function releaseExpiredHolds(deps: MarketDeps, now: number, limit = 200): Promise<number> {
  const due = await deps.db
    .selectFrom('market_orders')
    .select('id')
    .where('status', '=', 'pending_payment')
    .where('hold_expires_at', '<=', now)
    .orderBy('hold_expires_at')
    .limit(limit)
    .execute()
  let released = 0
  for (const { id } of due) if (await cancelWithRelease(deps, id, 'timeout', now)) released++
  return released
}

/**
 * 待付款 → 待发货, exactly once: true if this call moved it. Called by the payments module's
 * onPaid (inside its transaction) and usable on its own.
 */
export async function markOrderPaid(db: MarketDb, orderId: string, paidAt: number): Promise<boolean> {
  const won = await transition(db, orderId, ORDER_TRANSITIONS.pay.from, { status: 'to_ship', paid_at: paidAt, updated_at: paidAt })
  if (won) await addEvent(db, orderId, 'to_ship', paidAt, null)
  return won
}

/**
 * Money arrived for an order that is no longer awaiting it (the buyer cancelled, or the hold ran
 * out, while the payment was in progress). If every line's stock can still be taken, the order is
 * revived (已取消 → 待发货) — the buyer paid and gets the goods. Otherwise it stays cancelled and
 * true is not returned: refundPaidCancelledOrders() gives the money back. Never throws for lack of
 * stock, so it can run inside the payments transaction.
 */
export async function reviveCancelledOrder(db: MarketDb, orderId: string, paidAt: number): Promise<boolean> {
  const order = await db.selectFrom('market_orders').select(['status']).where('id', '=', orderId).executeTakeFirst()
  if (order?.status !== 'cancelled') return false
  const items = await db.selectFrom('market_order_items').select(['product_id', 'quantity']).where('order_id', '=', orderId).orderBy('product_id').execute()
  const taken: typeof items = []
  const giveBack = async () => {
    for (const item of taken) {
      await db.updateTable('market_products').set((eb) => ({ stock: eb('stock', '+', item.quantity) })).where('id', '=', item.product_id).execute()
    }
  }
  for (const item of items) {
    const result = await db
      .updateTable('market_products')
      .set((eb) => ({ stock: eb('stock', '-', item.quantity) }))
      .where('id', '=', item.product_id)
      .where('stock', '>=', item.quantity)
      .where('status', '=', 'on_sale')
      .executeTakeFirst()
    if (affected(result) !== 1) {
      await giveBack()
      await addEvent(db, orderId, 'paid_after_cancel', paidAt, '订单取消后才收到付款，库存已不够，货款将原路退回')
      return false
    }
    taken.push(item)
  }
  const revived = await transition(db, orderId, ORDER_TRANSITIONS.revive.from, { status: 'to_ship', paid_at: paidAt, cancelled_at: null, cancel_reason: null, updated_at: paidAt })
  if (!revived) {
    await giveBack()
    return false
  }
  await addEvent(db, orderId, 'to_ship', paidAt, '订单取消后收到付款，已恢复订单')
  return true
}

/**
 * A payment is starting: keep the stock held at least until the payment itself can no longer
 * succeed, so the hold never runs out under a payment in progress.
 */
export async function holdForPayment(db: MarketDb, orderId: string, until: number): Promise<void> {
  await db
    .updateTable('market_orders')
    .set({ hold_expires_at: until })
    .where('id', '=', orderId)
    .where('status', '=', 'pending_payment')
    .where('hold_expires_at', '<', until)
    .execute()
}

// ---------------------------------------------------------------- ship, confirm

/**
 * The seller ships (待发货 → 已发货) or, once, re-ships an order already shipped (the first
 * shipment is kept as `previousShipment`). Sending the shipment the order already has is a no-op.
 */
export async function shipOrder(deps: MarketDeps, sellerId: string, orderId: string, body: ShipOrderRequest): Promise<Order> {
  const order = await getOrderFor(deps.db, { sellerId }, orderId)
  const t = deps.now()
  if (order.status === 'shipped' && order.shipment?.carrier === body.carrier && order.shipment.trackingNo === body.trackingNo) return order
  if (order.status === 'to_ship') {
    const won = await deps.db.transaction().execute(async (trx) => {
      const ok = await transition(trx, orderId, ORDER_TRANSITIONS.ship.from, { status: 'shipped', carrier: body.carrier, tracking_no: body.trackingNo, shipped_at: t, updated_at: t })
      if (ok) {
        await addEvent(trx, orderId, 'shipped', t, `${body.carrier} ${body.trackingNo}`)
        // 发货通知 to the buyer, sent right after this commits (modules/reminders).
        await scheduleShippedReminder<MarketDatabase>(deps.scheduler, trx, orderId, t)
      }
      return ok
    })
    if (!won) return shipOrder(deps, sellerId, orderId, body)
    return getOrderFor(deps.db, { sellerId }, orderId)
  }
  if (order.status === 'shipped') {
    if (order.previousShipment) throw refused('reship', 'shipped')
    const row = await deps.db.selectFrom('market_orders').select(['carrier', 'tracking_no', 'shipped_at']).where('id', '=', orderId).executeTakeFirstOrThrow()
    const won = await deps.db.transaction().execute(async (trx) => {
      const ok = await transition(
        trx,
        orderId,
        ORDER_TRANSITIONS.reship.from,
        {
          previous_carrier: row.carrier,
          previous_tracking_no: row.tracking_no,
          previous_shipped_at: row.shipped_at,
          carrier: body.carrier,
          tracking_no: body.trackingNo,
          shipped_at: t,
          updated_at: t,
        },
        (q) => q.where('previous_tracking_no', 'is', null).where('tracking_no', '=', row.tracking_no as string),
      )
      if (ok) await addEvent(trx, orderId, 'reshipped', t, `${body.carrier} ${body.trackingNo}`)
      return ok
    })
    if (!won) throw refused('reship', 'shipped')
    return getOrderFor(deps.db, { sellerId }, orderId)
  }
  throw refused('ship', order.status)
}

/** The buyer confirms receipt (已发货 → 已收货), once; confirming again answers the order as it is. */
export async function confirmReceipt(deps: MarketDeps, buyerId: string, orderId: string): Promise<Order> {
  const order = await getOrderFor(deps.db, { buyerId }, orderId)
  if (order.status === 'received') return order
  if (order.status !== 'shipped') throw refused('confirm', order.status)
  const t = deps.now()
  await deps.db.transaction().execute(async (trx) => {
    const won = await transition(trx, orderId, ORDER_TRANSITIONS.confirm.from, { status: 'received', received_at: t, updated_at: t })
    if (won) await addEvent(trx, orderId, 'received', t, null)
  })
  const after = await getOrderFor(deps.db, { buyerId }, orderId)
  if (after.status !== 'received') throw refused('confirm', after.status)
  return after
}

// ---------------------------------------------------------------- after-sale

export async function requestAfterSale(deps: MarketDeps, buyerId: string, orderId: string, body: CreateAfterSaleRequest): Promise<Order> {
  const order = await getOrderFor(deps.db, { buyerId }, orderId)
  if (!AFTER_SALE_FROM.includes(order.status)) throw refused('after_sale', order.status)
  if (order.afterSale) throw marketErrors.state('这个订单已经申请过售后了，请在订单里查看处理进度')
  const refundFen = body.refundFen ?? order.totalFen
  if (refundFen > order.totalFen) throw marketErrors.field('refundFen', `退款金额不能超过订单金额（${order.totalFen} 分）`)
  const photoIds = body.photoIds ?? []
  if (new Set(photoIds).size !== photoIds.length) throw marketErrors.field('photoIds', '有重复的照片')
  await requireOwnPhotos(deps.db, buyerId, photoIds, 'photoIds')
  const t = deps.now()
  const inserted = await deps.db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('market_after_sales')
      .values({
        id: newId(),
        order_id: orderId,
        buyer_id: buyerId,
        status: 'requested',
        reason: body.reason,
        photo_ids: JSON.stringify(photoIds),
        refund_fen: refundFen,
        seller_note: null,
        created_at: t,
        decided_at: null,
        refunded_at: null,
        updated_at: t,
      })
      .onConflict((oc) => oc.column('order_id').doNothing())
      .returning('id')
      .executeTakeFirst()
    if (row) await addEvent(trx, orderId, 'after_sale_requested', t, body.reason)
    return !!row
  })
  if (!inserted) throw marketErrors.state('这个订单已经申请过售后了，请在订单里查看处理进度')
  return getOrderFor(deps.db, { buyerId }, orderId)
}

/** The seller approves or rejects a requested after-sale (once). */
export async function decideAfterSale(deps: MarketDeps, sellerId: string, orderId: string, approve: boolean, note: string | undefined): Promise<Order> {
  const order = await getOrderFor(deps.db, { sellerId }, orderId)
  if (!order.afterSale) throw marketErrors.state('买家还没有申请售后')
  if (order.afterSale.status !== 'requested') throw marketErrors.state('这个售后申请已经处理过了')
  const t = deps.now()
  const won = await deps.db.transaction().execute(async (trx) => {
    const result = await trx
      .updateTable('market_after_sales')
      .set({ status: approve ? 'approved' : 'rejected', seller_note: note ?? null, decided_at: t, updated_at: t })
      .where('order_id', '=', orderId)
      .where('status', '=', 'requested')
      .executeTakeFirst()
    if (affected(result) !== 1) return false
    await addEvent(trx, orderId, approve ? 'after_sale_approved' : 'after_sale_rejected', t, note ?? null)
    return true
  })
  if (!won) throw marketErrors.state('这个售后申请已经处理过了')
  return getOrderFor(deps.db, { sellerId }, orderId)
}

/** 同意 → 已退款, exactly once (the payments module's onRefunded calls this). */
export async function markAfterSaleRefunded(db: MarketDb, orderId: string, at: number): Promise<boolean> {
  const result = await db
    .updateTable('market_after_sales')
    .set({ status: 'refunded', refunded_at: at, updated_at: at })
    .where('order_id', '=', orderId)
    .where('status', '=', 'approved')
    .executeTakeFirst()
  const won = affected(result) === 1
  if (won) await addEvent(db, orderId, 'refunded', at, null)
  return won
}

// ---------------------------------------------------------------- reading

export type OrderViewer = { buyerId: string } | { sellerId: string }

/** An order the viewer is party to (buyer or seller); anyone else's → 404. */
export async function getOrderFor(db: MarketDb, viewer: OrderViewer, orderId: string): Promise<Order> {
  let query = db.selectFrom('market_orders').selectAll().where('id', '=', orderId)
  query = 'buyerId' in viewer ? query.where('buyer_id', '=', viewer.buyerId) : query.where('seller_id', '=', viewer.sellerId)
  const row = await query.executeTakeFirst()
  if (!row) throw marketErrors.orderNotFound()
  const [order] = await toOrders(db, [row])
  return order as Order
}

export async function listOrders(
  db: MarketDb,
  viewer: OrderViewer,
  options: { status?: OrderStatus; page?: number; size?: number },
): Promise<OrdersResponse> {
  const page = options.page ?? 1
  const size = options.size ?? 20
  let query = db.selectFrom('market_orders').selectAll()
  query = 'buyerId' in viewer ? query.where('buyer_id', '=', viewer.buyerId) : query.where('seller_id', '=', viewer.sellerId)
  if (options.status) query = query.where('status', '=', options.status)
  // Orders to ship: oldest first (ship in the order they were paid); everything else newest first.
  query = options.status === 'to_ship' ? query.orderBy('paid_at', 'asc').orderBy('id') : query.orderBy('created_at', 'desc').orderBy('id')
  const rows = await query
    .limit(size + 1)
    .offset((page - 1) * size)
    .execute()
  return { items: await toOrders(db, rows.slice(0, size)), page, size, hasMore: rows.length > size }
}

async function toOrders(db: MarketDb, rows: OrderRow[]): Promise<Order[]> {
  if (rows.length === 0) return []
  const ids = rows.map((r) => r.id)
  const [items, events, afterSales, shops] = await Promise.all([
    db.selectFrom('market_order_items').selectAll().where('order_id', 'in', ids).orderBy('product_id').execute(),
    db.selectFrom('market_order_events').selectAll().where('order_id', 'in', ids).orderBy('id').execute(),
    db.selectFrom('market_after_sales').selectAll().where('order_id', 'in', ids).execute(),
    db
      .selectFrom('market_shops')
      .select(['id', 'name'])
      .where('id', 'in', [...new Set(rows.map((r) => r.shop_id))])
      .execute(),
  ])
  const photos = await loadPhotos(
    db,
    items.flatMap((i) => (i.photo_media_id ? [i.photo_media_id] : [])),
  )
  const shopNames = new Map(shops.map((s) => [s.id, s.name]))
  const group = <T extends { order_id: string }>(list: T[]) => {
    const map = new Map<string, T[]>()
    for (const x of list) map.set(x.order_id, [...(map.get(x.order_id) ?? []), x])
    return map
  }
  const itemsBy = group(items)
  const eventsBy = group(events)
  const afterSaleBy = new Map(afterSales.map((a) => [a.order_id, a]))
  const iso = (ms: number | null) => (ms === null ? null : toShanghaiIso(ms))
  return rows.map((row) => {
    const shipment = (carrier: string | null, trackingNo: string | null, at: number | null) =>
      carrier && trackingNo && at !== null ? { carrier, trackingNo, shippedAt: toShanghaiIso(at) } : null
    return {
      id: row.id,
      status: row.status,
      shopId: row.shop_id,
      shopName: shopNames.get(row.shop_id) ?? '',
      items: (itemsBy.get(row.id) ?? []).map((i: OrderItemRow) => ({
        productId: i.product_id,
        title: i.title,
        unit: i.unit,
        priceFen: i.price_fen,
        quantity: i.quantity,
        subtotalFen: i.price_fen * i.quantity,
        photo: i.photo_media_id ? (photos.get(i.photo_media_id) ?? null) : null,
      })),
      totalFen: row.total_fen,
      delivery: JSON.parse(row.delivery) as Order['delivery'],
      note: row.note,
      createdAt: toShanghaiIso(row.created_at),
      payBefore: toShanghaiIso(row.hold_expires_at),
      paidAt: iso(row.paid_at),
      shipment: shipment(row.carrier, row.tracking_no, row.shipped_at),
      previousShipment: shipment(row.previous_carrier, row.previous_tracking_no, row.previous_shipped_at),
      receivedAt: iso(row.received_at),
      cancelledAt: iso(row.cancelled_at),
      cancelReason: row.cancel_reason,
      afterSale: afterSaleBy.has(row.id) ? toAfterSale(afterSaleBy.get(row.id) as AfterSaleRow) : null,
      events: (eventsBy.get(row.id) ?? []).map((e) => ({ status: e.status, at: toShanghaiIso(e.at), note: e.note })),
    }
  })
}

function toAfterSale(row: AfterSaleRow): AfterSale {
  return {
    id: row.id,
    status: row.status,
    reason: row.reason,
    photoIds: parseIds(row.photo_ids),
    refundFen: row.refund_fen,
    sellerNote: row.seller_note,
    createdAt: toShanghaiIso(row.created_at),
    decidedAt: row.decided_at === null ? null : toShanghaiIso(row.decided_at),
    refundedAt: row.refunded_at === null ? null : toShanghaiIso(row.refunded_at),
  }
}
