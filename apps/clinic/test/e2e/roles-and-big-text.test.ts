// What a screen reader finds on the clinic's H5 pages (Chromium's accessibility tree, through
// Playwright's role locators), and what 大字 mode does to the text a user types and the tab bar:
// department tiles are buttons, doctors' photos images with words, the ways to consult radios
// with their state, the 复诊 confirmation a checkbox, the ID-number input a textbox named 身份证号;
// in 大字 mode the tab bar labels and the symptom text area grow with everything else.
import { actAsSandboxUser, e2eTest, textArea, type Locator } from '@tianyuan/e2e'

const fontSize = (l: Locator): Promise<number> => l.evaluate((el) => parseFloat(getComputedStyle(el).fontSize))

/** The first bookable slot of the first doctor in 慢病管理, then the booking page (signed in). Nothing is booked. */
async function openBookingPage(t: Parameters<Parameters<typeof e2eTest>[1]>[0]): Promise<void> {
  await t.page.getByRole('button', { name: '慢病管理', exact: true }).click()
  const doctor = t.page.locator('#doctors [id^="doctor-"]').first()
  await doctor.waitFor()
  await doctor.getByRole('img', { name: /医生的照片$/ }).waitFor({ state: 'attached' })
  await doctor.getByRole('link').click()
  const slot = t.page.locator('#schedule').getByRole('button', { disabled: false }).first()
  await slot.waitFor()
  await slot.click()
  await t.page.locator('#sign-in-button').click()
  await t.page.locator('#add-patient').waitFor()
}

e2eTest(
  'the booking page: radios, a checkbox and a named ID-number field',
  async (t) => {
    await actAsSandboxUser(t, '苗大爷（e2e 读屏）')
    await t.openApp('clinic')
    await openBookingPage(t)

    const modes = t.page.getByRole('radiogroup', { name: '怎么问诊' })
    const mode = modes.getByRole('radio').last()
    await mode.click()
    expect(await mode.getAttribute('aria-checked')).toBe('true')
    const followUp = t.page.getByRole('checkbox', { name: /我确认这是复诊/ })
    expect(await followUp.getAttribute('aria-checked')).toBe('false')
    await followUp.click()
    expect(await followUp.getAttribute('aria-checked')).toBe('true')
    await t.page.getByRole('textbox', { name: /^病情描述，必填/ }).waitFor()

    await t.page.getByRole('button', { name: '添加就诊人' }).click()
    await t.page.getByRole('textbox', { name: /^身份证号/ }).waitFor()
    await t.page.getByRole('textbox', { name: /^姓名/ }).waitFor()
    await t.page.getByRole('radiogroup', { name: '和您的关系' }).getByRole('radio', { name: '本人' }).click()
    expect(await t.page.getByRole('radio', { name: '本人' }).getAttribute('aria-checked')).toBe('true')
  },
  { timeoutMs: 60_000 },
)

e2eTest(
  '大字 mode: the tab bar labels and the symptom text area grow with the scale (×1.3)',
  async (t) => {
    await actAsSandboxUser(t, '苗大爷（e2e 大字）')
    await t.openApp('clinic')
    await t.page.locator('#departments [id^="department-"]').first().waitFor()
    const tabLabel = t.page.locator('.weui-tabbar__label').first()
    const normalTab = await fontSize(tabLabel)
    await t.page.locator('#big-text').click()
    await t.page.locator('#big-text').filter({ hasText: '大字模式：已打开' }).waitFor()
    expect(await fontSize(tabLabel)).toBeCloseTo(normalTab * 1.3, 1)

    await openBookingPage(t)
    // The real <textarea> inside Taro's wrapper has the wrapper's (scaled) size, not the
    // browser's 13.33px: 34 design px × 1.3 on a 375px-wide phone (designWidth 750).
    const symptoms = textArea(t, 'symptoms')
    const size = await fontSize(symptoms)
    expect(size).toBeCloseTo(await fontSize(t.page.locator('#symptoms')), 1)
    expect(size).toBeCloseTo((34 * 1.3 * 375) / 750, 0)
  },
  { timeoutMs: 60_000 },
)
