import { MAX_LINES, type CartChange, type CartResponse, type MergeCartRequest, type Product } from '@tianyuan/contracts'
import { productsWithShop } from './catalog'
import type { MarketDb } from './schema'
import { toProducts, type MarketDeps, type ProductWithShop } from './shared'

/**
 * The server's copy of a buyer's cart, merged with the phone's.
 *
 * Merge rule (PUT /api/market/cart):
 *  1. lines the phone sends win — their quantity replaces the server's (the phone in the buyer's
 *     hand is the latest word on the products it lists);
 *  2. lines only on the server stay (added on another phone or before a reinstall);
 *  3. `removed` product ids are deleted (so a removal made offline is not undone by rule 2);
 *  4. then unlisted or deleted products are dropped, sold-out ones dropped, and quantities above
 *     the stock clamped to it; every such change is reported in `changes` with a message.
 * The result is stored and returned; the phone replaces its copy with it.
 */
export async function mergeCart(deps: MarketDeps, userId: string, body: MergeCartRequest): Promise<CartResponse> {
  const t = deps.now()
  return deps.db.transaction().execute(async (trx) => {
    // One merge per buyer at a time: two phones merging at once would each read the cart, then
    // each replace it with their own merge, and the later one would drop the other's lines (on
    // PostgreSQL, or fail on the primary key). A no-op write to the buyer's row takes its lock
    // until commit, so the second merge reads the first one's result. SQLite runs one writer anyway.
    await trx.updateTable('users').set((eb) => ({ updated_at: eb.ref('updated_at') })).where('id', '=', userId).execute()
    if (body.removed?.length) {
      await trx.deleteFrom('market_cart_items').where('user_id', '=', userId).where('product_id', 'in', body.removed).execute()
    }
    const removed = new Set(body.removed ?? [])
    const existing = await trx.selectFrom('market_cart_items').selectAll().where('user_id', '=', userId).execute()
    const merged = new Map<string, number>()
    for (const line of existing) merged.set(line.product_id, line.quantity)
    for (const line of body.items) if (!removed.has(line.productId)) merged.set(line.productId, line.quantity)
    const { lines, changes } = await settle(trx, merged)
    // Store exactly the settled result.
    await trx.deleteFrom('market_cart_items').where('user_id', '=', userId).execute()
    const kept = lines.slice(0, MAX_LINES)
    if (kept.length) {
      await trx
        .insertInto('market_cart_items')
        .values(kept.map((l) => ({ user_id: userId, product_id: l.product.id, quantity: l.quantity, updated_at: t })))
        .execute()
    }
    return shape(kept, changes)
  })
}

/** The stored cart, checked against today's stock and listings (changes reported, not stored). */
export async function getCart(deps: MarketDeps, userId: string): Promise<CartResponse> {
  const existing = await deps.db.selectFrom('market_cart_items').selectAll().where('user_id', '=', userId).execute()
  const { lines, changes } = await settle(deps.db, new Map(existing.map((l) => [l.product_id, l.quantity])))
  return shape(lines, changes)
}

interface SettledLine {
  product: Product
  quantity: number
}

async function settle(db: MarketDb, wanted: Map<string, number>): Promise<{ lines: SettledLine[]; changes: CartChange[] }> {
  const ids = [...wanted.keys()]
  const rows = ids.length ? ((await productsWithShop(db).where('p.id', 'in', ids).execute()) as ProductWithShop[]) : []
  const products = new Map((await toProducts(db, rows)).map((p) => [p.id, p]))
  const lines: SettledLine[] = []
  const changes: CartChange[] = []
  for (const [productId, quantity] of wanted) {
    const product = products.get(productId)
    if (!product || product.status !== 'on_sale') {
      changes.push({ productId, kind: 'unavailable', from: quantity, to: 0, message: `${product ? `「${product.title}」` : '有一件商品'}已下架，已从购物车移除` })
      continue
    }
    if (product.stock <= 0) {
      changes.push({ productId, kind: 'sold_out', from: quantity, to: 0, message: `「${product.title}」已经卖完了，已从购物车移除` })
      continue
    }
    if (quantity > product.stock) {
      changes.push({
        productId,
        kind: 'clamped',
        from: quantity,
        to: product.stock,
        message: `「${product.title}」只剩 ${product.stock} ${product.unit}，数量已改为 ${product.stock}`,
      })
      lines.push({ product, quantity: product.stock })
      continue
    }
    lines.push({ product, quantity })
  }
  // Stable order: by shop, then newest product first — the app groups the cart by shop.
  lines.sort((a, b) => a.product.shopId.localeCompare(b.product.shopId) || b.product.createdAt.localeCompare(a.product.createdAt) || a.product.id.localeCompare(b.product.id))
  return { lines, changes }
}

function shape(lines: SettledLine[], changes: CartChange[]): CartResponse {
  const items = lines.map((l) => ({ product: l.product, quantity: l.quantity, subtotalFen: l.product.priceFen * l.quantity }))
  return { items, totalFen: items.reduce((s, l) => s + l.subtotalFen, 0), changes }
}
