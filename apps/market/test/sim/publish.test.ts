// Publishing a product from the phone: a photo from the camera, uploaded with progress over a
// link that drops the first answer (retried with the same Idempotency-Key: one photo stored),
// then the product with its photo, price and stock.
import fs from 'node:fs'
import path from 'node:path'
import { forwardTo, signIn } from '@tianyuan/sim'
import { startMarketApi, type MarketApi } from '../support/market-api'
import { launchMarket } from '../support/phone'
import { SELLER_USER } from '../support/seller-fixture'

const dist = path.resolve(__dirname, '../../dist/weapp')
const PHOTO = path.resolve(__dirname, '../../../api/src/seed/photos/chelsea.jpg')
const CAMERA_FILE = 'wxfile://tmp/camera-0001.jpg'

type WxOptions = Record<string, unknown> & { success?: (r: unknown) => void }

let api: MarketApi
beforeAll(async () => {
  api = await startMarketApi()
}, 30_000)
afterAll(() => api.close())

test('a seller publishes a product with a photo taken on the phone; a dropped upload answer makes no second photo', async () => {
  const forward = forwardTo(api.url)
  const uploadKeys: (string | null)[] = []
  const sim = await launchMarket(api, {
    dist,
    url: '/seller/pages/publish/index',
    fetch: async (req) => {
      const isUpload = req.method === 'POST' && new URL(req.url).pathname === '/api/media'
      if (isUpload) uploadKeys.push(req.headers.get('idempotency-key'))
      const res = await forward(req)
      if (isUpload && uploadKeys.length === 1) throw new Error('connection reset') // stored, answer lost
      return res
    },
  })
  sim.wx.setLoginCodes(() => api.loginCode(SELLER_USER))
  sim.wx.files.set(CAMERA_FILE, new Uint8Array(fs.readFileSync(PHOTO)))
  sim.wx.provide('chooseImage', (opts?: WxOptions) => opts?.success?.({ errMsg: 'chooseImage:ok', tempFilePaths: [CAMERA_FILE], tempFiles: [{ path: CAMERA_FILE, size: fs.statSync(PHOTO).size }] }))
  sim.wx.provide('getImageInfo', (opts?: WxOptions) => opts?.success?.({ errMsg: 'getImageInfo:ok', width: 451, height: 300, path: opts.src, type: 'jpeg', orientation: 'up' }))

  const page = sim.page
  // tap the sign-in button once it is on screen, as a villager would (it may come a setData later)
  await page.waitFor(() => page.has('#sign-in-button'))
  await page.tap('#sign-in-button')
  await page.waitFor(() => page.has('#publish-button'))
  // nothing filled in: every missing part is said, nothing is sent
  await page.tap('#publish-button')
  await page.waitForText('请至少上传 1 张照片')
  expect(page.text()).toContain('请选一个分类')

  await page.tap('#add-photos')
  await page.waitForText('第 1 张：已上传', { selector: '#photo-0-state', timeout: 20_000 })
  expect(uploadKeys).toHaveLength(2)
  expect(uploadKeys[1]).toBe(uploadKeys[0])

  await page.tap('#publish-category-fruit')
  await page.type('#publish-title', '会理石榴')
  await page.type('#publish-origin', '四川会理')
  await page.type('#publish-price', '9.9')
  await page.type('#publish-stock', '80')
  await page.tap('#unit-box')
  await page.tap('#harvest-1')
  await page.tap('#publish-button')
  const products = await sim.waitForPage('seller/pages/products/index')
  await products.waitForText('会理石榴')

  const token = await signIn(api.url, SELLER_USER)
  const mine = (await (await fetch(`${api.url}/api/market/seller/products`, { headers: { authorization: `Bearer ${token}` } })).json()) as {
    items: { title: string; priceFen: number; stock: number; unit: string; photos: { id: string }[] }[]
  }
  const published = mine.items.find((p) => p.title === '会理石榴')
  expect(published).toMatchObject({ priceFen: 990, stock: 80, unit: '箱' })
  expect(published?.photos).toHaveLength(1)
  expect(sim.wx.requests.filter((r) => r.method === 'POST' && r.url.endsWith('/api/market/seller/products'))).toHaveLength(1)
  expect(sim.errors).toEqual([])
}, 60_000)
