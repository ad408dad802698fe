import type { Updateable } from 'kysely'
import {
  dayjs,
  shanghaiDate,
  SHANGHAI,
  type CreatePickupPointRequest,
  type CreateShopRequest,
  type PickupPoint,
  type Product,
  type PublishProductRequest,
  type SalesSummaryResponse,
  type Shop,
  type UpdateProductRequest,
  type UpdateShopRequest,
} from '@tianyuan/contracts'
import { newId } from '../../platform/ids'
import { answerInTransaction } from '../../platform/idempotency'
import { productsWithShop, shopWithPoints } from './catalog'
import type { MarketDb, MarketProductsTable, ShopRow } from './schema'
import { fieldsForUpdate, syncProductTerms } from './search-terms'
import { affected, marketErrors, requireOwnPhotos, searchTextOf, toPickupPoint, toProducts, type MarketDeps, type ProductWithShop } from './shared'

// The seller's side: my shop, pickup points, publishing and editing products, sales summary.

export async function findOwnShop(db: MarketDb, userId: string): Promise<ShopRow | undefined> {
  return db.selectFrom('market_shops').selectAll().where('owner_id', '=', userId).executeTakeFirst()
}

export async function requireOwnShop(db: MarketDb, userId: string): Promise<ShopRow> {
  const shop = await findOwnShop(db, userId)
  if (!shop) throw marketErrors.noShop()
  return shop
}

export async function getMyShop(db: MarketDb, userId: string): Promise<Shop> {
  return shopWithPoints(db, await requireOwnShop(db, userId))
}

export async function createShop(deps: MarketDeps, userId: string, body: CreateShopRequest): Promise<Shop> {
  if (body.photoId) await requireOwnPhotos(deps.db, userId, [body.photoId], 'photoId')
  const t = deps.now()
  const row: ShopRow = {
    id: newId(),
    owner_id: userId,
    name: body.name,
    village: body.village,
    intro: body.intro,
    photo_media_id: body.photoId ?? null,
    created_at: t,
    updated_at: t,
  }
  // One shop per user, decided by the unique owner_id: a second (or concurrent) create conflicts.
  const inserted = await deps.db
    .insertInto('market_shops')
    .values(row)
    .onConflict((oc) => oc.column('owner_id').doNothing())
    .returning('id')
    .executeTakeFirst()
  if (!inserted) throw marketErrors.shopExists()
  return shopWithPoints(deps.db, row)
}

export async function updateShop(deps: MarketDeps, userId: string, body: UpdateShopRequest): Promise<Shop> {
  const shop = await requireOwnShop(deps.db, userId)
  if (body.photoId) await requireOwnPhotos(deps.db, userId, [body.photoId], 'photoId')
  await deps.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('market_shops')
      .set({
        ...(body.name !== undefined ? { name: body.name } : {}),
        ...(body.village !== undefined ? { village: body.village } : {}),
        ...(body.intro !== undefined ? { intro: body.intro } : {}),
        ...(body.photoId !== undefined ? { photo_media_id: body.photoId } : {}),
        updated_at: deps.now(),
      })
      .where('id', '=', shop.id)
      .execute()
    if (body.name !== undefined && body.name !== shop.name) {
      // The shop name is searchable: refresh its products' search text.
      const products = await fieldsForUpdate(trx, { shopId: shop.id })
      for (const p of products) {
        await trx.updateTable('market_products').set({ search_text: searchTextOf(p, body.name) }).where('id', '=', p.id).execute()
        await syncProductTerms(trx, p.id, { ...p, shopName: shop.name }, { ...p, shopName: body.name })
      }
    }
  })
  return getMyShop(deps.db, userId)
}

export async function addPickupPoint(deps: MarketDeps, userId: string, body: CreatePickupPointRequest): Promise<PickupPoint> {
  const shop = await requireOwnShop(deps.db, userId)
  const row = { id: newId(), shop_id: shop.id, name: body.name, address: body.address, created_at: deps.now() }
  await deps.db.insertInto('market_pickup_points').values(row).execute()
  return toPickupPoint(row)
}

