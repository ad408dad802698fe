import { z } from 'zod'
import { PageNumber, PageSize, pageOf } from './paging'
import { MediaId } from './auth'
import { Fen } from './money'
import { IsoDateTime, LocalDate } from './time'
import { Id } from './ids'
import { Photo } from './media'
import { SearchTerm, optionalText, requiredText } from './text'
import { ORDER_STATUS_WORDS } from './market-rules'

/** The statuses are named once, with their words, in market-rules.ts. */
type OrderStatusKey = keyof typeof ORDER_STATUS_WORDS

/**
 * 田园集市 — produce sales. Categories, shops, products, a cart merged with the phone's copy,
 * addresses, pickup points, orders with a state machine, shipping, receipt and after-sale.
 * Every amount is integer fen computed by the server; a client's totals are never read.
 */

// ---------------------------------------------------------------- shared pieces

/** The one id schema (ids.ts): the API's 22-character random ids, seeded categories' short slugs. */
export const MarketId = Id
export type MarketId = z.infer<typeof MarketId>

export const ProductUnit = z.enum(['斤', 'kg', '箱'], { message: '单位只能是 斤、kg 或 箱' })
export type ProductUnit = z.infer<typeof ProductUnit>

export const ProductStatus = z.enum(['on_sale', 'unlisted'])
export type ProductStatus = z.infer<typeof ProductStatus>

/** Largest price per unit: 10 万元. */
export const MAX_UNIT_PRICE_FEN = 10_000_000
/** Largest stock a product may hold. */
export const MAX_STOCK = 1_000_000
/** Largest quantity of one product in one order or cart line. */
export const MAX_QUANTITY = 9_999
/** Largest number of lines in a cart or an order. */
export const MAX_LINES = 50

export const UnitPriceFen = z
  .number({ message: '价格应为整数（单位：分）' })
  .int({ message: '价格应为整数（单位：分）' })
  .min(1, { message: '价格至少 1 分' })
  .max(MAX_UNIT_PRICE_FEN, { message: '价格太高了，每个单位最多 10 万元' })

export const Stock = z
  .number({ message: '库存应为整数' })
  .int({ message: '库存应为整数' })
  .min(0, { message: '库存不能是负数' })
  .max(MAX_STOCK, { message: `库存最多 ${MAX_STOCK}` })

export const Quantity = z
  .number({ message: '数量应为整数' })
  .int({ message: '数量应为整数' })
  .min(1, { message: '数量至少为 1' })
  .max(MAX_QUANTITY, { message: `数量最多 ${MAX_QUANTITY}` })

/** Mainland China mobile number: 11 digits starting 13–19. */
export const MobilePhone = z.string({ message: '请填写手机号' }).regex(/^1[3-9]\d{9}$/, { message: '手机号应为 11 位数字，以 1 开头' })

export const PhotoIds = z
  .array(MediaId, { message: '请上传照片' })
  .min(1, { message: '至少上传 1 张照片' })
  .max(9, { message: '最多 9 张照片' })
  .refine((ids) => new Set(ids).size === ids.length, { message: '有重复的照片' })

/** A photo as a list or page shows it: the one photo shape (media.ts `Photo`). */
export const MarketPhoto = Photo
export type MarketPhoto = z.infer<typeof MarketPhoto>

// ---------------------------------------------------------------- catalogue

export const Category = z.strictObject({ id: MarketId, name: z.string(), sort: z.number().int() })
export type Category = z.infer<typeof Category>

export const CategoriesResponse = z.strictObject({ items: z.array(Category) })
export type CategoriesResponse = z.infer<typeof CategoriesResponse>

export const PickupPoint = z.strictObject({ id: MarketId, shopId: MarketId, name: z.string(), address: z.string() })
export type PickupPoint = z.infer<typeof PickupPoint>

export const Shop = z.strictObject({
  id: MarketId,
  name: z.string(),
  /** Where the shop is, e.g. 陕西省延安市洛川县凤栖镇谷咀村. */
  village: z.string(),
  intro: z.string(),
  photo: z.nullable(MarketPhoto),
  pickupPoints: z.array(PickupPoint),
  createdAt: IsoDateTime,
})
export type Shop = z.infer<typeof Shop>

export const ShopResponse = z.strictObject({ shop: Shop })
export type ShopResponse = z.infer<typeof ShopResponse>

export const Product = z.strictObject({
  id: MarketId,
  shopId: MarketId,
  shopName: z.string(),
  categoryId: MarketId,
  title: z.string(),
  /** 特级 / 一级 / 二级 … */
  grade: z.string(),
  /** Village, town or county it was grown in. */
  origin: z.string(),
  harvestDate: LocalDate,
  unit: ProductUnit,
  priceFen: Fen,
  stock: z.number().int(),
  description: z.string(),
  photos: z.array(MarketPhoto),
  status: ProductStatus,
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
})
export type Product = z.infer<typeof Product>

