// Cancelling a paid booking: the refund rule and what it means now come from the API and are on
// the screen before the patient confirms; confirming cancels, refunds the whole fee through the
// payments module (WeChat's refund in the sandbox) and the page shows it.
import { startClinicApi, type ClinicApi } from '../support/clinic-api'
import { launchClinic, PATIENT_USER, signInIfAsked, signInOn } from '../support/phone'

const APPOINTMENT = 'pkg/pages/appointment/index'

let api: ClinicApi
beforeAll(async () => {
  api = await startClinicApi()
}, 60_000)
afterAll(() => api.close())

test('cancel a paid booking two days ahead: the rule and ¥30.00 back are shown first; confirmed, the fee comes back in full', async () => {
  const wang = api.doctorNamed('王秀英')
  const slots = (await api.scheduleOf(wang.id)).filter((s) => s.bookable)
  // A slot on the third day: far more than 2 hours away whatever the time now.
  const slot = slots.find((s) => s.date === slots.map((x) => x.date).filter((d, i, all) => all.indexOf(d) === i)[2])!
  const { appointment } = await api.bookAndPay(PATIENT_USER, wang.id, { slotId: slot.id, mode: 'phone' })
  expect(appointment.status).toBe('booked')

  const sim = await launchClinic(api, { url: `/${APPOINTMENT}?id=${appointment.id}` })
  const page = sim.page
  await signInOn(page)
  await page.waitForText('已预约', { selector: '#appointment-status' })

  await page.tap('#cancel-appointment')
  await page.waitFor(() => page.has('#cancel-quote'))
  const fee = `¥${(appointment.feeFen / 100).toFixed(2)}`
  expect(page.text('#cancel-quote')).toContain('距就诊开始 2 小时以上取消，全额退款')
  expect(page.text('#cancel-quote-message')).toContain(fee.slice(1))
  expect(page.text('#confirm-cancel')).toBe(`确定取消，退 ${fee}`)
  // Nothing is cancelled until confirmed.
  expect((await api.appointmentOf(PATIENT_USER, appointment.id)).status).toBe('booked')

  await page.tap('#confirm-cancel')
  await page.waitForText(/已取消|已退款/, { selector: '#appointment-status', timeout: 15_000 })
  expect(page.text('#refund-note')).toContain(fee)
  // The timeline says what happened: paid, then cancelled — not 已预约（已完成）.
  expect(page.text('#appointment-steps')).toMatch(/已付款（已完成）.*预约已取消/)
  expect(page.text('#appointment-steps')).not.toContain('已预约（已完成）')

  const after = await api.appointmentOf(PATIENT_USER, appointment.id)
  expect(['cancelled', 'refunded']).toContain(after.status)
  expect(after.refundFen).toBe(appointment.feeFen)
  expect(after.cancelReason).toBe('patient')
  // The place went back to the schedule.
  expect((await api.scheduleOf(wang.id)).find((s) => s.id === slot.id)?.remaining).toBe(slot.remaining)
  expect(sim.wx.requests.filter((r) => r.method === 'POST' && r.url.endsWith(`/appointments/${appointment.id}/cancel`))).toHaveLength(1)
  expect(sim.errors).toEqual([])
}, 60_000)

test('keeping the booking after reading the rule changes nothing', async () => {
  const wang = api.doctorNamed('王秀英')
  const { appointment } = await api.bookAndPay(PATIENT_USER, wang.id, { date: (await api.scheduleOf(wang.id)).filter((s) => s.bookable).at(-1)!.date })
  const sim = await launchClinic(api, { url: `/${APPOINTMENT}?id=${appointment.id}` })
  const page = sim.page
  await signInIfAsked(page, '#appointment-status')
  await page.waitForText('已预约', { selector: '#appointment-status' })
  await page.tap('#cancel-appointment')
  await page.waitFor(() => page.has('#keep-appointment'))
  await page.tap('#keep-appointment')
  await page.waitFor(() => page.has('#cancel-appointment'))
  expect((await api.appointmentOf(PATIENT_USER, appointment.id)).status).toBe('booked')
  expect(sim.wx.requests.filter((r) => r.method === 'POST' && r.url.includes('/cancel'))).toEqual([])
}, 60_000)
