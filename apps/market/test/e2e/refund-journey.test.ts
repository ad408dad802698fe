// Issue 4's "done when", in Chromium on the H5 build with the real API: a buyer pays through the
// sandbox cashier sheet, asks for after-sale on the order page, the seller approves it with a
// refund, the refund goes through the payments module to the sandbox and its result comes back,
// and the buyer's order page shows 已退款 while the payment record says refunded.
import { actAsSandboxUser, e2eTest, shot, textArea, until } from '@tianyuan/e2e'
import type { Order, Payment } from '@tianyuan/contracts/types'
import { signIn } from '@tianyuan/sim/sandbox'
import { sellerFixture } from '../support/seller-fixture'
import { addToCartAndOpen, checkoutWithNewAddress, placeOrderAndPay, viewPaidOrder } from './journey'

// Its own seller and buyer: the e2e database is shared by every file of the run.
const SELLER = '李大姐（e2e 退款）'
const BUYER = '退款的刘大妈（e2e）'

async function api<T>(origin: string, token: string, method: string, path: string, body?: unknown): Promise<{ status: number; json: T }> {
  const res = await fetch(`${origin}/api${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  return { status: res.status, json: (await res.json()) as T }
}

e2eTest(
  'pay in the sandbox cashier → 申请售后 → the seller approves → refunded by the sandbox → the order page shows 已退款',
  async (t) => {
    const origin = new URL(t.baseUrl).origin
    const { products, shop, token: sellerToken } = await sellerFixture(t.baseUrl, SELLER)
    const millet = products.find((p) => p.title.includes('小米'))!
    await actAsSandboxUser(t, BUYER)

    // The buyer pays in the browser, through the cashier sheet.
    await t.openApp('market', `pkg/pages/product/index?id=${millet.id}`)
    await t.page.locator('#product-title').filter({ hasText: millet.title }).waitFor()
    await addToCartAndOpen(t, millet)
    await checkoutWithNewAddress(t, shop.id, { name: '刘大妈', phone: '13700001234', region: '湖北省 恩施州 宣恩县', detail: '椒园镇黄坪村3组' })
    const { paymentId } = await placeOrderAndPay(t)
    await shot(t, 'market-refund-1-paid')
    const orderId = await viewPaidOrder(t)

    // 申请售后 on the order page.
    await t.page.locator('#after-sale').click()
    await textArea(t, 'after-sale-reason').fill('小米受潮结块了，不能吃')
    await t.page.locator('#send-after-sale').click()
    await t.page.locator('#after-sale-status').filter({ hasText: '售后申请中' }).waitFor()
    expect(await t.page.locator('#order-steps').innerText()).toMatch(/已付款\s*（已完成）[^]*售后\s*（当前）/)

    // The seller approves with a refund (the seller's own screens are a later step: the API, as they would call it).
    const approved = await api<{ order: Order }>(origin, sellerToken, 'POST', `/market/seller/orders/${orderId}/after-sale/approve`, { note: '给您退全款' })
    expect(approved.status).toBe(200)
    expect(['approved', 'refunded']).toContain(approved.json.order.afterSale?.status)

    // The refund goes to the sandbox through the payments module; its result comes back.
    const buyerToken = await signIn(origin, BUYER)
    const payment = await until(
      'the payment',
      async () => (await api<{ payment: Payment }>(origin, buyerToken, 'GET', `/payments/${paymentId}`)).json.payment,
      (p) => p.status === 'refunded',
    )
    expect(payment).toMatchObject({ status: 'refunded', amountFen: millet.priceFen, refundedFen: millet.priceFen })

    // The buyer's order page shows it, once shown again.
    await t.page.reload()
    await t.page.locator('#after-sale-status').filter({ hasText: '已退款' }).waitFor()
    await t.page.locator('#after-sale-status').filter({ hasText: '给您退全款' }).waitFor()
    expect(await t.page.locator('#after-sale').count()).toBe(0) // no second request
    expect(await t.page.locator('#order-steps').innerText()).toMatch(/已付款\s*（已完成）[^]*已退款\s*（已完成）[^]*¥12\.00 已原路退回微信/)
    await shot(t, 'market-refund-2-refunded')
    const order = (await api<{ order: Order }>(origin, buyerToken, 'GET', `/market/orders/${orderId}`)).json.order
    expect(order.afterSale).toMatchObject({ status: 'refunded', refundFen: millet.priceFen })
  },
  { timeoutMs: 90_000 },
)
