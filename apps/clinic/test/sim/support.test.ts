// The clinic's test support against the real API: the seeded doctors, the simulated phone's
// WeChat wired to the sandbox (its wx.login is the patient or a doctor by name, its
// wx.requestPayment pays through the sandbox cashier), and the other phones acting over HTTP —
// a patient who books and pays, the doctor who sees the booking, talks and finishes the visit.
import type { CreatePaymentResponse, LoginResponse, MeResponse } from '@tianyuan/contracts/types'
import type { SimApp } from '@tianyuan/sim'
import { newClientId, startClinicApi, type ClinicApi } from '../support/clinic-api'
import { launchClinic, PATIENT_USER } from '../support/phone'

let api: ClinicApi
beforeAll(async () => {
  api = await startClinicApi()
  // Seeding is most of the start; printed so a slow machine shows where the time goes.
  console.info(`clinic API ready, ${api.doctors.length} doctors seeded in ${api.seedMs} ms`)
}, 60_000)
afterAll(() => api.close())

type TaroCall = (options?: Record<string, unknown>) => Promise<Record<string, unknown>>

/** A Taro API exactly as the app's own code calls it (the bundled @tarojs/taro → the phone's wx). */
const taro = (sim: SimApp, name: string) => sim.bundledTaro()[name] as TaroCall

/** Logs in with a code from the phone's own wx.login, as the SDK does. */
async function loginFromPhone(sim: SimApp): Promise<LoginResponse> {
  const { code } = await taro(sim, 'login')()
  const res = await fetch(`${api.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code }) })
  expect(res.status).toBe(200)
  return (await res.json()) as LoginResponse
}

async function me(token: string): Promise<MeResponse['user']> {
  return ((await (await fetch(`${api.url}/api/me`, { headers: { authorization: `Bearer ${token}` } })).json()) as MeResponse).user
}

test('the seeded doctors are listed with their departments, hospitals and a week of bookable slots', async () => {
  expect(api.doctors).toHaveLength(20)
  const zhang = api.doctorNamed('张桂芳')
  expect(zhang).toMatchObject({ title: '主任医师', hospital: { name: '洛川县人民医院', level: 'county' }, department: { id: 'chronic' } })
  expect(new Set(api.doctors.map((d) => d.department.id)).size).toBeGreaterThan(5)
  // 7 days from today, 上午 and 下午 (a county doctor with an odd key has no evening); some of
  // today's may have ended, the later days are all open with 8 places each.
  const slots = await api.scheduleOf(zhang.id)
  const days = [...new Set(slots.map((s) => s.date))]
  expect(days).toHaveLength(7)
  const later = slots.filter((s) => s.date !== days[0])
  expect(later.map((s) => s.periodWord)).toEqual(Array.from({ length: 6 }, () => ['上午', '下午']).flat())
  expect(later.every((s) => s.bookable && s.remaining === 8 && s.capacity === 8)).toBe(true)
  expect((await api.scheduleOf(api.doctorNamed('李建军').id)).filter((s) => s.date === days[1]).map((s) => s.periodWord)).toEqual(['上午', '下午', '晚上'])
  expect(() => api.doctorNamed('没有这个人')).toThrow(/no seeded doctor named 没有这个人/)
})

test('the clinic opens on the phone, whose wx.login is the patient and whose wx.requestPayment pays in the sandbox', async () => {
  const sim = await launchClinic(api)
  await sim.page.waitForText(/医生/, { selector: '#purpose' })
  expect(sim.routes).toEqual(['pages/index/index'])

  // The phone's login is the same account the HTTP helpers act as.
  const login = await loginFromPhone(sim)
  expect(login.user.id).toBe((await me(await api.signIn(PATIENT_USER))).id)
  expect(sim.wx.loginCodes).toHaveLength(1)

  // A booking left unpaid, paid from the phone: the sandbox cashier takes it and tells the API.
  const doctor = api.doctorNamed('王秀英')
  const unpaid = await api.book(PATIENT_USER, doctor.id)
  expect(unpaid).toMatchObject({ status: 'pending_payment', feeFen: doctor.fees.text, patient: { name: PATIENT_USER, gender: '男' } })
  const pay = await fetch(`${api.url}/api/payments`, {
    method: 'POST',
    headers: { authorization: `Bearer ${login.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ kind: 'clinic_appointment', orderId: unpaid.id }),
  })
  expect(pay.status).toBe(201)
  const { payment, requestPayment } = (await pay.json()) as CreatePaymentResponse
  await expect(taro(sim, 'requestPayment')(requestPayment)).resolves.toMatchObject({ errMsg: 'requestPayment:ok' })
  // Paying the same prepay twice is refused by the sandbox, and the app hears it as a failure.
  await expect(taro(sim, 'requestPayment')(requestPayment)).rejects.toMatchObject({ errMsg: expect.stringMatching(/^requestPayment:fail/) })
  expect(await api.untilPaid(PATIENT_USER, payment.id)).toMatchObject({ status: 'paid', amountFen: doctor.fees.text })
  expect(await api.appointmentOf(PATIENT_USER, unpaid.id)).toMatchObject({ status: 'booked' })
})

