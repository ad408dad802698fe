// The borrower's path in Chromium on the H5 build as `npm start` serves it (the real API on the
// same origin with the demo products and credit officer, the WeChat sandbox for login, the phone
// number, the transfer and the cashier sheet), with a screenshot — and axe — at each step, at
// normal size and again in 大字 mode: home (the annualised rate first and largest) → calculator →
// apply, one step a screen → the officer approves (over HTTP) → contract → the officer disburses →
// 确认收款 → repay one installment in the cashier sheet.
import { actAsSandboxUser, answerSubscribeSheet, e2eTest, field, shot, textArea, until, type E2E } from '@tianyuan/e2e'
import { GOOD_CARD, idNumberFor, microloanPeople } from '../support/microloan-api'

/** The demo credit officer apps/api's seedLoans makes (a sandbox login by this name is the officer). */
const OFFICER = '李建华'

const fontSize = (t: E2E, selector: string): Promise<number> => t.page.locator(selector).first().evaluate((el) => parseFloat(getComputedStyle(el).fontSize))

async function journey(t: E2E, user: string, seq: number, prefix: string, bigText: boolean): Promise<void> {
  await actAsSandboxUser(t, user)
  await t.openApp('microloan')
  const card = t.page.locator('#products [id^="product-"][id$="-apr"]').first()
  await card.waitFor()
  if (bigText) {
    await t.page.locator('#big-text').click()
    await t.page.locator('#big-text').filter({ hasText: '大字模式：已打开' }).waitFor()
  }
  // The annualised rate is the largest text of the product card.
  const aprSize = await fontSize(t, '.loan-card__apr-value')
  for (const other of ['.loan-card .ty-h', '.loan-card .ty-text', '.loan-card .ty-note']) expect(aprSize).toBeGreaterThan(await fontSize(t, other))
  await shot(t, `${prefix}-1-home`)

  await t.page.locator('#open-calculator').click()
  const spring = t.page.locator('#calculator-products [id^="pick-"]').filter({ hasText: '春耕贷' })
  await spring.click()
  await t.page.locator('#amount-1000000').click()
  await t.page.locator('#plan-total').filter({ hasText: '借 10,000 元' }).waitFor()
  await shot(t, `${prefix}-2-calculator`)

  await t.page.locator('#apply-with-plan').click()
  await t.page.locator('#sign-in-button').click()
  await t.page.locator('#apply-step').filter({ hasText: '借钱做什么' }).waitFor()
  await t.page.locator('#purpose-0').click()
  await textArea(t, 'purpose').fill('买化肥和玉米种子')
  await shot(t, `${prefix}-3-purpose`)
  await t.page.locator('#next-step').click()
  await t.page.locator('#apply-plan-total').filter({ hasText: '借 10,000 元' }).waitFor()
  await shot(t, `${prefix}-4-plan`)
  await t.page.locator('#next-step').click()
  await field(t, 'name').fill(user)
  await field(t, 'id-number').fill(idNumberFor('19660505', seq))
  await field(t, 'bank-card').fill(GOOD_CARD)
  await field(t, 'bank-name').fill('农村信用社')
  await t.page.locator('#get-phone').click()
  await t.page.locator('#phone-ok').waitFor()
  await shot(t, `${prefix}-5-identity`)
  await t.page.locator('#next-step').click()
  await t.page.locator('#review-plan').filter({ hasText: '一共要还' }).waitFor()
  await t.page.locator('#agree-loan_terms').click()
  await t.page.locator('#agree-sensitive_personal_info').click()
  await shot(t, `${prefix}-6-consents`)
  await t.page.locator('#submit-application').click()
  await t.page.locator('#applied').filter({ hasText: '已提交' }).waitFor()
  await shot(t, `${prefix}-7-submitted`)

  const people = microloanPeople(t.baseUrl, [], OFFICER)
  const [loan] = await until('the application', () => people.loansOf(user), (items) => items.length === 1)
  await people.officer.startReview(loan!.id)
  await people.officer.approve(loan!.id, '用途清楚，金额合理')

  await t.page.locator('#view-loan').click()
  await t.page.locator('#loan-status').filter({ hasText: '已批准' }).waitFor()
  await t.page.locator('#open-contract').click()
  await t.page.locator('#contract-text').waitFor()
  await t.page.locator('#agree-contract').click()
  await shot(t, `${prefix}-8-contract`)
  await t.page.locator('#accept-contract').click()
  // WeChat asks whether to send 还款提醒 (one-time subscriptions) at the moment the loan is taken.
  await answerSubscribeSheet(t)
  await t.page.locator('#contract-accepted').waitFor()

  await people.officer.disburse(loan!.id)
  await t.page.locator('#contract-back').click()
  await t.page.reload()
  await t.page.locator('#receive-money').waitFor({ timeout: 20_000 })
  await shot(t, `${prefix}-9-receive`)
  await t.page.locator('#receive-money').click()
  // WeChat's 确认收款 page: the sandbox's, in a sheet over the page (as the cashier is).
  await t.page.frameLocator('iframe').locator('#confirm').click()
  // Received: the page asks the server until it knows, and the loan turns 还款中 on the screen.
  await t.page.locator('#loan-status').filter({ hasText: '还款中' }).waitFor({ timeout: 20_000 })
  await until('disbursed', () => people.loanOf(user, loan!.id), (l) => l.status === 'repaying')

  await t.page.locator('#repay-count-1').click()
  await t.page.locator('#repay-amount').waitFor()
  await shot(t, `${prefix}-10-repay`)
  await t.page.locator('#repay-now').click()
  const cashier = t.page.frameLocator('iframe')
  await cashier.locator('#confirm').click()
  await t.page.locator('#pay-status').filter({ hasText: '已付款' }).waitFor({ timeout: 20_000 })
  await t.page.locator('#loan-schedule-1').filter({ hasText: '已还' }).waitFor({ timeout: 20_000 })
  await shot(t, `${prefix}-11-repaid`)
}

e2eTest('the borrower journey at normal size, with screenshots and axe on every step', (t) => journey(t, '孙大伯（e2e 贷款）', 41, 'microloan', false), { timeoutMs: 120_000 })

e2eTest('the same journey in 大字 mode', (t) => journey(t, '孙大妈（e2e 大字贷款）', 42, 'microloan-big', true), { timeoutMs: 120_000 })
