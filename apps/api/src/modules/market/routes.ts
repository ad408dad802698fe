import { Hono, type Context } from 'hono'
import { z } from 'zod'
import {
  CreateAddressRequest,
  CreateAfterSaleRequest,
  CreateOrderRequest,
  CreatePickupPointRequest,
  CreateShopRequest,
  DecideAfterSaleRequest,
  MarketId,
  MergeCartRequest,
  OrderListQuery,
  ProductSearchQuery,
  PublishProductRequest,
  ShipOrderRequest,
  UpdateAddressRequest,
  UpdateProductRequest,
  UpdateShopRequest,
  type AddressesResponse,
  type AddressResponse,
  type CategoriesResponse,
  type OrderResponse,
  type PickupPointResponse,
  type ProductResponse,
  type SellerProductsResponse,
  type ShopResponse,
} from '@tianyuan/contracts'
import type { AppEnv } from '../../platform/context'
import type { Logger } from '../../platform/logging'
import { requireUser, signedIn } from '../../platform/auth/sessions'
import { errors } from '../../platform/errors'
import { readEmptyBody, readJson, readQuery } from '../../platform/validation'
import type { ReadCache } from '../../platform/http/read-cache'
import type { PaymentsService } from '../payments'
import { createAddress, deleteAddress, listAddresses, updateAddress } from './addresses'
import { getCart, mergeCart } from './cart'
import { getProduct, getShop, listCategories, searchProducts } from './catalog'
import {
  cancelOrder,
  confirmReceipt,
  createOrder,
  decideAfterSale,
  getOrderFor,
  listOrders,
  requestAfterSale,
  shipOrder,
} from './orders'
import { refundApprovedAfterSale } from './payable'
import { addPickupPoint, createShop, getMyShop, listMyProducts, publishProduct, salesSummary, updateProduct, updateShop } from './seller'
import { marketErrors, type MarketDeps } from './shared'

const NoQuery = z.strictObject({})

/** An id that cannot be one of ours is simply not found. */
function idParam(c: Context<AppEnv>, notFound: () => Error): string {
  const raw = c.req.param('id') ?? ''
  if (!MarketId.safeParse(raw).success) throw notFound()
  return raw
}
const orderNotFound = () => errors.notFound('没有找到这个订单')
const productNotFound = () => errors.notFound('没有找到这个商品，可能已下架')

export interface MarketRouteDeps extends MarketDeps {
  payments: PaymentsService | null
  logger: Logger
  /** The public catalogue's answers from memory while the database is unchanged (platform/http/read-cache); absent: always computed. */
  readCache?: ReadCache | null
}

