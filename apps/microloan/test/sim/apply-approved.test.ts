// The borrower's path on the compiled weapp against the real API (child process, temp SQLite, the
// WeChat sandbox for login, phone number, payment and transfer): home → 春耕贷 → apply, one step
// a screen (a wrong ID check digit caught as typed; a card failing Luhn only warned about; the
// phone from the getPhoneNumber button; both consents read and agreed to) → submitted once →
// the officer (over HTTP) reviews and approves → the borrower reads and accepts the contract →
// the officer disburses → 确认收款 in WeChat → 还款中.
import { startMicroloanApi, idNumberFor, LUHN_FAILING_CARD, GOOD_CARD, type MicroloanApi } from '../support/microloan-api'
import { BORROWER, launchMicroloan, phoneCode, signInOn } from '../support/phone'

const APPLY = 'pkg/pages/apply/index'
const LOAN = 'pkg/pages/loan/index'
const CONTRACT = 'pkg/pages/contract/index'

let api: MicroloanApi
beforeAll(async () => {
  api = await startMicroloanApi()
}, 60_000)
afterAll(() => api.close())

const posts = (sim: { wx: { requests: { method: string; url: string }[] } }, path: string) => sim.wx.requests.filter((r) => r.method === 'POST' && r.url.endsWith(path))

