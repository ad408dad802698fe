// The buyer's path on the compiled weapp against the real API (in-process, temp SQLite, the
// WeChat sandbox for login and payment): browse → product → cart → checkout → pay → 待发货.
import path from 'node:path'
import type { SimApp } from '@tianyuan/sim'
import { startMarketApi, type MarketApi } from '../support/market-api'
import { BUYER_USER, launchMarket } from '../support/phone'

const dist = path.resolve(__dirname, '../../dist/weapp')
const PRODUCTS = 'pkg/pages/products/index'
const PRODUCT = 'pkg/pages/product/index'
const CART = 'pkg/pages/cart/index'
const CHECKOUT = 'pkg/pages/checkout/index'
const ADDRESS_EDIT = 'pkg/pages/address-edit/index'
const ORDER = 'pkg/pages/order/index'

let api: MarketApi
beforeAll(async () => {
  api = await startMarketApi()
}, 30_000)
afterAll(() => api.close())

/** The cart as the phone's storage holds it (the SDK stores JSON text). */
function storedCart(sim: SimApp): unknown {
  const entry = sim.wx.storage.get('ty:market:cart')
  return entry.found ? JSON.parse(String(entry.data)) : undefined
}

/** The apple the seller fixture published. */
const apple = () => api.seller.products.find((p) => p.title.includes('苹果'))!

async function addAppleToCart(sim: SimApp, quantity: number) {
  const home = sim.page
  await home.waitForText('洛川红富士苹果')
  await home.tap('#category-fruit')
  const list = await sim.waitForPage(PRODUCTS)
  await list.waitFor(() => list.has(`#product-${apple().id}`))
  expect(list.text()).toContain('新鲜水果')
  await list.tap(`#product-${apple().id}`)
  const product = await sim.waitForPage(PRODUCT)
  await product.waitForText('洛川红富士苹果', { selector: '#product-title' })
  expect(product.text('#harvest-date')).toMatch(/^采收日期：\d+月\d+日$/)
  expect(product.text('#product-price')).toBe('¥6.80/斤')
  expect(product.text('#shop')).toContain('老张家果园')
  // The quantity is typed (20 斤 is two key presses, not 19 taps on ＋).
  await product.type('#quantity-input', String(quantity))
  await product.tap('#add-to-cart')
  await product.waitForText(`一共 ${quantity} 斤`, { selector: '#added' })
  await product.waitFor(() => product.has('#go-cart'))
  return product
}

test('browse → product → cart → checkout with a new address → pay through the sandbox → the order shows 待发货', async () => {
  const sim = await launchMarket(api, { dist })
  const product = await addAppleToCart(sim, 2)
  await product.tap('#go-cart')
  const cart = await sim.waitForPage(CART)
  await cart.waitForText('洛川红富士苹果')
  expect(cart.text(`#qty-${apple().id}-value`)).toBe('2')

  await cart.tap(`#checkout-${apple().shopId}`)
  const checkout = await sim.waitForPage(CHECKOUT)
  await checkout.getByText('微信一键登录').tap()
  await checkout.waitForText('还没有收货地址，请先添加一个。')

  // the address form says what is wrong before anything is sent
  await checkout.tap('#add-address')
  const form = await sim.waitForPage(ADDRESS_EDIT)
  await form.waitFor(() => form.has('#save-address'))
  await form.tap('#save-address')
  await form.waitForText('请填写收货人')
  await form.type('#address-name', BUYER_USER)
  await form.type('#address-phone', '1380013')
  await form.type('#address-region', '湖北省 恩施州 宣恩县')
  await form.type('#address-detail', '椒园镇黄坪村3组')
  await form.tap('#save-address')
  await form.waitForText(/手机号/)
  expect(sim.wx.requests.filter((r) => r.method === 'POST' && r.url.endsWith('/api/market/addresses'))).toEqual([])
  await form.type('#address-phone', '13800138000')
  await form.tap('#save-address')
  await sim.waitForPage(CHECKOUT)
  expect(sim.page).toBe(checkout)
  await checkout.waitForText(/李大姐 138\*\*\*\*8000/)
  expect(checkout.text('#checkout-total')).toBe('¥13.60')

  // two quick taps: one order, one payment
  await checkout.tap('#place-order')
  await checkout.tap('#place-order')
  await checkout.waitForText('已付款', { selector: '#pay-status', timeout: 15_000 })
  await checkout.tap('#view-order')
  const order = await sim.waitForPage(ORDER)
  await order.waitForText('待发货', { selector: '#order-status' })
  expect(order.text('#order-steps')).toMatch(/已下单（已完成）.*已付款（已完成）.*等卖家发货（当前）.*确认收货（未到）/)
  expect(order.text('#order-steps')).not.toContain('待付款（已完成）')

  const orders = await api.ordersOf(BUYER_USER)
  expect(orders).toHaveLength(1)
  expect(orders[0]).toMatchObject({ status: 'to_ship', totalFen: 1360, items: [expect.objectContaining({ quantity: 2 })] })
  expect(sim.wx.requests.filter((r) => r.method === 'POST' && r.url.endsWith('/api/market/orders'))).toHaveLength(1)
  expect(sim.wx.requests.filter((r) => r.method === 'POST' && r.url.endsWith('/api/payments'))).toHaveLength(1)
  // the ordered lines left the cart
  expect(storedCart(sim)).toEqual({ items: [], removed: [apple().id] })
  expect(sim.errors).toEqual([])
}, 60_000)

test('大字 mode: the product page grows its text and keeps every part (title, price, stock, the button)', async () => {
  const sim = await launchMarket(api, { dist, url: `/${PRODUCT}?id=${apple().id}`, storage: { 'ty:market:ui:bigText': true }, fontScale: 1.5 })
  const page = sim.page
  await page.waitForText('洛川红富士苹果', { selector: '#product-title' })
  const style = page.get('.ty-page').component.dom?.getAttribute('style') ?? ''
  expect(style).toMatch(/--ty-fs:\s*1.95/) // WeChat's 1.5 × 大字 1.3
  expect(page.has('.ty-fs--big')).toBe(true)
  expect(page.text('#product-price')).toBe('¥6.80/斤')
  expect(page.text('#product-stock')).toMatch(/库存 \d+ 斤/)
  expect(page.has('#add-to-cart')).toBe(true)
  expect(sim.errors).toEqual([])
})
