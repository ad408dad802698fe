// The application's draft: what the borrower chose is kept on the phone and is there again after
// the app is closed and reopened with no network — on the screen they had reached — while the ID
// number they typed never touches the phone's storage. (A file of its own: the simulator keeps the
// app's modules — its signed-in SDK — across launches within one file, so one villager per file.)
import { idNumberFor, startMicroloanApi, type MicroloanApi } from '../support/microloan-api'
import { launchMicroloan, signInOn } from '../support/phone'

const USER = '赵大姐'

let api: MicroloanApi
beforeAll(async () => {
  api = await startMicroloanApi()
}, 60_000)
afterAll(() => api.close())

test('the chosen purpose, plan and name come back after a restart offline, on the same step; the ID number does not', async () => {
  const livestock = api.productNamed('养殖贷')
  const url = `/pkg/pages/apply/index?product=${livestock.id}`
  const first = await launchMicroloan(api, { url, user: USER })
  const apply = first.page
  await signInOn(apply)
  await apply.waitFor(() => apply.has('#purpose-1'))
  await apply.tap('#purpose-1')
  await apply.waitForText(/^●/, { selector: '#purpose-1' })
  await apply.tap('#next-step')
  await apply.waitForText('借多少、怎么还', { selector: '#apply-step' })
  await apply.type('#amount', '20000')
  await apply.tap('#term-24')
  await apply.tap('#method-interest_monthly')
  await apply.waitForText(/借 20,000 元、24 个月（2 年），一共要还/, { selector: '#apply-plan-total' })
  await apply.tap('#next-step')
  await apply.waitForText('您是谁', { selector: '#apply-step' })
  await apply.type('#name', USER)
  const idNumber = idNumberFor('19680808', 3, '女')
  await apply.type('#id-number', idNumber)
  const key = `ty:microloan:apply:${livestock.id}`
  await apply.waitFor(() => JSON.stringify(first.wx.storage.get(key)).includes(USER))

  const second = await launchMicroloan(api, { url, user: USER, keepStorage: true, network: 'none' })
  const again = second.page
  await again.waitForText(/已恢复您上次没提交的内容/, { selector: '#draft-restored' })
  await again.waitForText(/网络已断开/)
  expect(again.text('#apply-step')).toContain('您是谁')
  // Inputs show no text content: their values are in the page's render data.
  const data = JSON.stringify(again.data)
  expect(data).toContain(USER)
  expect(data).not.toContain(idNumber)
  expect(JSON.stringify(second.wx.storage.info().keys.map((k) => second.wx.storage.get(k)))).not.toContain(idNumber)
  await again.tap('#prev-step')
  await again.waitForText('借多少、怎么还', { selector: '#apply-step' })
  expect(again.text('#apply-plan-total')).toContain('借 20,000 元、24 个月（2 年）')
  expect(again.text()).toMatch(/●\s*按月付息、到期还本/)
  expect(second.errors).toEqual([])
}, 60_000)
