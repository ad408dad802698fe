// What a screen reader finds on the market's H5 pages (Chromium's accessibility tree, through
// Playwright's role locators): the category tiles are buttons named by the category, each
// product's title a link, its photo an image with words, the product page's thumbnails buttons
// with the one shown selected; the cart's 删除 and ± are buttons naming what they do; on the
// checkout the ways to receive are radios in a group with the chosen one checked.
import { e2eTest } from '@tianyuan/e2e'
import { sellerFixture, type SellerFixture } from '../support/seller-fixture'
import { addToCartAndOpen } from './journey'

let seller: Promise<SellerFixture> | undefined
const ensureSeller = (base: string) => (seller ??= sellerFixture(base, '柳大姐（e2e 读屏）'))

e2eTest(
  'home, product, cart and checkout expose roles, names and states',
  async (t) => {
    const { products } = await ensureSeller(t.baseUrl)
    const apple = products.find((p) => p.title.includes('苹果'))!
    await t.openApp('market')
    await t.page.locator(`#featured #product-${apple.id}`).waitFor()

    await t.page.getByRole('button', { name: '新鲜水果', exact: true }).waitFor()
    const card = t.page.locator(`#featured #product-${apple.id}`)
    await card.getByRole('link', { name: apple.title }).waitFor()
    await card.getByRole('img', { name: `${apple.title}的照片` }).waitFor({ state: 'attached' })
    // The 大字 switch is at the top, above the search box, on the first screen.
    const toggle = await t.page.getByRole('button', { name: '大字模式：已关闭' }).boundingBox()
    const search = await t.page.locator('#search-input').boundingBox()
    expect(toggle!.y + toggle!.height).toBeLessThanOrEqual(search!.y)
    expect(toggle!.y).toBeLessThan(667)

    await card.getByRole('link', { name: apple.title }).click()
    await t.page.locator('#product-title').filter({ hasText: apple.title }).waitFor()
    await t.page.locator('#gallery').getByRole('img', { name: `${apple.title}的照片，第 1 张，共 1 张` }).waitFor({ state: 'attached' })
    await t.page.getByRole('button', { name: '增加一份' }).click()
    // The quantity is a field on the product page (#quantity-input), typed or stepped.
    await t.page.waitForFunction(() => document.querySelector<HTMLInputElement>('#quantity-input input')?.value === '2')

    await addToCartAndOpen(t, apple)
    await t.page.getByRole('button', { name: `从购物车删除${apple.title}` }).waitFor()
    await t.page.getByRole('button', { name: '去结算' }).click()
    await t.page.locator('#sign-in-button').click()
    const delivery = t.page.getByRole('radiogroup', { name: '怎么收货' })
    await delivery.waitFor()
    const courier = delivery.getByRole('radio', { name: '快递送到家' })
    const pickup = delivery.getByRole('radio', { name: '到自提点自己取' })
    expect(await courier.getAttribute('aria-checked')).toBe('true')
    expect(await pickup.getAttribute('aria-checked')).toBe('false')
    await pickup.click()
    expect(await pickup.getAttribute('aria-checked')).toBe('true')
    expect(await courier.getAttribute('aria-checked')).toBe('false')
  },
  { timeoutMs: 60_000 },
)
