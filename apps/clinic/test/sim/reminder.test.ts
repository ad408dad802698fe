// 就诊提醒 through WeChat's service notifications: the booking tap asks for the one-time subscription
// (the villager taps 允许 on WeChat's sheet — here the sandbox records it, as WeChat would), the app
// reports the answer to the API, and an hour before the visit the reminder arrives in the villager's
// 服务通知 (the sandbox's inbox) — sent by the API's durable scheduler, moved forward by the suite.
import { REMINDER_TEMPLATES } from '@tianyuan/contracts/subscribe-rules'
import { sandboxInbox } from '@tianyuan/sim/sandbox'
import { bookingFormUrl, startClinicApi, type ClinicApi } from '../support/clinic-api'
import { launchClinic, signInOn } from '../support/phone'

const DOCTOR_NAME = '张桂芳'
const USER = '孙大娘'
const VISIT_TEMPLATE = REMINDER_TEMPLATES.clinic_appointment.templateId

let api: ClinicApi
beforeAll(async () => {
  api = await startClinicApi()
}, 60_000)
afterAll(() => api.close())

test('提交预约 asks for the 就诊提醒 subscription in the tap; an hour before the visit the reminder is in 服务通知', async () => {
  await api.patientOf(USER)
  const sim = await launchClinic(api, { url: await bookingFormUrl(api, DOCTOR_NAME, 5), user: USER })
  const book = sim.page
  await signInOn(book)
  await book.waitForText(/●\s*孙大娘/, { selector: '#patients' })
  // Nothing was asked on the way in: only the booking tap asks.
  expect((await sandboxInbox(api.url, USER)).grants).toEqual({})
  await book.tap('#mode-text')
  await book.type('#symptoms', '高血压复诊，最近头晕，想调药')
  await book.tap('#follow-up')
  await book.waitForText('¥20.00', { selector: '#book-fee' })
  await book.waitFor(() => book.text('#follow-up').includes('☑'))
  await book.tap('#book-and-pay')
  await book.waitForText('已付款', { selector: '#pay-status', timeout: 15_000 })

  // WeChat (the sandbox) holds one grant for the visit template; the API was told.
  expect((await sandboxInbox(api.url, USER)).grants).toEqual({ [VISIT_TEMPLATE]: 1 })
  await book.waitFor(() => sim.wx.requests.some((r) => r.method === 'POST' && r.url.endsWith('/api/subscriptions')))
  const reported = sim.wx.requests.filter((r) => r.method === 'POST' && r.url.endsWith('/api/subscriptions'))
  expect(reported).toHaveLength(1)
  // Asked once, even though the booking and the payment were two steps.
  expect((await sandboxInbox(api.url, USER)).messages).toEqual([])

  const [booked] = await api.appointmentsOf(USER)
  expect(booked).toBeDefined()
  // An hour before the visit (plus a minute), the scheduler's reminder job is due.
  const untilReminder = Date.parse(booked!.slot.startsAt) - 3600_000 + 60_000 - Date.now()
  await api.control.advance(Math.max(0, untilReminder))
  await api.control.runDue()
  const inbox = await sandboxInbox(api.url, USER)
  expect(inbox.messages).toHaveLength(1)
  expect(inbox.messages[0]).toMatchObject({ title: '就诊提醒', templateId: VISIT_TEMPLATE })
  expect(inbox.messages[0]!.lines.map((l) => l.label)).toEqual(REMINDER_TEMPLATES.clinic_appointment.fields.map((f) => f.label))
  // The one grant is used up.
  expect(inbox.grants).toEqual({})
  expect(sim.errors).toEqual([])
}, 120_000)
