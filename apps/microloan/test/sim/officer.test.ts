// The credit officer's workbench on the phone: 我的 shows 信贷员工作台 only to an officer (GET
// /api/me roles) → the queue, oldest first → an application with its automatic checks → 开始审核
// → 批准 refused without a reason, then with one → 已批准, which the borrower's loan shows.
import { startMicroloanApi, type MicroloanApi } from '../support/microloan-api'
import { launchMicroloan, signInOn } from '../support/phone'

let api: MicroloanApi
beforeAll(async () => {
  api = await startMicroloanApi()
}, 60_000)
afterAll(() => api.close())

test('an officer finds the workbench on 我的, reviews an application and approves it with a reason', async () => {
  const borrower = '吴大哥'
  const applied = await api.apply(borrower, api.productNamed('养殖贷').id, { amountFen: 1_500_000, termMonths: 12, method: 'equal_installment' }, 9)

  const sim = await launchMicroloan(api, { url: '/pages/mine/index', user: api.officer.name })
  const mine = sim.page
  await signInOn(mine)
  await mine.waitFor(() => mine.has('#officer-workbench'))
  await mine.tap('#officer-workbench')
  const queue = await sim.waitForPage('officer/pages/queue/index')
  await queue.waitFor(() => queue.has(`#application-${applied.id}`))
  expect(queue.text(`#application-${applied.id}`)).toMatch(/吴大哥.*已提交.*养殖贷，借 15,000 元，12 个月，等额本息/)
  await queue.tap(`#application-${applied.id}`)

  const detail = await sim.waitForPage('officer/pages/application/index')
  await detail.waitForText('已提交', { selector: '#application-status' })
  expect(detail.text('#application-checks')).toMatch(/✓ 通过/)
  expect(detail.text('#application-head')).toMatch(/身份证 6106\*+\d{3}[\dX]/)
  await detail.tap('#start-review')
  await detail.waitForText('审核中', { selector: '#application-status' })
  await detail.tap('#approve')
  await detail.waitForText('请写上理由（借款人会看到）')
  expect((await api.loanOf(borrower, applied.id)).status).toBe('under_review')
  await detail.type('#decision-reason', '养殖规模和用途核实无误')
  await detail.tap('#approve')
  await detail.waitForText('已批准', { selector: '#application-status' })
  const approved = await api.loanOf(borrower, applied.id)
  expect(approved.status).toBe('approved')
  expect(approved.decision).toMatchObject({ approved: true, reason: '养殖规模和用途核实无误' })
  expect(sim.errors).toEqual([])
}, 90_000)