export const ProductResponse = z.strictObject({ product: Product })
export type ProductResponse = z.infer<typeof ProductResponse>

export const ProductSort = z.enum(['newest', 'price_asc', 'price_desc'], { message: '排序只能是 newest、price_asc 或 price_desc' })
export type ProductSort = z.infer<typeof ProductSort>


/**
 * `?cursor=` of the product list: the `nextCursor` of the page before, opaque to the phone (the
 * server's sort key and id, base64url). The server checks it and answers 400 for one it did not make.
 */
export const ProductCursor = z.string().regex(/^[A-Za-z0-9_-]{1,400}$/, { message: '翻页位置无效，请回到第一页重新浏览' })

/**
 * How deep `?page=` may go (page × size rows skipped): an offset costs every row it skips, so a
 * deeper one is refused and the list is read further with `cursor` (which costs one page at any depth).
 */
export const MAX_PRODUCT_OFFSET = 1_000

/**
 * `GET /api/market/products?q=&category=&shop=&sort=&cursor=&size=` (every value a string).
 * `page=` still works for the first MAX_PRODUCT_OFFSET products (older app versions send it).
 */
export const ProductSearchQuery = z.strictObject({
  /** Substring match on title, origin, grade and shop name; words separated by spaces must all match. */
  q: z.optional(SearchTerm),
  category: z.optional(MarketId),
  shop: z.optional(MarketId),
  sort: z.optional(ProductSort),
  cursor: z.optional(ProductCursor),
  page: z.optional(PageNumber),
  size: z.optional(PageSize),
})
export type ProductSearchQuery = z.input<typeof ProductSearchQuery>

/** A page of the list; `nextCursor` (null on the last page) asks for the page after it, in the same order. */
export const ProductPage = pageOf(Product).extend({ nextCursor: z.nullable(ProductCursor) })
export type ProductPage = z.infer<typeof ProductPage>

// ---------------------------------------------------------------- seller: shop and products

export const ShopFields = z.strictObject({
  name: requiredText('店铺名称', 30),
  village: requiredText('所在村镇', 60),
  intro: optionalText('店铺介绍', 500),
  photoId: z.optional(z.nullable(MediaId)),
})
/** `POST /api/market/seller/shop` — one shop per user. */
export const CreateShopRequest = ShopFields
export type CreateShopRequest = z.infer<typeof CreateShopRequest>
/** `PATCH /api/market/seller/shop` */
export const UpdateShopRequest = ShopFields.partial().refine((b) => Object.keys(b).length > 0, { message: '请至少修改一项' })
export type UpdateShopRequest = z.infer<typeof UpdateShopRequest>

/** `POST /api/market/seller/pickup-points` */
export const CreatePickupPointRequest = z.strictObject({ name: requiredText('自提点名称', 30), address: requiredText('自提点地址', 100) })
export type CreatePickupPointRequest = z.infer<typeof CreatePickupPointRequest>
export const PickupPointResponse = z.strictObject({ pickupPoint: PickupPoint })
export type PickupPointResponse = z.infer<typeof PickupPointResponse>

const productFields = {
  categoryId: MarketId,
  title: requiredText('商品名称', 40),
  grade: requiredText('等级', 10),
  origin: requiredText('产地', 60),
  /** Shanghai calendar day; not in the future (checked by the server against its clock). */
  harvestDate: LocalDate,
  unit: ProductUnit,
  priceFen: UnitPriceFen,
  stock: Stock,
  description: z.optional(optionalText('商品介绍', 1000)),
  photoIds: PhotoIds,
}

/** `POST /api/market/seller/products` — photos are the seller's own uploads (`POST /api/media`). */
export const PublishProductRequest = z.strictObject(productFields)
export type PublishProductRequest = z.infer<typeof PublishProductRequest>

/** `PATCH /api/market/seller/products/:id` — any subset; `status` lists or unlists. */
export const UpdateProductRequest = z
  .strictObject({ ...productFields, status: ProductStatus })
  .partial()
  .refine((b) => Object.keys(b).length > 0, { message: '请至少修改一项' })
export type UpdateProductRequest = z.infer<typeof UpdateProductRequest>

export const SellerProductsResponse = z.strictObject({ items: z.array(Product) })
export type SellerProductsResponse = z.infer<typeof SellerProductsResponse>

// ---------------------------------------------------------------- cart

export const CartLineInput = z.strictObject({ productId: MarketId, quantity: Quantity })
export type CartLineInput = z.infer<typeof CartLineInput>

/**
 * `PUT /api/market/cart` — the phone's cart, merged into the server's copy:
 * lines the phone sends win (its quantity replaces the server's); lines only on the server stay
 * (added on another phone); `removed` deletes lines. Then unlisted or deleted products are
 * dropped and quantities are clamped to stock. `changes` says what the server changed.
 */