test('a doctor logs in on the phone by name and is that doctor', async () => {
  const sim = await launchClinic(api, { user: '张桂芳' })
  const login = await loginFromPhone(sim)
  expect(login.user.nickname).toBe('张桂芳医生')
  const res = await fetch(`${api.url}/api/clinic/doctor/me`, { headers: { authorization: `Bearer ${login.token}` } })
  expect(res.status).toBe(200)
  expect(((await res.json()) as { doctor: { id: string } }).doctor.id).toBe(api.doctorNamed('张桂芳').id)
})

test('bookAndPay → the doctor sees it that day → starts, both write, the same message sent twice is stored once → finishes with advice', async () => {
  const patient = '李奶奶'
  const zhang = api.doctorNamed('张桂芳')
  const { appointment, paymentId } = await api.bookAndPay(patient, zhang.id, { patient: { name: '李奶奶', birth: '19480611', gender: '女' } })
  expect(paymentId).toMatch(/^[A-Za-z0-9_-]{16,64}$/)
  expect(appointment).toMatchObject({ status: 'booked', statusWord: '已预约', doctor: { id: zhang.id, name: '张桂芳' }, patient: { name: '李奶奶', gender: '女' } })
  expect(appointment.paidAt).not.toBeNull()
  expect((await api.appointmentsOf(patient)).map((a) => [a.id, a.status])).toEqual([[appointment.id, 'booked']])

  // The doctor's day lists it; another doctor's does not.
  const desk = api.asDoctor('张桂芳')
  const day = await desk.appointments(appointment.slot.date)
  expect(day.date).toBe(appointment.slot.date)
  expect(day.items.map((a) => a.id)).toContain(appointment.id)
  expect((await api.asDoctor('李建军').appointments(appointment.slot.date)).items.map((a) => a.id)).not.toContain(appointment.id)
  // Not the doctor's own booking to read for someone else.
  await expect(api.asDoctor('李建军').messages(appointment.id)).rejects.toThrow(/404/)

  // The doctor cannot write before starting; the patient can once paid.
  await expect(desk.send(appointment.id, '您好')).rejects.toThrow(/请先开始问诊/)
  const fromPatient = await api.sendAsPatient(patient, appointment.id, '张医生，我这两天头晕')
  expect((await desk.start(appointment.id)).status).toBe('in_consultation')
  const clientId = newClientId()
  const reply = await desk.send(appointment.id, '血压量了吗？早晚各量一次', clientId)
  // A dropped connection makes the phone send again with the same clientId: stored once.
  expect((await desk.send(appointment.id, '血压量了吗？早晚各量一次', clientId)).id).toBe(reply.id)

  const seenByPatient = await api.messagesOf(patient, appointment.id)
  expect(seenByPatient.map((m) => [m.sender, m.text])).toEqual([
    ['patient', '张医生，我这两天头晕'],
    ['doctor', '血压量了吗？早晚各量一次'],
  ])
  expect((await desk.messages(appointment.id)).map((m) => m.id)).toEqual([fromPatient.id, reply.id])

  const finished = await desk.finish(appointment.id, '继续按时吃药，少吃盐，两周后复诊', '氨氯地平片 5mg 每日一次')
  expect(finished).toMatchObject({ status: 'completed', record: { advice: '继续按时吃药，少吃盐，两周后复诊', prescription: '氨氯地平片 5mg 每日一次' } })
  expect((await api.appointmentOf(patient, appointment.id)).status).toBe('completed')
  expect((await desk.appointments(appointment.slot.date)).items.find((a) => a.id === appointment.id)?.status).toBe('completed')
  await expect(api.sendAsPatient(patient, appointment.id, '谢谢医生')).rejects.toThrow(/已经结束/)
})
