// Placing an order on a link that drops the answer: the server made the order, the phone never
// heard; the SDK asks again with the same Idempotency-Key and gets the stored answer. Exactly
// one order, one payment.
import path from 'node:path'
import { forwardTo, signIn } from '@tianyuan/sim'
import { startMarketApi, type MarketApi } from '../support/market-api'
import { BUYER_USER, launchMarket } from '../support/phone'

const dist = path.resolve(__dirname, '../../dist/weapp')

let api: MarketApi
beforeAll(async () => {
  api = await startMarketApi()
}, 30_000)
afterAll(() => api.close())

test('a dropped answer while placing the order: one order (same key twice), paid once, shown as 待发货', async () => {
  const apple = api.seller.products.find((p) => p.title.includes('苹果'))!
  // the buyer already has an address
  const token = await signIn(api.url, BUYER_USER)
  await fetch(`${api.url}/api/market/addresses`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name: BUYER_USER, phone: '13800138000', region: '湖北省 恩施州 宣恩县', detail: '椒园镇黄坪村3组' }),
  })

  const forward = forwardTo(api.url)
  const orderKeys: (string | null)[] = []
  let dropped = 0
  const cart = { items: [{ productId: apple.id, quantity: 1, title: apple.title, unit: apple.unit, priceFen: apple.priceFen, stock: apple.stock, shopId: apple.shopId, shopName: apple.shopName, photo: null }], removed: [] }
  const sim = await launchMarket(api, {
    dist,
    url: `/pkg/pages/checkout/index?shop=${apple.shopId}`,
    storage: { 'ty:market:cart': JSON.stringify(cart) },
    fetch: async (req) => {
      const isOrder = req.method === 'POST' && new URL(req.url).pathname === '/api/market/orders'
      if (isOrder) orderKeys.push(req.headers.get('idempotency-key'))
      const res = await forward(req)
      // the first order request reaches the server, and its answer is lost on the way back
      if (isOrder && dropped++ === 0) throw new Error('connection reset')
      return res
    },
  })
  const checkout = sim.page
  // as a villager would: tap the button once it is on screen (under Preact the first setData
  // carries the page's frame, the button comes with the next)
  await checkout.waitForText('微信一键登录')
  await checkout.getByText('微信一键登录').tap()
  await checkout.waitForText(/李大姐 138\*\*\*\*8000/)
  await checkout.tap('#place-order')
  await checkout.waitForText('已付款', { selector: '#pay-status', timeout: 20_000 })

  expect(orderKeys).toHaveLength(2)
  expect(orderKeys[0]).toBeTruthy()
  expect(orderKeys[1]).toBe(orderKeys[0])
  const orders = await api.ordersOf(BUYER_USER)
  expect(orders).toHaveLength(1)
  expect(orders[0]?.status).toBe('to_ship')
  expect(sim.wx.requests.filter((r) => r.method === 'POST' && r.url.endsWith('/api/payments'))).toHaveLength(1)
  expect(sim.errors).toEqual([])
}, 60_000)