export const MergeCartRequest = z.strictObject({
  items: z
    .array(CartLineInput, { message: '购物车内容格式不对' })
    .max(MAX_LINES, { message: `购物车最多 ${MAX_LINES} 种商品` })
    .refine((lines) => new Set(lines.map((l) => l.productId)).size === lines.length, { message: '同一个商品出现了两次' }),
  removed: z.optional(z.array(MarketId).max(MAX_LINES, { message: `一次最多删除 ${MAX_LINES} 种商品` })),
})
export type MergeCartRequest = z.infer<typeof MergeCartRequest>

export const CartLine = z.strictObject({ product: Product, quantity: z.number().int(), subtotalFen: Fen })
export type CartLine = z.infer<typeof CartLine>

export const CartChange = z.strictObject({
  productId: MarketId,
  /** unavailable: unlisted or gone, dropped; sold_out: no stock, dropped; clamped: reduced to the stock left. */
  kind: z.enum(['unavailable', 'sold_out', 'clamped']),
  from: z.number().int(),
  to: z.number().int(),
  message: z.string(),
})
export type CartChange = z.infer<typeof CartChange>

export const CartResponse = z.strictObject({ items: z.array(CartLine), totalFen: Fen, changes: z.array(CartChange) })
export type CartResponse = z.infer<typeof CartResponse>

// ---------------------------------------------------------------- addresses

export const AddressFields = {
  name: requiredText('收货人', 20),
  phone: MobilePhone,
  /** Province, city, county, e.g. 陕西省 延安市 洛川县. */
  region: requiredText('所在地区', 60),
  /** Town, village, house. */
  detail: requiredText('详细地址', 100),
  isDefault: z.optional(z.boolean({ message: '默认地址应为 true 或 false' })),
}
/** `POST /api/market/addresses` */
export const CreateAddressRequest = z.strictObject(AddressFields)
export type CreateAddressRequest = z.infer<typeof CreateAddressRequest>
/** `PATCH /api/market/addresses/:id` */
export const UpdateAddressRequest = z
  .strictObject(AddressFields)
  .partial()
  .refine((b) => Object.keys(b).length > 0, { message: '请至少修改一项' })
export type UpdateAddressRequest = z.infer<typeof UpdateAddressRequest>

export const Address = z.strictObject({
  id: MarketId,
  name: z.string(),
  phone: z.string(),
  region: z.string(),
  detail: z.string(),
  isDefault: z.boolean(),
})
export type Address = z.infer<typeof Address>
export const AddressResponse = z.strictObject({ address: Address })
export type AddressResponse = z.infer<typeof AddressResponse>
export const AddressesResponse = z.strictObject({ items: z.array(Address) })
export type AddressesResponse = z.infer<typeof AddressesResponse>

// ---------------------------------------------------------------- orders

/**
 * 待付款 pending_payment → 待发货 to_ship (paid) → 已发货 shipped → 已收货 received;
 * pending_payment → 已取消 cancelled (buyer, or the stock hold timing out).
 */
export const OrderStatus = z.enum(Object.keys(ORDER_STATUS_WORDS) as [OrderStatusKey, ...OrderStatusKey[]])
export type OrderStatus = z.infer<typeof OrderStatus>

/** 申请中 requested → 同意 approved | 拒绝 rejected; approved → 已退款 refunded. */
export const AfterSaleStatus = z.enum(['requested', 'approved', 'rejected', 'refunded'])
export type AfterSaleStatus = z.infer<typeof AfterSaleStatus>

export const Delivery = z.discriminatedUnion(
  'kind',
  [
    z.strictObject({ kind: z.literal('pickup'), pickupPointId: MarketId }),
    z.strictObject({ kind: z.literal('courier'), addressId: MarketId }),
  ],
  { message: '请选择自提点或快递地址' },
)
export type Delivery = z.infer<typeof Delivery>

/**
 * `POST /api/market/orders` — one shop's products (the app splits a cart by shop and sends one
 * request per shop, each with its own Idempotency-Key). Prices and totals come from the server.
 */
export const CreateOrderRequest = z.strictObject({
  items: z
    .array(CartLineInput, { message: '请选择要买的商品' })
    .min(1, { message: '请选择要买的商品' })
    .max(MAX_LINES, { message: `一个订单最多 ${MAX_LINES} 种商品` })
    .refine((lines) => new Set(lines.map((l) => l.productId)).size === lines.length, { message: '同一个商品出现了两次' }),
  delivery: Delivery,
  note: z.optional(optionalText('留言', 200)),
})
export type CreateOrderRequest = z.infer<typeof CreateOrderRequest>