/** 田园集市: mounted at /api/market. */
export function marketRoutes(deps: MarketRouteDeps) {
  const { db } = deps
  const viewerId = (c: Context<AppEnv>) => {
    const caller = c.get('caller')
    return caller.kind === 'user' ? caller.userId : null
  }

  // The catalogue's answers are the same for every caller (a product off sale, which only its
  // seller may see, is answered but never kept), so they may come from the read cache; the key is
  // the validated query, so two spellings of one query share an answer.
  const publicJson = <T,>(c: Context<AppEnv>, key: string, compute: () => Promise<T>, shareable?: (value: T) => boolean) =>
    deps.readCache ? deps.readCache.json(c, `market ${key}`, compute, shareable) : compute().then((value) => c.json(value as object))

  return (
    new Hono<AppEnv>()
      // ---------------------------------------------------------------- catalogue (public)
      .get('/categories', async (c) => {
        readQuery(c, NoQuery)
        return publicJson(c, 'categories', async (): Promise<CategoriesResponse> => ({ items: await listCategories(db) }))
      })
      .get('/products', async (c) => {
        const query = readQuery(c, ProductSearchQuery)
        return publicJson(c, `products ${JSON.stringify(query)}`, () => searchProducts(db, query))
      })
      .get('/products/:id', async (c) => {
        const id = idParam(c, productNotFound)
        readQuery(c, NoQuery)
        const viewer = viewerId(c)
        return publicJson(
          c,
          `product ${id}`,
          async (): Promise<ProductResponse> => ({ product: await getProduct(db, id, viewer) }),
          (r) => r.product.status === 'on_sale',
        )
      })
      .get('/shops/:id', async (c) => {
        const id = idParam(c, () => errors.notFound('没有找到这家店铺'))
        readQuery(c, NoQuery)
        return publicJson(c, `shop ${id}`, async (): Promise<ShopResponse> => ({ shop: await getShop(db, id) }))
      })

      // ---------------------------------------------------------------- cart
      .get('/cart', requireUser, async (c) => {
        readQuery(c, NoQuery)
        return c.json(await getCart(deps, signedIn(c).userId))
      })
      .put('/cart', requireUser, async (c) => {
        const body = await readJson(c, MergeCartRequest)
        return c.json(await mergeCart(deps, signedIn(c).userId, body))
      })

      // ---------------------------------------------------------------- addresses
      .get('/addresses', requireUser, async (c) => {
        readQuery(c, NoQuery)
        const result: AddressesResponse = { items: await listAddresses(db, signedIn(c).userId) }
        return c.json(result)
      })
      .post('/addresses', requireUser, async (c) => {
        const body = await readJson(c, CreateAddressRequest)
        const result: AddressResponse = { address: await createAddress(deps, signedIn(c).userId, body) }
        return c.json(result, 201)
      })
      .patch('/addresses/:id', requireUser, async (c) => {
        const id = idParam(c, () => errors.notFound('没有找到这个收货地址'))
        const body = await readJson(c, UpdateAddressRequest)
        const result: AddressResponse = { address: await updateAddress(deps, signedIn(c).userId, id, body) }
        return c.json(result)
      })
      .delete('/addresses/:id', requireUser, async (c) => {
        const id = idParam(c, () => errors.notFound('没有找到这个收货地址'))
        await readEmptyBody(c)
        await deleteAddress(deps, signedIn(c).userId, id)
        return c.json({ ok: true as const })
      })

      // ---------------------------------------------------------------- buyer's orders
      .post('/orders', requireUser, async (c) => {
        const body = await readJson(c, CreateOrderRequest)
        const { userId } = signedIn(c)
        const order = await createOrder(deps, userId, body)
        c.get('log').info({ userId, orderId: order.id, totalFen: order.totalFen }, 'market order created')
        const result: OrderResponse = { order }
        return c.json(result, 201)
      })
      .get('/orders', requireUser, async (c) => {
        const query = readQuery(c, OrderListQuery)
        return c.json(await listOrders(db, { buyerId: signedIn(c).userId }, query))
      })
      .get('/orders/:id', requireUser, async (c) => {
        const id = idParam(c, orderNotFound)
        readQuery(c, NoQuery)
        const result: OrderResponse = { order: await getOrderFor(db, { buyerId: signedIn(c).userId }, id) }
        return c.json(result)
      })
      .post('/orders/:id/cancel', requireUser, async (c) => {
        const id = idParam(c, orderNotFound)
        await readEmptyBody(c)
        const result: OrderResponse = { order: await cancelOrder(deps, signedIn(c).userId, id) }
        return c.json(result)
      })
      .post('/orders/:id/confirm-receipt', requireUser, async (c) => {
        const id = idParam(c, orderNotFound)
        await readEmptyBody(c)
        const result: OrderResponse = { order: await confirmReceipt(deps, signedIn(c).userId, id) }
        return c.json(result)
      })
      .post('/orders/:id/after-sale', requireUser, async (c) => {
        const id = idParam(c, orderNotFound)
        const body = await readJson(c, CreateAfterSaleRequest)
        const result: OrderResponse = { order: await requestAfterSale(deps, signedIn(c).userId, id, body) }
        return c.json(result, 201)
      })

      // ---------------------------------------------------------------- seller
      .get('/seller/shop', requireUser, async (c) => {
        readQuery(c, NoQuery)
        const result: ShopResponse = { shop: await getMyShop(db, signedIn(c).userId) }
        return c.json(result)
      })
      .post('/seller/shop', requireUser, async (c) => {
        const body = await readJson(c, CreateShopRequest)
        const result: ShopResponse = { shop: await createShop(deps, signedIn(c).userId, body) }
        return c.json(result, 201)
      })
      .patch('/seller/shop', requireUser, async (c) => {
        const body = await readJson(c, UpdateShopRequest)
        const result: ShopResponse = { shop: await updateShop(deps, signedIn(c).userId, body) }
        return c.json(result)
      })
      .post('/seller/pickup-points', requireUser, async (c) => {
        const body = await readJson(c, CreatePickupPointRequest)
        const result: PickupPointResponse = { pickupPoint: await addPickupPoint(deps, signedIn(c).userId, body) }
        return c.json(result, 201)
      })
      .get('/seller/products', requireUser, async (c) => {
        readQuery(c, NoQuery)
        const result: SellerProductsResponse = { items: await listMyProducts(db, signedIn(c).userId) }
        return c.json(result)
      })
      .post('/seller/products', requireUser, async (c) => {
        const body = await readJson(c, PublishProductRequest)
        const result: ProductResponse = { product: await publishProduct(deps, signedIn(c).userId, body) }
        return c.json(result, 201)
      })
      .patch('/seller/products/:id', requireUser, async (c) => {
        const id = idParam(c, productNotFound)
        const body = await readJson(c, UpdateProductRequest)
        const result: ProductResponse = { product: await updateProduct(deps, signedIn(c).userId, id, body) }
        return c.json(result)
      })
      .post('/seller/products/:id/unlist', requireUser, async (c) => {
        const id = idParam(c, productNotFound)
        await readEmptyBody(c)
        const result: ProductResponse = { product: await updateProduct(deps, signedIn(c).userId, id, { status: 'unlisted' }) }
        return c.json(result)
      })
      .get('/seller/orders', requireUser, async (c) => {
        const query = readQuery(c, OrderListQuery)
        return c.json(await listOrders(db, { sellerId: signedIn(c).userId }, query))
      })
      .get('/seller/orders/:id', requireUser, async (c) => {
        const id = idParam(c, orderNotFound)
        readQuery(c, NoQuery)
        const result: OrderResponse = { order: await getOrderFor(db, { sellerId: signedIn(c).userId }, id) }
        return c.json(result)
      })
      .post('/seller/orders/:id/ship', requireUser, async (c) => {
        const id = idParam(c, orderNotFound)
        const body = await readJson(c, ShipOrderRequest)
        const result: OrderResponse = { order: await shipOrder(deps, signedIn(c).userId, id, body) }
        return c.json(result)
      })
      .post('/seller/orders/:id/after-sale/approve', requireUser, async (c) => {
        const id = idParam(c, orderNotFound)
        const body = await readJson(c, DecideAfterSaleRequest)
        const { userId } = signedIn(c)
        let order = await decideAfterSale(deps, userId, id, true, body.note)
        if (deps.payments) {
          try {
            if (await refundApprovedAfterSale(deps.payments, db, id)) order = await getOrderFor(db, { sellerId: userId }, id)
          } catch (error) {
            // Approved stays recorded; POST …/after-sale/refund tries the refund again.
            c.get('log').warn({ err: error, orderId: id }, 'after-sale refund did not start')
          }
        }
        const result: OrderResponse = { order }
        return c.json(result)
      })
      .post('/seller/orders/:id/after-sale/reject', requireUser, async (c) => {
        const id = idParam(c, orderNotFound)
        const body = await readJson(c, DecideAfterSaleRequest)
        const result: OrderResponse = { order: await decideAfterSale(deps, signedIn(c).userId, id, false, body.note) }
        return c.json(result)
      })
      .post('/seller/orders/:id/after-sale/refund', requireUser, async (c) => {
        const id = idParam(c, orderNotFound)
        await readEmptyBody(c)
        const { userId } = signedIn(c)
        const order = await getOrderFor(db, { sellerId: userId }, id)
        if (order.afterSale?.status !== 'approved') throw marketErrors.state('只有已同意的售后才能退款')
        if (!deps.payments || !(await refundApprovedAfterSale(deps.payments, db, id))) {
          throw marketErrors.state('这个订单没有可以原路退回的付款记录，请联系客服处理')
        }
        const result: OrderResponse = { order: await getOrderFor(db, { sellerId: userId }, id) }
        return c.json(result)
      })
      .get('/seller/summary', requireUser, async (c) => {
        readQuery(c, NoQuery)
        return c.json(await salesSummary(deps, signedIn(c).userId))
      })
  )
}
