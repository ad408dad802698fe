// 我的 signs in by itself: a doctor opens the clinic on 我的, signs in there and finds 医生工作台
// (the roles come from GET /api/me), and the visit shows the number a 电话问诊 patient left.
import { startClinicApi, type ClinicApi } from '../support/clinic-api'
import { launchClinic, signInOn } from '../support/phone'

const DOCTOR_NAME = '张桂芳'

let api: ClinicApi
beforeAll(async () => {
  api = await startClinicApi()
}, 60_000)
afterAll(() => api.close())

test('a doctor signs in on 我的, finds 医生工作台, and the phone visit shows the number to ring', async () => {
  const { appointment } = await api.bookAndPay('冯大爷', api.doctorNamed(DOCTOR_NAME).id, { mode: 'phone' })
  expect(appointment.callbackPhone).toBe('13800138000')

  const sim = await launchClinic(api, { url: '/pages/mine/index', user: DOCTOR_NAME })
  const mine = sim.page
  await signInOn(mine)
  await mine.waitFor(() => mine.has('#doctor-workbench'))
  await mine.tap('#doctor-workbench')
  const today = await sim.waitForPage('doctor/pages/today/index')
  await today.waitForText('张桂芳 主任医师', { selector: '#workbench-title' })
  const visit = await launchClinic(api, { url: `/doctor/pages/visit/index?id=${appointment.id}`, user: DOCTOR_NAME })
  await visit.page.waitForText('患者手机：13800138000', { selector: '#visit-callback-phone' })
  expect(visit.page.has('#call-patient')).toBe(true)
  expect(sim.errors).toEqual([])
  expect(visit.errors).toEqual([])
}, 90_000)