test('apply one step a screen → submitted once → approved → contract accepted → disbursed → received: 还款中', async () => {
  const spring = api.productNamed('春耕贷')
  const sim = await launchMicroloan(api)
  const home = sim.page
  await home.waitFor(() => home.has(`#product-${spring.id}`))
  // The annualised rate first and largest: it is the card's own line, before amounts and methods.
  expect(home.text(`#product-${spring.id}`)).toMatch(/^春耕贷.*年化利率（利息和所有费用都算在内）\d+\.\d\d%.*能借 1,000–20,000 元/)
  await home.tap(`#apply-${spring.id}`)

  const apply = await sim.waitForPage(APPLY)
  await signInOn(apply)
  await apply.waitForText('借钱做什么', { selector: '#apply-step' })
  await apply.tap('#next-step')
  await apply.waitForText('请写上借钱做什么', { selector: '#apply-missing' })
  await apply.tap('#purpose-0')
  await apply.waitForText(/●\s*买种子、化肥/, { selector: '#purpose-0' })

  await apply.tap('#next-step')
  await apply.waitForText('借多少、怎么还', { selector: '#apply-step' })
  await apply.type('#amount', '20000')
  await apply.tap('#term-12')
  await apply.tap('#method-equal_installment')
  await apply.waitForText(/一共要还 2\d,\d{3}\.\d\d 元/, { selector: '#apply-plan-total' })

  await apply.tap('#next-step')
  await apply.waitForText('您是谁', { selector: '#apply-step' })
  await apply.type('#name', BORROWER)
  const good = idNumberFor('19700315', 1)
  await apply.type('#id-number', good.slice(0, 17) + (good[17] === '1' ? '2' : '1'))
  await apply.waitForText('身份证号校验位不对，请逐位核对')
  await apply.type('#id-number', good)
  await apply.type('#bank-card', LUHN_FAILING_CARD)
  await apply.waitForText(/没有通过常见的校验/, { selector: '#bank-card-warning' })
  await apply.type('#bank-card', GOOD_CARD)
  await apply.type('#bank-name', '农村信用社')
  await apply.tap('#next-step')
  await apply.waitForText('请点“用微信绑定的手机号”', { selector: '#apply-missing' })
  // The getPhoneNumber button: WeChat hands the page a single-use code.
  apply.get('#get-phone').dispatch('getphonenumber', { code: await phoneCode(api, BORROWER), errMsg: 'getPhoneNumber:ok' })
  await apply.waitFor(() => apply.has('#phone-ok'))

  await apply.tap('#next-step')
  await apply.waitForText('看清楚再同意', { selector: '#apply-step' })
  const quote = await api.quote(spring.id, { amountFen: 2_000_000, termMonths: 12, method: 'equal_installment' })
  // The server's figures before anything is signed: the total in yuan, in plain words.
  await apply.waitForText(`年化利率（利息和所有费用都算在内）${quote.aprText}`, { selector: '#review-plan' })
  expect(apply.text('#review-plan-total')).toContain('借 20,000 元、12 个月（1 年），一共要还')
  expect(apply.text('#consent-loan_terms-text')).toContain('年化利率按内部收益率法')
  expect(apply.text('#consent-sensitive_personal_info-text')).toContain('个人信息保护法')
  await apply.tap('#submit-application')
  await apply.waitForText('两项都要看过并勾选同意，才能提交', { selector: '#apply-missing' })
  await apply.tap('#agree-loan_terms')
  await apply.tap('#agree-sensitive_personal_info')
  await apply.waitForText(/^☑/, { selector: '#agree-sensitive_personal_info' })
  await apply.waitForText(/^☑/, { selector: '#agree-loan_terms' })
  await apply.tap('#submit-application')
  await apply.tap('#submit-application')
  await apply.waitForText('已提交，信贷员会尽快审核', { selector: '#applied' })
  expect(posts(sim, '/api/loans/applications')).toHaveLength(1)
  // The draft went with the application; the ID number was never on the phone.
  expect(sim.wx.storage.get(`ty:microloan:apply:${spring.id}`).found).toBe(false)
  expect(JSON.stringify(sim.wx.storage.info().keys.map((k) => sim.wx.storage.get(k)))).not.toContain(good)

  const [mine] = await api.loansOf(BORROWER)
  expect(mine).toMatchObject({ amountFen: 2_000_000, termMonths: 12, method: 'equal_installment', status: 'submitted', aprText: quote.aprText })

  // The officer, on another phone: review, approve with a reason.
  await api.officer.startReview(mine!.id)
  await api.officer.approve(mine!.id, '种植面积和收入对得上，用途清楚')

  await apply.tap('#view-loan')
  const loan = await sim.waitForPage(LOAN)
  await loan.waitForText('已批准', { selector: '#loan-status' })
  expect(loan.text('#loan-next')).toContain('请先看借款合同')
  await loan.tap('#open-contract')
  const contract = await sim.waitForPage(CONTRACT)
  await contract.waitFor(() => contract.has('#accept-contract'))
  expect(contract.text('#contract-text')).toContain(quote.aprText)
  await contract.tap('#agree-contract')
  await contract.waitForText(/^☑/, { selector: '#agree-contract' })
  await contract.tap('#accept-contract')
  await contract.waitForText(/已确认合同/, { selector: '#contract-accepted' })
  await contract.tap('#contract-back')
  await sim.waitForPage(LOAN)
  await loan.waitForText(/等信贷员放款/, { selector: '#loan-next' })

  await api.officer.disburse(mine!.id)
  await api.untilLoan(BORROWER, mine!.id, (l) => Boolean(l.disbursement?.confirm), 'waiting for 确认收款')
  // Back on the page (shown again), the money waits for the borrower's confirmation in WeChat.
  await sim.moveToBackground()
  await sim.moveToForeground()
  await loan.waitFor(() => loan.has('#receive-money'))
  expect(loan.text('#receive')).toContain('收钱：20,000 元')
  await loan.tap('#receive-money')
  await loan.waitForText('还款中', { selector: '#loan-status', timeout: 15_000 })
  expect(loan.text('#loan-ledger')).toMatch(/放款 20,000 元/)
  const received = await api.loanOf(BORROWER, mine!.id)
  expect(received.status).toBe('repaying')
  expect(received.ledger.filter((e) => e.kind === 'disbursement')).toHaveLength(1)
  expect(sim.errors).toEqual([])
}, 120_000)

test('home: the notice strip pins the urgent notice first, then 政策; a row opens the notice in the notices subpackage', async () => {
  const sim = await launchMicroloan(api)
  const home = sim.page
  // apps/api's seedNotices: the village committee's cold-wave warning (urgent: every app), then 政策 (the subsidy deadline, then the co-op's fraud warning: newest first).
  await home.waitFor(() => home.has('#notice-strip-1'))
  expect(home.text('#notice-strip-0')).toMatch(/^紧急\s*寒潮蓝色预警/)
  expect(home.text('#notice-strip-1')).toMatch(/耕地地力保护补贴/)
  expect(home.text('#notice-strip-2')).toMatch(/防诈骗/)
  expect(home.has('#notice-strip-all')).toBe(true)
  await home.tap('#notice-strip-0')
  const notice = await sim.waitForPage('notices/pages/detail/index')
  await notice.waitForText(/寒潮蓝色预警/, { selector: '#notice-title' })
  expect(notice.text('#notice-meta')).toContain('凤栖镇谷咀村村委会')
  expect(notice.text('#notice-text')).toContain('把树干涂白')
  await sim.navigateBack()
  expect(sim.errors).toEqual([])
}, 60_000)
