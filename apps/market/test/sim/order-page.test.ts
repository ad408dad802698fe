// The buyer's order page after paying for 自提: the steps say what happened in plain words (not
// 待付款（已完成）), the order number is there to tell the seller, and where to pick it up is said
// again where the buyer looks after paying.
import path from 'node:path'
import type { ShopResponse } from '@tianyuan/contracts/types'
import { startMarketApi, type MarketApi } from '../support/market-api'
import { placePaidOrder } from '../support/orders'
import { BUYER_USER, launchMarket } from '../support/phone'

const dist = path.resolve(__dirname, '../../dist/weapp')

let api: MarketApi
beforeAll(async () => {
  api = await startMarketApi()
}, 30_000)
afterAll(() => api.close())

test('a paid 自提 order: plain-word steps, the order number, and where to pick it up', async () => {
  const apple = api.seller.products.find((p) => p.title.includes('苹果'))!
  const { shop } = (await (await fetch(`${api.url}/api/market/shops/${api.seller.shop.id}`)).json()) as ShopResponse
  const point = shop.pickupPoints[0]!
  const order = await placePaidOrder(api, BUYER_USER, apple.id, 2, { pickupPointId: point.id })

  const sim = await launchMarket(api, { dist, url: `/pkg/pages/order/index?id=${order.id}` })
  const page = sim.page
  await page.waitFor(() => page.has('#sign-in-button'))
  await page.tap('#sign-in-button')
  await page.waitForText('待发货', { selector: '#order-status' })
  expect(page.text('#order-steps')).toMatch(/已下单（已完成）.*已付款（已完成）.*等卖家备货（当前）.*到自提点取货（未到）/)
  expect(page.text('#order-steps')).not.toContain('待付款（已完成）')
  expect(page.text('#order-number')).toBe(`订单号：${order.id}`)
  expect(page.text('#pickup-reminder')).toContain(`${point.name}（${point.address}）`)
  expect(page.text('#pickup-reminder')).toContain('取货时报订单号')
  expect(sim.errors).toEqual([])
}, 60_000)
