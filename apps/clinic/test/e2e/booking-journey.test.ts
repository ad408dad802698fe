// The patient's path in Chromium on the H5 build as `npm start` serves it (the real API on the
// same origin with the demo doctors, the WeChat sandbox for login and the cashier sheet), with a
// screenshot at each step: home → department → doctor → slot → add oneself → describe → pay →
// 已预约.
import { actAsSandboxUser, answerSubscribeSheet, e2eTest, field, shot, textArea, until } from '@tianyuan/e2e'
import { clinicPeople } from '../support/clinic-api'

const PATIENT = '陈大伯（e2e）'
/** A valid ID number (GB 11643 check digit) for a man born 1956-04-12 in 洛川县. */
const ID_NUMBER = '610629195604121236'

e2eTest(
  'home → 慢病管理 → 张桂芳 → a slot → add oneself → symptoms → pay in the sandbox cashier → 已预约, with screenshots',
  async (t) => {
    await actAsSandboxUser(t, PATIENT)
    await t.openApp('clinic')
    await t.page.locator('#follow-up-notice').filter({ hasText: '常见病、慢性病的复诊' }).waitFor()
    await t.page.locator('#featured [id^="doctor-"]').first().waitFor()
    await shot(t, 'clinic-1-home')

    await t.page.locator('#department-chronic').click()
    const zhang = t.page.locator('#doctors [id^="doctor-"]').filter({ hasText: '张桂芳' })
    await zhang.waitFor()
    await shot(t, 'clinic-2-doctors')

    await zhang.click()
    await t.page.locator('#doctor-name').filter({ hasText: '张桂芳 主任医师' }).waitFor()
    const slot = t.page.locator('#schedule .ty-choice:not(.ty-choice--off)').nth(1)
    await slot.waitFor()
    await shot(t, 'clinic-3-doctor')

    await slot.click()
    await t.page.locator('#sign-in-button').click()
    await t.page.locator('#add-patient').click()
    await field(t, 'patient-name').waitFor()
    await field(t, 'patient-name').fill(PATIENT)
    await t.page.locator('#relation-0').click()
    await field(t, 'patient-id-number').fill(ID_NUMBER)
    await t.page.locator('#patient-age').filter({ hasText: '岁' }).waitFor()
    await shot(t, 'clinic-4-patient')
    await t.page.locator('#save-patient').click()

    await t.page.getByText(`${PATIENT}（本人`).waitFor()
    await t.page.locator('#mode-text').click()
    await textArea(t, 'symptoms').fill('高血压十年，一直吃药，最近早上头晕，血压 150/95')
    await t.page.locator('#follow-up').click()
    await t.page.locator('#book-fee').filter({ hasText: '¥20.00' }).waitFor()
    await shot(t, 'clinic-5-booking')

    await t.page.locator('#book-and-pay').click()
    // WeChat asks first whether to send 就诊提醒 (a one-time subscription), then opens the cashier.
    await answerSubscribeSheet(t)
    const cashier = t.page.frameLocator('iframe')
    await cashier.locator('#confirm').waitFor()
    await shot(t, 'clinic-6-cashier')
    await cashier.locator('#confirm').click()
    await t.page.locator('#pay-status').filter({ hasText: '已付款' }).waitFor({ timeout: 20_000 })
    await shot(t, 'clinic-7-paid')

    await t.page.locator('#view-appointment').click()
    await t.page.locator('#appointment-status').filter({ hasText: '已预约' }).waitFor()
    await shot(t, 'clinic-8-appointment')

    const [booked] = await until('the booking', () => clinicPeople(new URL(t.baseUrl).origin, []).appointmentsOf(PATIENT), (items) => items.length === 1 && items[0]?.status === 'booked')
    expect(booked).toMatchObject({ feeFen: 2000, mode: 'text', doctor: { name: '张桂芳' }, patient: { name: PATIENT } })
    expect(booked?.patient.idNumberMasked).toBe('6106**********1236')
  },
  { timeoutMs: 90_000 },
)
