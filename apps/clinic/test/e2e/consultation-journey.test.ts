// After the booking, in the browser (H5 build, real API, the WeChat sandbox), with screenshots:
// the patient writes and sees the doctor's answer; the doctor, in a browser of their own, opens
// the workbench and finishes the visit with advice; the patient reads the record. The three
// steps share one appointment and run in order.
import type { Appointment, Doctor, DoctorPage } from '@tianyuan/contracts/types'
import { actAsSandboxUser, e2eTest, shot, textArea, type E2E } from '@tianyuan/e2e'
import { clinicPeople, type ClinicPeople } from '../support/clinic-api'

const PATIENT = '褚大娘（e2e）'
// A doctor of its own for this file: the e2e database is shared by every browser file.
const DOCTOR = '吴春生'

let them: ClinicPeople | undefined
let booked: Appointment | undefined

async function setUp(t: E2E): Promise<{ them: ClinicPeople; appointment: Appointment }> {
  if (!them) {
    const origin = new URL(t.baseUrl).origin
    const { items } = (await (await fetch(`${origin}/api/clinic/doctors?size=50`)).json()) as DoctorPage
    them = clinicPeople(origin, items as Doctor[])
  }
  if (!booked) {
    booked = (await them.bookAndPay(PATIENT, them.doctorNamed(DOCTOR).id, { symptoms: '腰疼半年，久坐加重，以前针灸过有效', patient: { gender: '女', birth: '19560712' } })).appointment
    await them.asDoctor(DOCTOR).start(booked.id)
  }
  return { them, appointment: booked }
}

e2eTest('the patient writes; the doctor’s answer appears in the open chat', async (t) => {
  const { them, appointment } = await setUp(t)
  await actAsSandboxUser(t, PATIENT)
  await t.openApp('clinic', `pkg/pages/chat/index?id=${appointment.id}`)
  await t.page.locator('#sign-in-button').click()
  await textArea(t, 'message-input').fill('医生您好，这周腰又疼了，晚上睡不好')
  await t.page.locator('#send-message').click()
  await t.page.locator('#messages').getByText('这周腰又疼了').waitFor()
  await them.asDoctor(DOCTOR).send(appointment.id, '先热敷，少坐多走动；周三上午来卫生院针灸一次')
  await t.page.locator('#messages').getByText('先热敷').waitFor({ timeout: 20_000 })
  await shot(t, 'clinic-9-chat')
}, { timeoutMs: 60_000 })

e2eTest('the doctor opens the workbench, sees the visit and finishes it with advice', async (t) => {
  const { appointment } = await setUp(t)
  await actAsSandboxUser(t, DOCTOR)
  await t.openApp('clinic', `doctor/pages/today/index?date=${appointment.slot.date}`)
  await t.page.locator('#sign-in-button').click()
  await t.page.locator(`#appointment-${appointment.id}`).waitFor()
  await shot(t, 'clinic-10-workbench')
  await t.page.locator(`#appointment-${appointment.id}`).click()
  await t.page.locator('#visit-status').filter({ hasText: '问诊中' }).waitFor()
  await textArea(t, 'advice').fill('热敷每天两次，每次二十分钟；避免久坐；周三来针灸')
  await shot(t, 'clinic-11-visit')
  await t.page.locator('#finish-visit').click()
  await t.page.locator('#visit-status').filter({ hasText: '已完成' }).waitFor()
}, { timeoutMs: 60_000 })

e2eTest('the patient reads the advice on the appointment and may rate it', async (t) => {
  const { them, appointment } = await setUp(t)
  await actAsSandboxUser(t, PATIENT)
  await t.openApp('clinic', `pkg/pages/appointment/index?id=${appointment.id}`)
  await t.page.locator('#sign-in-button').click()
  await t.page.locator('#visit-record').filter({ hasText: '热敷每天两次' }).waitFor()
  await t.page.locator('#rate').scrollIntoViewIfNeeded()
  await shot(t, 'clinic-12-record')
  expect((await them.appointmentOf(PATIENT, appointment.id)).status).toBe('completed')
}, { timeoutMs: 60_000 })