export const OrderLine = z.strictObject({
  productId: MarketId,
  title: z.string(),
  unit: ProductUnit,
  /** The price when the order was placed. */
  priceFen: Fen,
  quantity: z.number().int(),
  subtotalFen: Fen,
  photo: z.nullable(MarketPhoto),
})
export type OrderLine = z.infer<typeof OrderLine>

export const Shipment = z.strictObject({ carrier: z.string(), trackingNo: z.string(), shippedAt: IsoDateTime })
export type Shipment = z.infer<typeof Shipment>

export const AfterSale = z.strictObject({
  id: MarketId,
  status: AfterSaleStatus,
  reason: z.string(),
  photoIds: z.array(MediaId),
  refundFen: Fen,
  sellerNote: z.nullable(z.string()),
  createdAt: IsoDateTime,
  decidedAt: z.nullable(IsoDateTime),
  refundedAt: z.nullable(IsoDateTime),
})
export type AfterSale = z.infer<typeof AfterSale>

export const OrderEvent = z.strictObject({ status: z.string(), at: IsoDateTime, note: z.nullable(z.string()) })
export type OrderEvent = z.infer<typeof OrderEvent>

export const Order = z.strictObject({
  id: MarketId,
  status: OrderStatus,
  shopId: MarketId,
  shopName: z.string(),
  items: z.array(OrderLine),
  totalFen: Fen,
  delivery: z.discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('pickup'), pickupPoint: PickupPoint }),
    z.strictObject({ kind: z.literal('courier'), address: Address }),
  ]),
  note: z.string(),
  createdAt: IsoDateTime,
  /** Unpaid after this instant, the order is cancelled and its stock released. */
  payBefore: IsoDateTime,
  paidAt: z.nullable(IsoDateTime),
  /** The current shipment (after a re-ship, the new one). */
  shipment: z.nullable(Shipment),
  /** The first shipment, kept when the order was re-shipped. */
  previousShipment: z.nullable(Shipment),
  receivedAt: z.nullable(IsoDateTime),
  cancelledAt: z.nullable(IsoDateTime),
  cancelReason: z.nullable(z.enum(['buyer', 'timeout'])),
  afterSale: z.nullable(AfterSale),
  /** Status timeline, oldest first. */
  events: z.array(OrderEvent),
})
export type Order = z.infer<typeof Order>

export const OrderResponse = z.strictObject({ order: Order })
export type OrderResponse = z.infer<typeof OrderResponse>

/** `GET /api/market/orders?status=&page=&size=` and `GET /api/market/seller/orders?…` */
export const OrderListQuery = z.strictObject({
  status: z.optional(OrderStatus),
  page: z.optional(PageNumber),
  size: z.optional(PageSize),
})
export type OrderListQuery = z.input<typeof OrderListQuery>

export const OrdersResponse = pageOf(Order)
export type OrdersResponse = z.infer<typeof OrdersResponse>

/** `POST /api/market/seller/orders/:id/ship` — the first shipment, or one re-ship. */
export const ShipOrderRequest = z.strictObject({
  carrier: requiredText('快递公司', 20),
  trackingNo: z.string({ message: '请填写快递单号' }).trim().regex(/^[A-Za-z0-9-]{6,32}$/, { message: '快递单号应为 6 到 32 位字母或数字' }),
})
export type ShipOrderRequest = z.infer<typeof ShipOrderRequest>

/** `POST /api/market/orders/:id/after-sale` */
export const CreateAfterSaleRequest = z.strictObject({
  reason: requiredText('售后原因', 200, 'multi'),
  photoIds: z.optional(z.array(MediaId).max(9, { message: '最多 9 张照片' })),
  /** Defaults to the whole order; never more than it. */
  refundFen: z.optional(Fen.min(1, { message: '退款金额至少 1 分' })),
})
export type CreateAfterSaleRequest = z.infer<typeof CreateAfterSaleRequest>

/** `POST /api/market/seller/orders/:id/after-sale/approve|reject` */
export const DecideAfterSaleRequest = z.strictObject({ note: z.optional(optionalText('处理说明', 200)) })
export type DecideAfterSaleRequest = z.infer<typeof DecideAfterSaleRequest>

// ---------------------------------------------------------------- seller summary

export const SalesDay = z.strictObject({ date: LocalDate, orders: z.number().int(), totalFen: Fen })
export type SalesDay = z.infer<typeof SalesDay>

/** `GET /api/market/seller/summary` — paid orders by Shanghai day of payment, the last 30 days (today last). */
export const SalesSummaryResponse = z.strictObject({
  days: z.array(SalesDay),
  orders: z.number().int(),
  totalFen: Fen,
  refundedFen: Fen,
  toShip: z.number().int(),
})
export type SalesSummaryResponse = z.infer<typeof SalesSummaryResponse>
