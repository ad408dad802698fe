import type { Address, MediaMeta, Order, Product, PublishProductRequest, Shop } from '@tianyuan/contracts'
import { shanghaiDate } from '@tianyuan/contracts'
import type { Harness } from '../../testing/harness'
import { fileBlob, multipart, tinyPng } from '../../testing/images'

// Helpers for the market's suites: a seller with a shop and a product, a buyer with an address.

export interface TestSeller {
  token: string
  userId: string
  shop: Shop
  photo: MediaMeta
  pickupPointId: string
}

export interface TestBuyer {
  token: string
  userId: string
  address: Address
}

export async function json<T>(res: Response, status?: number): Promise<T> {
  const text = await res.text()
  if (status !== undefined && res.status !== status) throw new Error(`expected ${status}, got ${res.status}: ${text}`)
  return JSON.parse(text) as T
}

export async function upload(h: Harness, token: string): Promise<MediaMeta> {
  return json<MediaMeta>(await h.request('POST', '/api/media', { token, body: multipart({ file: fileBlob(await tinyPng()) }) }), 201)
}

export async function newSeller(h: Harness, name = '老张家果园'): Promise<TestSeller> {
  const login = await h.login()
  const token = login.token
  const photo = await upload(h, token)
  const { shop } = await json<{ shop: Shop }>(
    await h.request('POST', '/api/market/seller/shop', {
      token,
      json: { name, village: '陕西省延安市洛川县凤栖镇谷咀村', intro: '自家果园，现摘现发', photoId: photo.id },
    }),
    201,
  )
  const { pickupPoint } = await json<{ pickupPoint: { id: string } }>(
    await h.request('POST', '/api/market/seller/pickup-points', { token, json: { name: '谷咀村村委会', address: '谷咀村村委会门口' } }),
    201,
  )
  return { token, userId: login.user.id, shop, photo, pickupPointId: pickupPoint.id }
}

export function productBody(h: Harness, seller: TestSeller, overrides: Partial<PublishProductRequest> = {}): PublishProductRequest {
  return {
    categoryId: 'fruit',
    title: '洛川红富士苹果',
    grade: '一级',
    origin: '陕西洛川',
    harvestDate: shanghaiDate(h.clock.now() - 5 * 86_400_000),
    unit: '斤',
    priceFen: 680,
    stock: 100,
    photoIds: [seller.photo.id],
    ...overrides,
  }
}

export async function publish(h: Harness, seller: TestSeller, overrides: Partial<PublishProductRequest> = {}): Promise<Product> {
  const res = await h.request('POST', '/api/market/seller/products', { token: seller.token, json: productBody(h, seller, overrides) })
  return (await json<{ product: Product }>(res, 201)).product
}

export async function newBuyer(h: Harness): Promise<TestBuyer> {
  const login = await h.login()
  const { address } = await json<{ address: Address }>(
    await h.request('POST', '/api/market/addresses', {
      token: login.token,
      json: { name: '李大姐', phone: '13800138000', region: '湖北省 恩施州 宣恩县', detail: '椒园镇黄坪村3组' },
    }),
    201,
  )
  return { token: login.token, userId: login.user.id, address }
}

export function orderRequest(buyer: TestBuyer, items: { productId: string; quantity: number }[]) {
  return { items, delivery: { kind: 'courier' as const, addressId: buyer.address.id } }
}

export async function placeOrder(h: Harness, buyer: TestBuyer, items: { productId: string; quantity: number }[]): Promise<Order> {
  const res = await h.request('POST', '/api/market/orders', { token: buyer.token, json: orderRequest(buyer, items) })
  return (await json<{ order: Order }>(res, 201)).order
}

export async function stockOf(h: Harness, productId: string): Promise<number> {
  const row = await h.db.kysely
    .withTables<{ market_products: { id: string; stock: number } }>()
    .selectFrom('market_products')
    .select('stock')
    .where('id', '=', productId)
    .executeTakeFirstOrThrow()
  return row.stock
}
