// The buyer's path in Chromium on the H5 build as `npm start` serves it (the real API on the
// same origin, the WeChat sandbox for login and the cashier sheet), with a screenshot at each
// step; and the home page's first screen on Slow 3G, with placeholders before the photos.
import { e2eTest, shot, type E2E } from '@tianyuan/e2e'
import { sellerFixture, type SellerFixture } from '../support/seller-fixture'
import { addToCartAndOpen, checkoutWithNewAddress, chooseQuantity, placeOrderAndPay, viewPaidOrder } from './journey'

// The e2e API starts with no market data (NODE_ENV=test; globalSetup seeds only the clinic's
// doctors), shared by every file of the run: this file's seller opens a shop once.
let seller: Promise<SellerFixture> | undefined
const ensureSeller = (t: E2E) => (seller ??= sellerFixture(t.baseUrl, '王大哥（e2e）'))

e2eTest(
  'browse → product → cart → checkout → pay in the sandbox cashier → 待发货, with screenshots',
  async (t) => {
    const { products, shop } = await ensureSeller(t)
    const apple = products.find((p) => p.title.includes('苹果'))!
    await t.openApp('market')
    await t.page.locator(`#product-${apple.id}`).waitFor()
    await shot(t, 'market-1-home')

    await t.page.locator('#category-fruit').click()
    await t.page.locator(`#products #product-${apple.id}`).waitFor()
    await shot(t, 'market-2-list')

    await t.page.locator(`#products #product-${apple.id}`).click()
    await chooseQuantity(t, apple, 2)
    await shot(t, 'market-3-product')

    await addToCartAndOpen(t, apple)
    await shot(t, 'market-4-cart')

    await checkoutWithNewAddress(t, shop.id, { name: '田大爷', phone: '13912345678', region: '陕西省 延安市 洛川县', detail: '凤栖镇谷咀村2组' }, () => shot(t, 'market-5-address'))
    await shot(t, 'market-6-checkout')

    await placeOrderAndPay(t, () => shot(t, 'market-7-cashier'))
    await shot(t, 'market-8-paid')

    await viewPaidOrder(t)
    await shot(t, 'market-9-order')
  },
  { timeoutMs: 90_000 },
)

e2eTest(
  'on Slow 3G the home page shows its first screen with placeholders before any photo arrives',
  async (t) => {
    await ensureSeller(t)
    await t.setNetwork('Slow 3G')
    await t.openApp('market', '', { waitUntil: 'commit' })
    const cards = t.page.locator('#featured [id^="product-"]')
    await cards.first().waitFor({ timeout: 60_000 })
    // Text, prices and photo boxes (ThumbHash colour, the size of the photo) are all there; no photo yet.
    expect(t.responses.filter((r) => r.url.includes('/api/media/'))).toEqual([])
    expect(await t.page.locator('#featured [id$="-photo"]').count()).toBe(0)
    await shot(t, 'market-home-slow3g-first-screen')

    // Chromium reports this profile (2 s round trips) as effectiveType 2g, so the SDK asks before
    // spending data on photos: one tap loads that photo only, at the smallest size.
    // The notice strip puts the featured products below the fold; a photo box is decided once it is on screen.
    await cards.first().scrollIntoViewIfNeeded()
    const label = cards.first().getByText(/点击加载图片/)
    await label.waitFor()
    const photo = t.page.waitForResponse((r) => r.url().includes('/api/media/'), { timeout: 60_000 })
    await label.click()
    expect((await photo).url()).toMatch(/w=160&q=50/)
    await t.page.locator('#featured [id$="-photo"]').first().waitFor({ state: 'attached' })
    await shot(t, 'market-home-slow3g-one-photo')
    expect(t.page.url()).not.toContain('pkg/pages/product') // the tap loaded the photo, it did not open the product
  },
  { timeoutMs: 150_000 },
)

e2eTest('大字 mode: the home list and the product page grow without clipping (screenshots)', async (t) => {
  const { products } = await ensureSeller(t)
  const apple = products.find((p) => p.title.includes('苹果'))!
  await t.openApp('market')
  await t.page.locator('#big-text').click()
  await t.page.locator('#big-text').filter({ hasText: '大字模式：已打开' }).waitFor()
  await t.page.locator(`#featured #product-${apple.id}`).scrollIntoViewIfNeeded()
  await shot(t, 'market-big-home-list')
  await t.page.locator(`#featured #product-${apple.id}`).click()
  await t.page.locator('#product-title').waitFor()
  await shot(t, 'market-big-product')
  // nothing wider than the phone: no sideways scrolling at the larger size
  expect(await t.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375)
})
