// Repaying on the phone: a loan 还款中 (applied, approved, contract accepted, disbursed and received
// over HTTP) → 还下一期: the server's amount first, then WeChat Pay (two quick taps, one payment)
// → the first installment 已还; then 提前全部还清: interest only to today, what is saved said
// before paying → 已结清, and the ledger adds up to what was repaid.
import { formatYuan } from '../../src/features/products/money'
import { startMicroloanApi, type MicroloanApi } from '../support/microloan-api'
import { launchMicroloan, signInIfAsked } from '../support/phone'

const USER = '周大叔'

let api: MicroloanApi
beforeAll(async () => {
  api = await startMicroloanApi()
}, 60_000)
afterAll(() => api.close())

const posts = (sim: { wx: { requests: { method: string; url: string }[] } }, path: RegExp) => sim.wx.requests.filter((r) => r.method === 'POST' && path.test(r.url))

test('repay one installment, then everything early: each amount quoted by the server first, paid once', async () => {
  const spring = api.productNamed('春耕贷')
  const loan = await api.repayingLoan(USER, spring.id, { amountFen: 1_200_000, termMonths: 6, method: 'equal_installment' }, 7)
  const first = loan.schedule[0]!

  const sim = await launchMicroloan(api, { url: `/pkg/pages/loan/index?id=${loan.id}`, user: USER })
  const page = sim.page
  await signInIfAsked(page, '#loan-status')
  await page.waitForText('还款中', { selector: '#loan-status' })
  expect(page.text('#loan-next')).toContain(`下一期：第 1 期，${first.dueDate} 前还 ${formatYuan(first.owedFen)} 元`)
  expect(page.text('#loan-schedule-1')).toContain('待还')

  await page.tap('#repay-count-1')
  await page.waitForText(`今天还 ${formatYuan(first.owedFen)} 元`, { selector: '#repay-amount' })
  await page.tap('#repay-now')
  await page.tap('#repay-now')
  await page.waitForText('已付款', { selector: '#pay-status', timeout: 20_000 })
  await page.waitForText('已还', { selector: '#loan-schedule-1', timeout: 10_000 })
  expect(posts(sim, /\/api\/loans\/my\/[^/]+\/repayments$/)).toHaveLength(1)
  expect(posts(sim, /\/api\/payments$/)).toHaveLength(1)
  const afterOne = await api.loanOf(USER, loan.id)
  expect(afterOne.schedule[0]?.status).toBe('paid')
  expect(afterOne.ledger.filter((e) => e.kind === 'repayment')).toHaveLength(1)

  await page.tap('#repay-payoff')
  await page.waitFor(() => page.has('#repay-saved'))
  // The phone shows the server's amount to the day; paying off early costs less than the schedule's rest.
  const payoff = await api.repaymentQuote(USER, loan.id, { scope: 'payoff' })
  expect(page.text('#repay-amount')).toBe(`今天还 ${formatYuan(payoff.amountFen)} 元`)
  expect(page.text('#repay-saved')).toBe(`比按期还少付 ${formatYuan(payoff.savedFen)} 元`)
  const rest = afterOne.schedule.filter((r) => r.status !== 'paid').reduce((s, r) => s + r.owedFen, 0)
  expect(payoff.amountFen).toBeLessThan(rest)
  await page.tap('#repay-now')
  await page.waitForText('已付款', { selector: '#pay-status', timeout: 20_000 })
  await page.waitForText('已结清', { selector: '#loan-status', timeout: 10_000 })

  const settled = await api.loanOf(USER, loan.id)
  expect(settled.status).toBe('settled')
  const repaid = settled.ledger.filter((e) => e.kind === 'repayment').reduce((s, e) => s + e.amountFen, 0)
  expect(repaid).toBe(settled.repaidFen)
  expect(settled.ledger.filter((e) => e.kind === 'repayment').reduce((s, e) => s + e.principalFen, 0)).toBe(1_200_000)
  expect(sim.errors).toEqual([])
}, 120_000)