function checkHarvestDate(deps: MarketDeps, date: string): void {
  const today = shanghaiDate(deps.now())
  if (date > today) throw marketErrors.field('harvestDate', `采收日期不能晚于今天（${today}）`)
  const earliest = dayjs(deps.now()).tz(SHANGHAI).subtract(3, 'year').format('YYYY-MM-DD')
  if (date < earliest) throw marketErrors.field('harvestDate', `采收日期太早了，不能早于 ${earliest}`)
}

async function checkCategory(db: MarketDb, id: string): Promise<void> {
  const found = await db.selectFrom('market_categories').select('id').where('id', '=', id).executeTakeFirst()
  if (!found) throw marketErrors.field('categoryId', '没有这个分类，请重新选择')
}

export async function publishProduct(deps: MarketDeps, userId: string, body: PublishProductRequest): Promise<Product> {
  const shop = await requireOwnShop(deps.db, userId)
  checkHarvestDate(deps, body.harvestDate)
  await checkCategory(deps.db, body.categoryId)
  await requireOwnPhotos(deps.db, userId, body.photoIds, 'photoIds')
  const t = deps.now()
  const row: MarketProductsTable = {
    id: newId(),
    shop_id: shop.id,
    seller_id: userId,
    category_id: body.categoryId,
    title: body.title,
    grade: body.grade,
    origin: body.origin,
    harvest_date: body.harvestDate,
    unit: body.unit,
    price_fen: body.priceFen,
    stock: body.stock,
    description: body.description ?? '',
    photo_ids: JSON.stringify(body.photoIds),
    status: 'on_sale',
    search_text: searchTextOf(body, shop.name),
    created_at: t,
    updated_at: t,
  }
  return deps.db.transaction().execute(async (trx) => {
    await trx.insertInto('market_products').values(row).execute()
    await syncProductTerms(trx, row.id, null, { ...row, shopName: shop.name })
    const [product] = (await toProducts(trx, [{ ...row, shop_name: shop.name }])) as [Product]
    // The route's answer, committed with the listing: a retry after a crash replays it, never lists it twice.
    await answerInTransaction(trx, 201, { product })
    return product
  })
}

/**
 * Edits a product of the caller's own shop (anyone else's → 404). Stock set here is the new
 * number of units left to sell; units already held by unpaid orders are not included.
 */
export async function updateProduct(deps: MarketDeps, userId: string, productId: string, body: UpdateProductRequest): Promise<Product> {
  const shop = await requireOwnShop(deps.db, userId).catch(() => {
    throw marketErrors.productNotFound()
  })
  const current = await deps.db.selectFrom('market_products').selectAll().where('id', '=', productId).where('shop_id', '=', shop.id).executeTakeFirst()
  if (!current) throw marketErrors.productNotFound()
  if (body.harvestDate !== undefined) checkHarvestDate(deps, body.harvestDate)
  if (body.categoryId !== undefined) await checkCategory(deps.db, body.categoryId)
  if (body.photoIds !== undefined) await requireOwnPhotos(deps.db, userId, body.photoIds, 'photoIds')
  const next = {
    title: body.title ?? current.title,
    origin: body.origin ?? current.origin,
    grade: body.grade ?? current.grade,
  }
  const set: Updateable<MarketProductsTable> = {
    ...(body.categoryId !== undefined ? { category_id: body.categoryId } : {}),
    ...(body.title !== undefined ? { title: body.title } : {}),
    ...(body.grade !== undefined ? { grade: body.grade } : {}),
    ...(body.origin !== undefined ? { origin: body.origin } : {}),
    ...(body.harvestDate !== undefined ? { harvest_date: body.harvestDate } : {}),
    ...(body.unit !== undefined ? { unit: body.unit } : {}),
    ...(body.priceFen !== undefined ? { price_fen: body.priceFen } : {}),
    ...(body.stock !== undefined ? { stock: body.stock } : {}),
    ...(body.description !== undefined ? { description: body.description } : {}),
    ...(body.photoIds !== undefined ? { photo_ids: JSON.stringify(body.photoIds) } : {}),
    ...(body.status !== undefined ? { status: body.status } : {}),
    search_text: searchTextOf(next, shop.name),
    updated_at: deps.now(),
  }
  // With its search index, in one transaction: a search never sees the new words without the product's new text.
  await deps.db.transaction().execute(async (trx) => {
    const [before] = await fieldsForUpdate(trx, { productId })
    const result = await trx.updateTable('market_products').set(set).where('id', '=', productId).where('shop_id', '=', shop.id).executeTakeFirst()
    if (affected(result) !== 1 || !before) throw marketErrors.productNotFound()
    await syncProductTerms(trx, productId, { ...before, shopName: shop.name }, { ...next, shopName: shop.name })
  })
  return sellerProduct(deps.db, shop.id, productId)
}

