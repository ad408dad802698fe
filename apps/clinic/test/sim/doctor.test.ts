// The doctor's side on the phone: a seeded doctor logs in by name, sees the day's paid bookings,
// starts one, replies in the chat and finishes with advice; the patient's record has it all.
import { startClinicApi, type ClinicApi } from '../support/clinic-api'
import { launchClinic, signInOn } from '../support/phone'

const TODAY = 'doctor/pages/today/index'
const VISIT = 'doctor/pages/visit/index'
const CHAT = 'pkg/pages/chat/index'
const DOCTOR_NAME = '张桂芳'
const PATIENT = '周大娘'

let api: ClinicApi
beforeAll(async () => {
  api = await startClinicApi()
}, 60_000)
afterAll(() => api.close())

test('the workbench lists the day’s booking; start → reply → finish with advice; the patient sees reply and record', async () => {
  const zhang = api.doctorNamed(DOCTOR_NAME)
  const { appointment } = await api.bookAndPay(PATIENT, zhang.id, { symptoms: '血压 160/100，头痛' })
  await api.sendAsPatient(PATIENT, appointment.id, '医生，今天早上量的是 160/100')

  const sim = await launchClinic(api, { url: `/${TODAY}?date=${appointment.slot.date}`, user: DOCTOR_NAME })
  const today = sim.page
  await signInOn(today)
  await today.waitForText('张桂芳 主任医师', { selector: '#workbench-title' })
  await today.waitFor(() => today.has(`#appointment-${appointment.id}`))
  expect(today.text('#workbench-day')).toMatch(/1 个预约，1 个等您看/)
  expect(today.text(`#appointment-${appointment.id}`)).toContain('已预约')
  await today.tap(`#appointment-${appointment.id}`)

  const visit = await sim.waitForPage(VISIT)
  await visit.waitForText(/血压 160\/100，头痛/)
  await visit.tap('#start-visit')
  await visit.waitForText('问诊中', { selector: '#visit-status' })
  await visit.tap('#open-chat')

  const chat = await sim.waitForPage(CHAT)
  await chat.waitForText(/今天早上量的是 160\/100/, { selector: '#messages' })
  await chat.type('#message-input', '氨氯地平加到每天两片，三天后再量')
  await chat.tap('#send-message')
  await chat.waitFor(() => chat.text('#messages').includes('氨氯地平加到每天两片') && !chat.text().includes('等待发送'))
  await sim.navigateBack()

  await visit.tap('#finish-visit')
  await visit.waitForText('请填写医嘱')
  await visit.type('#advice', '低盐饮食，每天早晚量血压并记下来，一周后复诊')
  await visit.type('#prescription', '氨氯地平片 5mg，每日两次')
  await visit.tap('#finish-visit')
  await visit.waitForText('已完成', { selector: '#visit-status' })

  const record = await api.appointmentOf(PATIENT, appointment.id)
  expect(record).toMatchObject({ status: 'completed', record: { advice: '低盐饮食，每天早晚量血压并记下来，一周后复诊', prescription: '氨氯地平片 5mg，每日两次' } })
  expect((await api.messagesOf(PATIENT, appointment.id)).map((m) => [m.sender, m.text])).toEqual([
    ['patient', '医生，今天早上量的是 160/100'],
    ['doctor', '氨氯地平加到每天两片，三天后再量'],
  ])
  expect(sim.errors).toEqual([])
}, 90_000)
