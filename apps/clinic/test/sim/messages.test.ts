// Consultation messages: written with no network they wait on the phone and arrive once each, in
// the order written, when the network returns — even when an answer is lost on the way; and the
// doctor's reply reaches the patient's open chat by itself.
import { forwardTo } from '@tianyuan/sim'
import { startClinicApi, type ClinicApi } from '../support/clinic-api'
import { launchClinic, PATIENT_USER, signInIfAsked, signInOn } from '../support/phone'

const CHAT = 'pkg/pages/chat/index'
const DOCTOR_NAME = '张桂芳'

let api: ClinicApi
beforeAll(async () => {
  api = await startClinicApi()
}, 60_000)
afterAll(() => api.close())

test('three messages written offline are sent once each and in order when the network returns, though one answer is lost', async () => {
  const { appointment } = await api.bookAndPay(PATIENT_USER, api.doctorNamed(DOCTOR_NAME).id)
  const forward = forwardTo(api.url)
  const keys: (string | null)[] = []
  const sim = await launchClinic(api, {
    url: `/${CHAT}?id=${appointment.id}`,
    fetch: async (req) => {
      const isMessage = req.method === 'POST' && new URL(req.url).pathname.endsWith('/messages')
      if (isMessage) keys.push(req.headers.get('idempotency-key'))
      const res = await forward(req)
      // The second message reaches the server, its answer does not: the phone must resend it, once.
      if (isMessage && keys.length === 2) throw new Error('connection reset')
      return res
    },
  })
  const chat = sim.page
  await signInOn(chat)
  await chat.waitFor(() => chat.has('#message-input'))

  sim.wx.switchNetwork('none')
  await chat.waitForText(/网络已断开/)
  const words = ['医生您好，我是王大爷', '这两天早上头晕', '降压药要不要加量？']
  for (const text of words) {
    await chat.type('#message-input', text)
    await chat.tap('#send-message')
    await chat.waitFor(() => chat.text('#messages').includes(text))
  }
  expect(chat.getAllByText('我 · 等待发送')).toHaveLength(3)
  expect(sim.wx.requests.filter((r) => r.method === 'POST' && r.url.includes('/messages'))).toEqual([])

  sim.wx.switchNetwork('wifi')
  await chat.waitFor(() => !chat.text().includes('等待发送'), { timeout: 20_000 })
  const stored = await api.messagesOf(PATIENT_USER, appointment.id)
  expect(stored.map((m) => m.text)).toEqual(words)
  expect(chat.text('#messages')).toMatch(/医生您好，我是王大爷.*这两天早上头晕.*降压药要不要加量？/)
  expect(chat.getAllByText(/^我 · /)).toHaveLength(3)
  // Four posts for three messages: the lost answer was resent with the same key and clientId.
  expect(keys).toHaveLength(4)
  expect(keys[1]).toBe(keys[2])
  expect(new Set(keys).size).toBe(3)
  expect(sim.errors).toEqual([])
}, 90_000)

test('the doctor starts the visit and replies; the reply appears in the patient’s open chat without reopening it', async () => {
  const doctorId = api.doctorNamed(DOCTOR_NAME).id
  const { appointment } = await api.bookAndPay(PATIENT_USER, doctorId, { slotId: (await api.scheduleOf(doctorId)).filter((s) => s.bookable)[1]!.id })
  const sim = await launchClinic(api, { url: `/${CHAT}?id=${appointment.id}` })
  const chat = sim.page
  await signInIfAsked(chat, '#message-input')
  await chat.waitFor(() => chat.has('#message-input'))
  await chat.type('#message-input', '医生，我血糖又高了')
  await chat.tap('#send-message')
  await chat.waitFor(() => chat.text('#messages').includes('医生，我血糖又高了') && !chat.text().includes('等待发送'))

  const doctor = api.asDoctor(DOCTOR_NAME)
  await doctor.start(appointment.id)
  await doctor.send(appointment.id, '二甲双胍早晚各一片，饭后吃，一周后再量')
  // Asked for every 5 s while the chat is open on a good link.
  await chat.waitForText(/二甲双胍早晚各一片/, { selector: '#messages', timeout: 15_000 })
  expect(chat.text('#messages')).toMatch(/医生 · .*二甲双胍早晚各一片/)
  expect(await doctor.messages(appointment.id)).toHaveLength(2)
  expect(sim.errors).toEqual([])
}, 60_000)
