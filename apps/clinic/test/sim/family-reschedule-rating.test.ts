// The rest of a patient's year with the clinic, on the phone against the real API: a child under
// 6 is added with a guardian; a booking is moved to another slot of the same doctor; a finished
// visit shows the doctor's advice and takes one rating.
import { idNumberFor, startClinicApi, type ClinicApi } from '../support/clinic-api'
import { launchClinic, signInIfAsked, signInOn } from '../support/phone'

const USER = '郑大哥'
const PATIENTS = 'pkg/pages/patients/index'
const PATIENT_EDIT = 'pkg/pages/patient-edit/index'
const APPOINTMENT = 'pkg/pages/appointment/index'
const DOCTOR = 'pkg/pages/doctor/index'

let api: ClinicApi
beforeAll(async () => {
  api = await startClinicApi()
  await api.patientOf(USER, { birth: '19850612' })
}, 60_000)
afterAll(() => api.close())

test('a child under 6 needs a guardian: the form says so, then saves with the parent as guardian', async () => {
  const sim = await launchClinic(api, { url: `/${PATIENTS}`, user: USER })
  const list = sim.page
  await signInOn(list)
  await list.waitForText(/郑大哥（本人，\d+ 岁，男）/)
  await list.tap('#add-patient')

  const form = await sim.waitForPage(PATIENT_EDIT)
  await form.waitFor(() => form.has('#save-patient'))
  await form.type('#patient-name', '郑小宝')
  await form.tap('#relation-2') // 子女
  await form.type('#patient-id-number', idNumberFor('20230301', 41))
  await form.waitFor(() => form.has('#guardian'))
  await form.tap('#save-patient')
  await form.waitForText('6 岁以下的孩子要选一位监护人', { selector: '#patient-missing' })
  const self = (await api.patientOf(USER)).id
  await form.tap(`#guardian-${self}`)
  await form.waitForText(/●\s*郑大哥/, { selector: '#guardian' })
  await form.tap('#save-patient')

  await sim.waitForPage(PATIENTS)
  await list.waitForText(/郑小宝（子女，\d 岁，男）/)
  expect(list.text()).toContain('监护人：郑大哥')
  const child = (await api.patientOf(USER, { name: '郑小宝' }))
  expect(child).toMatchObject({ guardianId: self, idNumberMasked: expect.stringMatching(/^6106\*{10}\d{3}[\dX]$/) })
  expect(sim.errors).toEqual([])
}, 60_000)

test('a booking moves to a later slot of the same doctor: the old place is freed, the new one taken, still paid', async () => {
  const doctor = api.doctorNamed('李建军')
  const slots = (await api.scheduleOf(doctor.id)).filter((s) => s.bookable)
  const [from, to] = [slots[1]!, slots[4]!]
  const { appointment } = await api.bookAndPay(USER, doctor.id, { slotId: from.id })

  const sim = await launchClinic(api, { url: `/${APPOINTMENT}?id=${appointment.id}`, user: USER })
  const page = sim.page
  await signInIfAsked(page, '#appointment-status')
  await page.waitForText('已预约', { selector: '#appointment-status' })
  await page.tap('#reschedule')
  const schedule = await sim.waitForPage(DOCTOR)
  await schedule.waitForText('选一个新的时段')
  await schedule.waitFor(() => schedule.has(`#slot-${to.id}`))
  await schedule.tap(`#slot-${to.id}`)

  await sim.waitForPage(APPOINTMENT)
  await sim.page.waitForText('已预约', { selector: '#appointment-status' })
  expect(sim.wx.modals.at(-1)?.content).toMatch(/^改到 .+？原来的时段会让给别人。$/)
  const moved = await api.appointmentOf(USER, appointment.id)
  expect(moved).toMatchObject({ status: 'booked', slot: { id: to.id } })
  expect(moved.events.map((e) => e.action)).toContain('rescheduled')
  const after = await api.scheduleOf(doctor.id)
  expect(after.find((s) => s.id === from.id)?.remaining).toBe(from.remaining)
  expect(after.find((s) => s.id === to.id)?.remaining).toBe(to.remaining - 1)
  expect(sim.errors).toEqual([])
}, 60_000)

test('after the visit the record shows the doctor’s advice; four stars are given once', async () => {
  const doctorName = '张桂芳'
  const { appointment } = await api.bookAndPay(USER, api.doctorNamed(doctorName).id)
  const desk = api.asDoctor(doctorName)
  await desk.start(appointment.id)
  await desk.finish(appointment.id, '继续吃药，少吃盐，两周后复查', '硝苯地平控释片 30mg，每日一次')

  const sim = await launchClinic(api, { url: `/${APPOINTMENT}?id=${appointment.id}`, user: USER })
  const page = sim.page
  await signInIfAsked(page, '#appointment-status')
  await page.waitForText('已完成', { selector: '#appointment-status' })
  expect(page.text('#visit-record')).toMatch(/继续吃药，少吃盐，两周后复查.*处方：硝苯地平控释片 30mg，每日一次/)
  expect(page.text('#open-chat')).toBe('看问诊记录')
  await page.tap('#star-4')
  await page.waitForText('提交 4 星评价', { selector: '#submit-rating' })
  await page.tap('#submit-rating')
  await page.waitForText('★★★★☆', { selector: '#rating' })
  expect(page.has('#submit-rating')).toBe(false)
  expect((await api.appointmentOf(USER, appointment.id)).rating).toMatchObject({ stars: 4 })
  expect(sim.errors).toEqual([])
}, 60_000)
