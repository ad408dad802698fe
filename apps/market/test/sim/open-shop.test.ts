// 我的店铺 for a villager who has no shop yet: the app asks the account's roles (GET /api/me)
// instead of probing for a 404 NO_SHOP, and offers 开店 rather than an error. A file of its own: a fresh phone
// (the app's signed-in session lives as long as its modules, which a file shares).
import path from 'node:path'
import { startMarketApi, type MarketApi } from '../support/market-api'
import { launchMarket } from '../support/phone'

const dist = path.resolve(__dirname, '../../dist/weapp')

let api: MarketApi
beforeAll(async () => {
  api = await startMarketApi()
}, 30_000)
afterAll(() => api.close())

test('a villager with no shop yet is offered 开店 (no 404 on the way), not an error, and can open one', async () => {
  const sim = await launchMarket(api, { dist, url: '/pages/mine/index' })
  sim.wx.setLoginCodes(() => api.loginCode('新来的赵大叔'))
  await sim.page.tap('#my-shop')
  const shop = await sim.waitForPage('seller/pages/shop/index')
  await shop.waitFor(() => shop.has('#sign-in-button'))
  await shop.tap('#sign-in-button')
  await shop.waitFor(() => shop.has('#open-shop'))
  expect(shop.has('#shop-error')).toBe(false)
  await shop.type('#shop-name', '赵大叔家菜园')
  await shop.type('#shop-village', '湖北省恩施州宣恩县椒园镇')
  await shop.tap('#open-shop-button')
  await shop.waitFor(() => shop.has('#shop-info'))
  expect(shop.text('#shop-info')).toContain('赵大叔家菜园')
  // The roles were asked once (GET /api/me): no probe of the seller's routes that answers 404.
  expect(sim.wx.requests.filter((r) => r.status === 404)).toEqual([])
  expect(sim.wx.requests.some((r) => r.url.endsWith('/api/me') && r.status === 200)).toBe(true)
  expect(sim.errors).toEqual([])
}, 60_000)
