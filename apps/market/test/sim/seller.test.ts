// 我的店铺 on the compiled weapp against the real API: the seller sees a paid order waiting,
// ships it with a tracking number, and changes a product's price.
import path from 'node:path'
import { startMarketApi, type MarketApi } from '../support/market-api'
import { orderAs, placePaidOrder, productPriceFen } from '../support/orders'
import { launchMarket } from '../support/phone'
import { SELLER_USER } from '../support/seller-fixture'

const dist = path.resolve(__dirname, '../../dist/weapp')

let api: MarketApi
beforeAll(async () => {
  api = await startMarketApi()
}, 30_000)
afterAll(() => api.close())

test('the seller ships a paid order with a tracking number, and changes a price', async () => {
  const apple = api.seller.products.find((p) => p.title.includes('苹果'))!
  const order = await placePaidOrder(api, '李大姐', apple.id, 3)
  expect(order.status).toBe('to_ship')

  const sim = await launchMarket(api, { dist, url: '/pages/mine/index' })
  sim.wx.setLoginCodes(() => api.loginCode(SELLER_USER))
  await sim.page.tap('#my-shop')
  const shop = await sim.waitForPage('seller/pages/shop/index')
  await shop.waitFor(() => shop.has('#sign-in-button'))
  await shop.tap('#sign-in-button')
  await shop.waitForText('有 1 单等您发货', { selector: '#to-ship-count' })
  expect(shop.text('#sales-summary')).toMatch(/卖出 1 单，收入.*¥20\.40/)

  await shop.tap('#seller-orders')
  const orders = await sim.waitForPage('seller/pages/orders/index')
  await orders.waitForText(/洛川红富士苹果 × 3 斤/)
  expect(orders.text(`#ship-${order.id}`)).toContain('寄到：李大姐 13800138000')
  await orders.tap(`#ship-button-${order.id}`)
  await orders.waitForText('请填写快递公司')
  await orders.type(`#carrier-${order.id}`, '邮政')
  await orders.type(`#tracking-${order.id}`, 'YZ20261128001')
  await orders.tap(`#ship-button-${order.id}`)
  await orders.waitForText('已发货：邮政 YZ20261128001', { selector: `#shipped-${order.id}` })
  expect(await orderAs(api, '李大姐', order.id)).toMatchObject({ status: 'shipped', shipment: { carrier: '邮政', trackingNo: 'YZ20261128001' } })

  await sim.navigateBack()
  await shop.tap('#seller-products')
  const products = await sim.waitForPage('seller/pages/products/index')
  await products.waitFor(() => products.has(`#price-${apple.id}`))
  await products.type(`#price-${apple.id}`, '7.5')
  await products.tap(`#save-${apple.id}`)
  await products.waitForText('已保存', { selector: `#save-${apple.id}` })
  expect(await productPriceFen(api, apple.id)).toBe(750)
  expect(sim.errors).toEqual([])
}, 60_000)
