// 电话问诊 promises a call: the booking form asks for the number the doctor will ring (prefilled
// from the phone bound to WeChat), checks it (said once, under the field), and the booking keeps
// the one given. (The doctor's screen with it: mine-doctor.test.ts.)
import { bookingFormUrl, startClinicApi, type ClinicApi } from '../support/clinic-api'
import { launchClinic, signInOn } from '../support/phone'

const DOCTOR_NAME = '张桂芳'

let api: ClinicApi
beforeAll(async () => {
  api = await startClinicApi()
}, 60_000)
afterAll(() => api.close())

const count = (text: string, part: string) => text.split(part).length - 1

test('电话问诊 asks for the number, prefilled from WeChat, checks it, and the booking keeps the one given', async () => {
  const user = '钱大哥'
  await api.patientOf(user)
  // The villager bound his phone to WeChat earlier (the getPhoneNumber button, through the sandbox).
  const token = await api.signIn(user)
  const { code } = (await (await fetch(`${api.url}/wechat-sandbox/sandbox/phone-code`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ user, phoneNumber: '13912345678' }) })).json()) as { code: string }
  const bound = await fetch(`${api.url}/api/me/phone`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ code }) })
  expect(bound.status).toBe(200)

  const sim = await launchClinic(api, { url: await bookingFormUrl(api, DOCTOR_NAME, 3), user })
  const book = sim.page
  await signInOn(book)
  await book.waitForText(/●\s*钱大哥/, { selector: '#patients' })
  expect(book.has('#callback-phone')).toBe(false)
  await book.tap('#mode-phone')
  await book.waitForText('已填上您微信绑定的手机号')
  expect(book.text()).toContain('医生打哪个手机号（必填）')

  await book.type('#callback-phone', '12345')
  await book.type('#symptoms', '糖尿病复诊，空腹血糖 8.2，想调药')
  await book.tap('#follow-up')
  await book.tap('#book-and-pay')
  await book.waitForText('手机号应为 11 位数字，以 1 开头')
  expect(count(book.text(), '手机号应为 11 位数字')).toBe(1)
  expect(book.text('#book-missing')).toBe('请按上面的红字改好再提交')
  expect(sim.wx.requests.filter((r) => r.method === 'POST' && r.url.endsWith('/api/clinic/appointments'))).toEqual([])

  await book.type('#callback-phone', '13700137000')
  await book.tap('#book-and-pay')
  await book.waitForText('已付款', { selector: '#pay-status', timeout: 15_000 })
  const [booked] = await api.appointmentsOf(user)
  expect(booked).toMatchObject({ mode: 'phone', callbackPhone: '13700137000' })

  const forDoctor = (await api.asDoctor(DOCTOR_NAME).appointments(booked!.slot.date)).items.find((a) => a.id === booked!.id)
  expect(forDoctor?.callbackPhone).toBe('13700137000')
  expect(sim.errors).toEqual([])
}, 90_000)
