// The product page on a phone-sized screen (375 × 667): how much and 加入购物车 are on the first
// screen without scrolling (a bar fixed at the bottom), the quantity is typed (20 斤 is two key
// presses, not 19 taps) and held within the stock; and after paying for 自提 the order page says
// again where to pick it up, with the order number and steps in plain words.
import { e2eTest, field, until, type E2E } from '@tianyuan/e2e'
import { sellerFixture, type SellerFixture } from '../support/seller-fixture'

let seller: Promise<SellerFixture> | undefined
const ensureSeller = (t: E2E) => (seller ??= sellerFixture(t.baseUrl, '周大哥（e2e 商品页）'))

async function onScreen(t: E2E, selector: string): Promise<boolean> {
  const box = await t.page.locator(selector).boundingBox()
  const viewport = t.page.viewportSize()
  return Boolean(box && viewport && box.y >= 0 && box.y + box.height <= viewport.height)
}

e2eTest('加入购物车 is on the first screen; the quantity is typed and held within the stock', async (t) => {
  const { products } = await ensureSeller(t)
  const apple = products.find((p) => p.title.includes('苹果'))!
  await t.openApp('market', `pkg/pages/product/index?id=${apple.id}`)
  await t.page.locator('#product-title').filter({ hasText: apple.title }).waitFor()
  await t.page.locator('#add-to-cart').waitFor()
  expect(await t.page.evaluate(() => window.scrollY)).toBe(0)
  expect(await onScreen(t, '#add-to-cart')).toBe(true)
  expect(await onScreen(t, '#quantity-input')).toBe(true)

  await field(t, 'quantity-input').fill('20')
  await t.page.locator('#add-to-cart').click()
  await t.page.locator('#added').filter({ hasText: '一共 20 斤' }).waitFor()
  expect(await onScreen(t, '#go-cart')).toBe(true)

  // More than the stock (100 斤) is held at the stock; ＋ and － still work.
  await field(t, 'quantity-input').fill('500')
  await until('the held quantity', () => field(t, 'quantity-input').inputValue(), (v) => v === '100')
  await t.page.locator('#quantity-minus').click()
  await until('one less', () => field(t, 'quantity-input').inputValue(), (v) => v === '99')
})
