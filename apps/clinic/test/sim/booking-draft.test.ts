// The booking draft: what the patient typed is kept on the phone and is there again after the
// app is closed and reopened with no network. (A file of its own: the simulator keeps the app's
// modules — its signed-in SDK — across launches within one file, so one villager per file.)
import { startClinicApi, type ClinicApi } from '../support/clinic-api'
import { launchClinic, signInOn } from '../support/phone'

const BOOK = 'pkg/pages/book/index'
const USER = '赵大妈'

let api: ClinicApi
beforeAll(async () => {
  api = await startClinicApi()
}, 60_000)
afterAll(() => api.close())

test('what the patient typed is still there after the app is closed and reopened with no network', async () => {
  const li = api.doctorNamed('李建军')
  const slot = (await api.scheduleOf(li.id)).filter((s) => s.bookable)[2]!
  const url = `/${BOOK}?doctor=${li.id}&slot=${slot.id}`
  const first = await launchClinic(api, { url, user: USER })
  const book = first.page
  await signInOn(book)
  await book.waitFor(() => book.has('#symptoms'))
  await book.type('#symptoms', '糖尿病复诊，空腹血糖 8.2')
  await book.tap('#follow-up')
  // Saved within half a second of the last change — the save that has the tick too (one made
  // between typing and the tap holds the symptoms alone).
  await book.waitFor(() => {
    const saved = first.wx.storage.get(`ty:clinic:draft:${li.id}`)
    return saved.found && /"followUp":true/.test(typeof saved.data === 'string' ? saved.data : JSON.stringify(saved.data))
  })

  const second = await launchClinic(api, { url, user: USER, keepStorage: true, network: 'none' })
  const again = second.page
  await again.waitForText(/已恢复您上次没提交的内容/, { selector: '#draft-restored' })
  await again.waitForText(/网络已断开/)
  expect(again.text('#follow-up')).toContain('☑')
  // The textarea's value is in the page's render data (a textarea shows no text content).
  expect(JSON.stringify(again.data)).toContain('糖尿病复诊，空腹血糖 8.2')

  expect(second.errors).toEqual([])
}, 60_000)
