// The calculator works with no network: the products the home page fetched are on the phone, and
// the schedule is computed there with @tianyuan/loans — fen for fen what the server quotes. Opened
// a second time (within the products' freshness), it fetches nothing at all: its bytes on a
// repeat visit are zero (the code is in the `pkg` subpackage WeChat keeps).
import { forwardTo } from '@tianyuan/sim'
import { formatYuan } from '../../src/features/products/money'
import { startMicroloanApi, type MicroloanApi } from '../support/microloan-api'
import { launchMicroloan } from '../support/phone'

const CALCULATOR = 'pkg/pages/calculator/index'

let api: MicroloanApi
beforeAll(async () => {
  api = await startMicroloanApi()
}, 60_000)
afterAll(() => api.close())

test('offline: amount, term and method → the APR, the total and every installment the server would quote; a repeat visit sends nothing', async () => {
  // Every response body's bytes, as the phone receives them.
  let bytes = 0
  const forward = forwardTo(api.url)
  const counting = async (request: Request): Promise<Response> => {
    const response = await forward(request)
    const body = await response.arrayBuffer()
    bytes += body.byteLength
    // A 304 (the notice strip's revalidation) has no body, and a Response with one cannot be made.
    const bodiless = [204, 304].includes(response.status)
    return new Response(bodiless ? null : body, { status: response.status, headers: response.headers })
  }
  const sim = await launchMicroloan(api, { user: '算账的李婶', fetch: counting })
  const spring = api.productNamed('春耕贷')
  const home = sim.page
  await home.waitFor(() => home.has(`#product-${spring.id}`))
  const homeBytes = bytes

  sim.wx.switchNetwork('none')
  await home.waitForText(/网络已断开/)
  const before = sim.wx.requests.length
  await home.tap('#open-calculator')
  const calc = await sim.waitForPage(CALCULATOR)
  await calc.waitFor(() => calc.has(`#pick-${spring.id}`))
  await calc.tap(`#pick-${spring.id}`)
  await calc.waitFor(() => calc.has('#amount-1000000'))
  await calc.tap('#amount-1000000')
  await calc.tap('#term-10')
  await calc.tap('#method-equal_installment')
  await calc.waitForText(/借 10,000 元、10 个月，一共要还/, { selector: '#plan-total' })
  expect(sim.wx.requests.length).toBe(before)

  // What the server quotes for the same plan today (asked by the test, not the phone).
  const quote = await api.quote(spring.id, { amountFen: 1_000_000, termMonths: 10, method: 'equal_installment' })
  expect(calc.text('#plan-apr')).toBe(quote.aprText)
  expect(calc.text('#plan-total')).toContain(`一共要还 ${formatYuan(quote.totalRepayFen)} 元`)
  expect(quote.schedule).toHaveLength(10)
  // Each row reads: period, due day, principal, interest (+ fees), total — the server's figures.
  for (const row of quote.schedule) {
    expect(calc.text(`#plan-schedule-${row.seq}`)).toBe(`${row.seq}${row.dueDate.slice(2)}${formatYuan(row.principalFen)}${formatYuan(row.interestFen + row.feeFen)}${formatYuan(row.totalFen)}`)
  }
  expect(calc.has('#plan-chart')).toBe(true)
  // The annualised rate is the page's own first figure; the monthly figure comes after it.
  const text = calc.text('#plan')
  expect(text.indexOf(quote.aprText)).toBeLessThan(text.indexOf('每期还'))

  // Back online, opened again: nothing goes over the network.
  sim.wx.switchNetwork('wifi')
  await sim.navigateBack()
  await home.waitForText(/当前网络：Wi-Fi/, { selector: '#network' })
  // Back online the home page asks again for what it shows (products, notices); the calculator is what is measured.
  await home.settle({ quietMs: 300 })
  for (let seen = -1; seen !== sim.wx.requests.length; ) {
    seen = sim.wx.requests.length
    await new Promise((resolve) => setTimeout(resolve, 500))
  }
  const requestsBefore = sim.wx.requests.length
  const bytesBefore = bytes
  await home.tap('#open-calculator')
  const again = await sim.waitForPage(CALCULATOR)
  await again.waitFor(() => again.has(`#pick-${spring.id}`))
  await again.settle({ quietMs: 300 })
  expect(sim.wx.requests.slice(requestsBefore)).toEqual([])
  expect(bytes - bytesBefore).toBe(0)
  console.log(`calculator figures: home (products and the rest) ${homeBytes} B; calculator first visit offline 0 requests; repeat visit ${bytes - bytesBefore} B in ${sim.wx.requests.length - requestsBefore} requests`)
  expect(sim.errors).toEqual([])
}, 90_000)
