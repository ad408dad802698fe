// The buyer's steps in Chromium on the H5 build, shared by the market's browser journeys: from a
// product page to a paid order through the sandbox cashier sheet, and the order page after that.
// The generic steps (shot, field, textArea, actAsSandboxUser, until) are @tianyuan/e2e's.
import type { Product } from '@tianyuan/contracts/types'
import { answerSubscribeSheet, field, until, type E2E } from '@tianyuan/e2e'

export interface CourierAddress {
  name: string
  phone: string
  region: string
  detail: string
}

/** On the product page: types the quantity into its field (the page starts at 1). */
export async function chooseQuantity(t: E2E, product: Product, quantity: number): Promise<void> {
  await t.page.locator('#product-title').filter({ hasText: product.title }).waitFor()
  await field(t, 'quantity-input').fill(String(quantity))
  await until('the typed quantity', () => field(t, 'quantity-input').inputValue(), (v) => v === String(quantity))
}

/** On the product page: adds it to the cart and opens the cart. */
export async function addToCartAndOpen(t: E2E, product: Product): Promise<void> {
  await t.page.locator('#add-to-cart').click()
  await t.page.locator('#go-cart').click()
  await t.page.locator(`#cart-item-${product.id}`).waitFor()
}

/** From the cart: checks out this shop's items as a buyer not yet signed in, with a new courier address. */
export async function checkoutWithNewAddress(t: E2E, shopId: string, address: CourierAddress, beforeSave?: () => Promise<void>): Promise<void> {
  await t.page.locator(`#checkout-${shopId}`).click()
  await t.page.locator('#sign-in-button').click()
  await t.page.locator('#add-address').click()
  await field(t, 'address-name').waitFor()
  await field(t, 'address-name').fill(address.name)
  await field(t, 'address-phone').fill(address.phone)
  await field(t, 'address-region').fill(address.region)
  await field(t, 'address-detail').fill(address.detail)
  await beforeSave?.()
  await t.page.locator('#save-address').click()
  const masked = `${address.phone.slice(0, 3)}****${address.phone.slice(-4)}`
  await t.page.getByText(`${address.name} ${masked}`).first().waitFor()
}

/**
 * On the checkout page: places the order and pays in the sandbox cashier sheet (an iframe),
 * then waits for 已付款. `inCashier` runs while the sheet is open (a screenshot). Returns the
 * id of the payment the app started (from its POST /api/payments).
 */
export async function placeOrderAndPay(t: E2E, inCashier?: () => Promise<void>): Promise<{ paymentId: string }> {
  const started = t.page.waitForResponse((r) => new URL(r.url()).pathname === '/api/payments' && r.request().method() === 'POST' && r.status() === 201)
  await t.page.locator('#place-order').click()
  // WeChat asks first whether to send 订单发货通知 (a one-time subscription), then opens the cashier.
  await answerSubscribeSheet(t)
  const cashier = t.page.frameLocator('iframe')
  await cashier.locator('#confirm').waitFor()
  await inCashier?.()
  await cashier.locator('#confirm').click()
  await t.page.locator('#pay-status').filter({ hasText: '已付款' }).waitFor({ timeout: 20_000 })
  const { payment } = (await (await started).json()) as { payment: { id: string } }
  return { paymentId: payment.id }
}

/** After paying: opens the order, 待发货, and returns its id (the page's ?id=). */
export async function viewPaidOrder(t: E2E): Promise<string> {
  await t.page.locator('#view-order').click()
  await t.page.locator('#order-status').filter({ hasText: '待发货' }).waitFor()
  const id = /[?&]id=([^&#]+)/.exec(t.page.url())?.[1]
  if (!id) throw new Error(`no order id in ${t.page.url()}`)
  return decodeURIComponent(id)
}
