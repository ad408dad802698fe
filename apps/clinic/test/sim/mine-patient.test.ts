// 我的 for a patient: it signs in by itself, asks the account's roles once (GET /api/me), shows no
// workbench, and makes no request that answers 403 (it used to probe /api/clinic/doctor/me).
import { startClinicApi, type ClinicApi } from '../support/clinic-api'
import { launchClinic, signInOn } from '../support/phone'

let api: ClinicApi
beforeAll(async () => {
  api = await startClinicApi()
}, 60_000)
afterAll(() => api.close())

test('a patient signs in on 我的: no workbench, and nothing asked that answers 403 or 404', async () => {
  const sim = await launchClinic(api, { url: '/pages/mine/index', user: '李婶' })
  const mine = sim.page
  await signInOn(mine)
  await mine.waitFor(() => !mine.has('#sign-in-button'))
  await mine.waitFor(() => sim.wx.requests.some((r) => r.url.endsWith('/api/me') && r.status === 200))
  await mine.settle()
  expect(mine.has('#doctor-workbench')).toBe(false)
  expect(mine.has('#my-appointments')).toBe(true)
  expect(sim.wx.requests.filter((r) => r.status === 403 || r.status === 404)).toEqual([])
  expect(sim.wx.requests.filter((r) => r.url.includes('/api/clinic/doctor/'))).toEqual([])
  expect(sim.errors).toEqual([])
}, 60_000)
