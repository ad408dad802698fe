// The cart lives on the phone: a cold start with no network shows it from storage, changes
// made offline are kept, and once online and signed in it is merged into the server's cart.
import path from 'node:path'
import { signIn, type SimApp } from '@tianyuan/sim'
import { startMarketApi, type MarketApi } from '../support/market-api'
import { BUYER_USER, launchMarket } from '../support/phone'

const dist = path.resolve(__dirname, '../../dist/weapp')
const CART = 'pkg/pages/cart/index'
const CHECKOUT = 'pkg/pages/checkout/index'
const CART_KEY = 'ty:market:cart'

let api: MarketApi
beforeAll(async () => {
  api = await startMarketApi()
}, 30_000)
afterAll(() => api.close())

function storedCart(sim: SimApp): { items: { productId: string; quantity: number }[] } {
  const entry = sim.wx.storage.get(CART_KEY)
  if (!entry.found) throw new Error('no cart in storage')
  return JSON.parse(String(entry.data)) as { items: { productId: string; quantity: number }[] }
}

test('offline after a restart the cart is there; a change offline is kept; online and signed in, the server has it', async () => {
  const apple = api.seller.products.find((p) => p.title.includes('苹果'))!
  // What the phone saved before it was closed (as addToCart writes it)
  const saved = {
    items: [{ productId: apple.id, quantity: 3, title: apple.title, unit: apple.unit, priceFen: apple.priceFen, stock: apple.stock, shopId: apple.shopId, shopName: apple.shopName, photo: apple.photos[0] ?? null }],
    removed: [],
  }
  const sim = await launchMarket(api, { dist, url: `/${CART}`, network: 'none', storage: { [CART_KEY]: JSON.stringify(saved) } })
  const cart = sim.page
  await cart.waitForText('洛川红富士苹果')
  await cart.waitForText(/网络已断开/)
  expect(cart.text(`#qty-${apple.id}-value`)).toBe('3')
  expect(cart.text()).toContain('¥20.40')

  await cart.tap(`#qty-${apple.id}-minus`)
  await cart.waitForText('2', { selector: `#qty-${apple.id}-value` })
  expect(storedCart(sim).items).toEqual([expect.objectContaining({ productId: apple.id, quantity: 2 })])
  expect(sim.wx.requests.filter((r) => r.url.includes('/market/cart'))).toEqual([])

  // Back online: signing in (at checkout) lets the cart merge with the server's copy
  sim.wx.switchNetwork('wifi')
  await cart.waitFor(() => !cart.text().includes('网络已断开'))
  await cart.tap(`#checkout-${apple.shopId}`)
  const checkout = await sim.waitForPage(CHECKOUT)
  await checkout.getByText('微信一键登录').tap()
  await checkout.waitFor(() => checkout.has('#place-order'))
  await sim.navigateBack()
  await cart.waitFor(() => sim.wx.requests.some((r) => r.method === 'PUT' && r.url.endsWith('/api/market/cart') && r.status === 200))

  const token = await signIn(api.url, BUYER_USER)
  const server = (await (await fetch(`${api.url}/api/market/cart`, { headers: { authorization: `Bearer ${token}` } })).json()) as { items: { product: { id: string }; quantity: number }[] }
  expect(server.items.map((l) => [l.product.id, l.quantity])).toEqual([[apple.id, 2]])
  expect(cart.text(`#qty-${apple.id}-value`)).toBe('2')
  expect(sim.errors).toEqual([])
}, 60_000)
