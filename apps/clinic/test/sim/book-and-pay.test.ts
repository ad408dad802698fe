// The patient's path on the compiled weapp against the real API (child process, temp SQLite, the
// 20 demo doctors, the WeChat sandbox for login and payment): a department → a doctor → a slot →
// add oneself as a patient → describe the illness → book and pay → 已预约.
import { startClinicApi, type ClinicApi } from '../support/clinic-api'
import { launchClinic, PATIENT_USER, signInOn } from '../support/phone'
import { idNumberFor } from '../support/clinic-api'

const DOCTORS = 'pkg/pages/doctors/index'
const DOCTOR = 'pkg/pages/doctor/index'
const BOOK = 'pkg/pages/book/index'
const PATIENT_EDIT = 'pkg/pages/patient-edit/index'
const APPOINTMENT = 'pkg/pages/appointment/index'

let api: ClinicApi
beforeAll(async () => {
  api = await startClinicApi()
}, 60_000)
afterAll(() => api.close())

test('a department → a doctor → a slot → add oneself → symptoms → two taps on 提交 → one booking, one payment, 已预约', async () => {
  const zhang = api.doctorNamed('张桂芳')
  const slot = (await api.scheduleOf(zhang.id)).filter((s) => s.bookable)[1]!
  const sim = await launchClinic(api)
  const home = sim.page
  await home.waitForText(/常见病、慢性病的复诊/, { selector: '#follow-up-notice' })
  await home.waitFor(() => home.has('#department-chronic'))
  await home.tap('#department-chronic')

  const list = await sim.waitForPage(DOCTORS)
  await list.waitFor(() => list.has(`#doctor-${zhang.id}`))
  expect(list.text()).toContain('慢病管理')
  expect(list.text(`#doctor-${zhang.id}`)).toMatch(/张桂芳.*主任医师.*洛川县人民医院.*¥20.00 起/)
  await list.tap(`#doctor-${zhang.id}`)

  const doctor = await sim.waitForPage(DOCTOR)
  await doctor.waitForText('张桂芳 主任医师', { selector: '#doctor-name' })
  expect(doctor.text('#doctor-fees')).toMatch(/图文问诊¥20.00.*电话问诊¥30.00.*视频问诊¥40.00/)
  expect(doctor.text(`#slot-${slot.id}`)).toContain('还剩 8 个号')
  await doctor.tap(`#slot-${slot.id}`)

  const book = await sim.waitForPage(BOOK)
  await signInOn(book)
  await book.waitForText('还没有就诊人，请先添加（可以是自己，也可以是家里人）。')
  // Nothing is sent while something is missing; the form says what.
  await book.tap('#book-and-pay')
  await book.waitForText('请选择就诊人', { selector: '#book-missing' })

  await book.tap('#add-patient')
  const form = await sim.waitForPage(PATIENT_EDIT)
  await form.waitFor(() => form.has('#save-patient'))
  await form.type('#patient-name', PATIENT_USER)
  await form.tap('#relation-0') // 本人
  const good = idNumberFor('19520308', 7)
  const typo = good.slice(0, 17) + (good[17] === '1' ? '2' : '1')
  await form.type('#patient-id-number', typo)
  await form.waitForText('身份证号校验位不对，请逐位核对')
  await form.tap('#save-patient')
  expect(sim.wx.requests.filter((r) => r.method === 'POST' && r.url.endsWith('/api/clinic/patients'))).toEqual([])
  await form.type('#patient-id-number', good)
  await form.waitForText(/^7\d 岁$/, { selector: '#patient-age' })
  await form.tap('#save-patient')

  await sim.waitForPage(BOOK)
  expect(sim.page).toBe(book)
  await book.waitForText(/王大爷（本人，7\d 岁，男）/)
  await book.tap('#mode-text')
  await book.type('#symptoms', '高血压十年了，一直吃硝苯地平，最近早上头晕，量血压 150/95')
  await book.tap('#follow-up')
  await book.waitForText('¥20.00', { selector: '#book-fee' })
  expect(book.text('#refund-rule')).toContain('2 小时以上取消，全额退款')

  await book.tap('#book-and-pay')
  await book.tap('#book-and-pay')
  await book.waitForText('已付款', { selector: '#pay-status', timeout: 15_000 })
  await book.tap('#view-appointment')
  const appointment = await sim.waitForPage(APPOINTMENT)
  await appointment.waitForText('已预约', { selector: '#appointment-status' })
  expect(appointment.text('#appointment-steps')).toMatch(/已提交预约（已完成）.*已付款（已完成）.*等待就诊（当前）.*问诊结束（未到）/)
  expect(appointment.text('#appointment-steps')).not.toContain('待支付（已完成）')
  expect(appointment.text('#appointment-info')).toMatch(/身份证 6106\*{10}\d{3}[\dX]/)

  const mine = await api.appointmentsOf(PATIENT_USER)
  expect(mine).toHaveLength(1)
  expect(mine[0]).toMatchObject({ status: 'booked', feeFen: 2000, mode: 'text', slot: { id: slot.id, remaining: 7 } })
  expect(sim.wx.requests.filter((r) => r.method === 'POST' && r.url.endsWith('/api/clinic/appointments'))).toHaveLength(1)
  expect(sim.wx.requests.filter((r) => r.method === 'POST' && r.url.endsWith('/api/payments'))).toHaveLength(1)
  // The draft went with the booking.
  expect(sim.wx.storage.get(`ty:clinic:draft:${zhang.id}`).found).toBe(false)
  expect(sim.errors).toEqual([])
}, 90_000)

test('home: the notice strip pins the urgent notice first, then 健康; a row opens the notice in the notices subpackage', async () => {
  const sim = await launchClinic(api)
  const home = sim.page
  // apps/api's seedNotices: the village committee's cold-wave warning (urgent: every app), then 健康 (the township health centre's vaccination day).
  await home.waitFor(() => home.has('#notice-strip-1'))
  expect(home.text('#notice-strip-0')).toMatch(/^紧急\s*寒潮蓝色预警/)
  expect(home.text('#notice-strip-1')).toMatch(/镇卫生院集中接种流感疫苗$/)
  // Nothing of the other apps' topics (农技, 政策, 价格行情): one urgent and one 健康 notice are live.
  expect(home.has('#notice-strip-2')).toBe(false)
  expect(home.has('#notice-strip-all')).toBe(true)
  await home.tap('#notice-strip-0')
  const notice = await sim.waitForPage('notices/pages/detail/index')
  await notice.waitForText(/寒潮蓝色预警/, { selector: '#notice-title' })
  expect(notice.text('#notice-meta')).toContain('凤栖镇谷咀村村委会')
  expect(notice.text('#notice-text')).toContain('把树干涂白')
  await sim.navigateBack()
  expect(sim.errors).toEqual([])
}, 60_000)