async function sellerProduct(db: MarketDb, shopId: string, productId: string): Promise<Product> {
  const row = (await productsWithShop(db).where('p.id', '=', productId).where('p.shop_id', '=', shopId).executeTakeFirst()) as ProductWithShop | undefined
  if (!row) throw marketErrors.productNotFound()
  const [product] = await toProducts(db, [row])
  return product as Product
}

export async function listMyProducts(db: MarketDb, userId: string): Promise<Product[]> {
  const shop = await findOwnShop(db, userId)
  if (!shop) return []
  const rows = (await productsWithShop(db).where('p.shop_id', '=', shop.id).orderBy('p.created_at', 'desc').orderBy('p.id').limit(500).execute()) as ProductWithShop[]
  return toProducts(db, rows)
}

const SUMMARY_DAYS = 30

/**
 * Sales of the last 30 Shanghai calendar days (today included, oldest first): orders paid on that
 * day (by payment time) and not cancelled, with their totals in fen; refunds are reported apart.
 */
export async function salesSummary(deps: MarketDeps, userId: string): Promise<SalesSummaryResponse> {
  const shop = await requireOwnShop(deps.db, userId)
  const today = dayjs(deps.now()).tz(SHANGHAI).startOf('day')
  const first = today.subtract(SUMMARY_DAYS - 1, 'day')
  const days = Array.from({ length: SUMMARY_DAYS }, (_, i) => ({ date: first.add(i, 'day').format('YYYY-MM-DD'), orders: 0, totalFen: 0 }))
  const byDate = new Map(days.map((d) => [d.date, d]))
  const paid = await deps.db
    .selectFrom('market_orders')
    .select(['id', 'paid_at', 'total_fen'])
    .where('shop_id', '=', shop.id)
    .where('paid_at', '>=', first.valueOf())
    .where('status', '<>', 'cancelled')
    .execute()
  for (const order of paid) {
    const day = byDate.get(shanghaiDate(order.paid_at as number))
    if (!day) continue
    day.orders += 1
    day.totalFen += order.total_fen
  }
  const refunds = await deps.db
    .selectFrom('market_after_sales as a')
    .innerJoin('market_orders as o', 'o.id', 'a.order_id')
    .select('a.refund_fen')
    .where('o.shop_id', '=', shop.id)
    .where('a.status', '=', 'refunded')
    .where('a.refunded_at', '>=', first.valueOf())
    .execute()
  const toShip = await deps.db
    .selectFrom('market_orders')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('shop_id', '=', shop.id)
    .where('status', '=', 'to_ship')
    .executeTakeFirst()
  return {
    days,
    orders: days.reduce((s, d) => s + d.orders, 0),
    totalFen: days.reduce((s, d) => s + d.totalFen, 0),
    refundedFen: refunds.reduce((s, r) => s + r.refund_fen, 0),
    toShip: Number(toShip?.n ?? 0),
  }
}
