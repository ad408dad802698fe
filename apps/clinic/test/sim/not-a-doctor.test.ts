// A patient's account opening the doctor's workbench is told so, and sees nobody's bookings.
import { startClinicApi, type ClinicApi } from '../support/clinic-api'
import { launchClinic, signInOn } from '../support/phone'

let api: ClinicApi
beforeAll(async () => {
  api = await startClinicApi()
}, 60_000)
afterAll(() => api.close())

test('a patient’s account gets “这不是医生账号”, not a list', async () => {
  await api.bookAndPay('吴大姐', api.doctorNamed('张桂芳').id)
  const sim = await launchClinic(api, { url: '/doctor/pages/today/index', user: '吴大姐' })
  await signInOn(sim.page)
  await sim.page.waitForText('这不是医生账号')
  expect(sim.page.has('#day-appointments')).toBe(false)
  expect(sim.wx.requests.filter((r) => r.url.includes('/api/clinic/doctor/appointments') && r.status === 200)).toEqual([])
  expect(sim.errors).toEqual([])
}, 60_000)
