// The buyer's order after it has been shipped: the timeline shows 已发货 with the tracking
// number, and 确认收货 (after the modal) moves it to 已收货, once. And an after-sale request
// with a photo on a paid order.
import fs from 'node:fs'
import path from 'node:path'
import { startMarketApi, type MarketApi } from '../support/market-api'
import { orderAs, placePaidOrder, shipAsSeller } from '../support/orders'
import { BUYER_USER, launchMarket } from '../support/phone'

const dist = path.resolve(__dirname, '../../dist/weapp')

let api: MarketApi
beforeAll(async () => {
  api = await startMarketApi()
}, 30_000)
afterAll(() => api.close())

test('the buyer confirms receipt of a shipped order, once', async () => {
  const apple = api.seller.products.find((p) => p.title.includes('苹果'))!
  const order = await placePaidOrder(api, BUYER_USER, apple.id, 1)
  await shipAsSeller(api, order.id)

  const sim = await launchMarket(api, { dist, url: '/pages/mine/index' })
  await sim.page.tap('#my-orders')
  const list = await sim.waitForPage('pkg/pages/orders/index')
  await list.waitFor(() => list.has('#sign-in-button'))
  await list.tap('#sign-in-button')
  await list.waitForText('已发货', { selector: `#order-status-${order.id}` })
  await list.tap(`#order-${order.id}`)
  const page = await sim.waitForPage('pkg/pages/order/index')
  await page.waitForText('已发货', { selector: '#order-status' })
  expect(page.text('#order-shipment')).toBe('快递：邮政 YZ20261128001')

  sim.wx.answerModals('cancel')
  await page.tap('#confirm-receipt')
  await page.waitFor(() => sim.wx.modals.length === 1)
  expect((await orderAs(api, BUYER_USER, order.id)).status).toBe('shipped')

  sim.wx.answerModals('confirm')
  await page.tap('#confirm-receipt')
  await page.waitForText('已收货', { selector: '#order-status' })
  expect(page.has('#confirm-receipt')).toBe(false)
  expect(page.text('#order-steps')).toMatch(/卖家已发货（已完成）.*已收货（已完成）/)
  expect((await orderAs(api, BUYER_USER, order.id)).status).toBe('received')
  expect(sim.wx.requests.filter((r) => r.method === 'POST' && r.url.endsWith('/confirm-receipt'))).toHaveLength(1)
  expect(sim.errors).toEqual([])
}, 60_000)

test('the buyer asks for after-sale with a photo: the order shows the request, the server has it with the photo', async () => {
  const millet = api.seller.products.find((p) => p.title.includes('小米'))!
  const order = await placePaidOrder(api, BUYER_USER, millet.id, 2)
  const sim = await launchMarket(api, { dist, url: `/pkg/pages/order/index?id=${order.id}` })
  const photo = 'wxfile://tmp/broken-0001.jpg'
  sim.wx.files.set(photo, new Uint8Array(fs.readFileSync(path.resolve(__dirname, '../../../api/src/seed/photos/brick.jpg'))))
  type WxOptions = Record<string, unknown> & { success?: (r: unknown) => void }
  sim.wx.provide('chooseImage', (opts?: WxOptions) => opts?.success?.({ errMsg: 'chooseImage:ok', tempFilePaths: [photo], tempFiles: [{ path: photo, size: 1 }] }))
  sim.wx.provide('getImageInfo', (opts?: WxOptions) => opts?.success?.({ errMsg: 'getImageInfo:ok', width: 640, height: 480, path: opts.src, type: 'jpeg', orientation: 'up' }))

  const page = sim.page
  if (page.has('#sign-in-button')) await page.tap('#sign-in-button')
  await page.waitForText('待发货', { selector: '#order-status' })
  await page.tap('#after-sale')
  const form = await sim.waitForPage('pkg/pages/after-sale/index')
  await form.waitFor(() => form.has('#send-after-sale'))
  await form.tap('#send-after-sale')
  await form.waitForText(/请填写出了什么问题/)
  await form.type('#after-sale-reason', '小米受潮结块了')
  await form.tap('#add-photos')
  await form.waitForText('第 1 张：已上传', { selector: '#photo-0-state', timeout: 20_000 })
  await form.tap('#send-after-sale')
  await sim.waitForPage('pkg/pages/order/index')
  expect(sim.page).toBe(page)
  await page.waitForText(/售后申请中/, { selector: '#after-sale-status' })
  expect(page.has('#after-sale')).toBe(false)
  expect(page.text('#order-steps')).toMatch(/已付款（已完成）.*售后（当前）.*申请了售后，等卖家处理/)
  const stored = await orderAs(api, BUYER_USER, order.id)
  expect(stored.afterSale).toMatchObject({ status: 'requested', reason: '小米受潮结块了', refundFen: stored.totalFen })
  expect(stored.afterSale?.photoIds).toHaveLength(1)
  expect(sim.errors).toEqual([])
}, 60_000)
