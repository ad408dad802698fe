// Older villagers turn WeChat's font size up, and 大字 mode on top: every clinic screen's text
// must follow (--ty-fs on the page root) and nothing may drop out. The booking form — the longest
// screen — at WeChat's largest setting with 大字 mode; and every compiled stylesheet of the app,
// subpackages included, sizing its fonts by --ty-fs.
import fs from 'node:fs'
import path from 'node:path'
import { startClinicApi, type ClinicApi } from '../support/clinic-api'
import { CLINIC_DIST, launchClinic, signInOn } from '../support/phone'

let api: ClinicApi
beforeAll(async () => {
  api = await startClinicApi()
}, 60_000)
afterAll(() => api.close())

test('the booking form at WeChat’s largest font with 大字 mode: scale 2.6 on the root, every part still there', async () => {
  const doctor = api.doctorNamed('王秀英')
  const slot = (await api.scheduleOf(doctor.id)).filter((s) => s.bookable)[0]!
  await api.patientOf('冯大爷')
  const sim = await launchClinic(api, { url: `/pkg/pages/book/index?doctor=${doctor.id}&slot=${slot.id}`, user: '冯大爷', fontScale: 2, storage: { 'ty:clinic:ui:bigText': true } })
  const page = sim.page
  await signInOn(page)
  await page.waitForText(/冯大爷（本人/)
  const style = page.get('.ty-page').component.dom?.getAttribute('style') ?? ''
  expect(style).toMatch(/--ty-fs:\s*2.6/) // WeChat's 2 × 大字 1.3
  expect(page.has('.ty-fs--big')).toBe(true)
  expect(page.has('.ty-fs--large')).toBe(true)
  for (const part of ['#book-slot', '#patients', '#modes', '#symptoms', '#add-photos', '#follow-up', '#refund-rule', '#book-and-pay']) expect(page.has(part)).toBe(true)
  expect(sim.errors).toEqual([])
})

/** Every .wxss the build wrote, main package and subpackages. */
function stylesheets(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? stylesheets(path.join(dir, e.name)) : e.name.endsWith('.wxss') ? [path.join(dir, e.name)] : []))
}

test('every compiled stylesheet sizes its fonts by --ty-fs (the page’s base size aside)', () => {
  const css = stylesheets(CLINIC_DIST)
    .map((f) => fs.readFileSync(f, 'utf8'))
    .join('\n')
  expect(css).toContain('.ty-fs{')
  expect(css).toContain('.ty-card{')
  const fixed = [...css.matchAll(/([^{}]+)\{[^}]*?font-size:([^;}]+)/g)]
    .filter(([, selector, value]) => !value?.includes('var(--ty-fs') && selector?.trim() !== 'page')
    .map(([, selector, value]) => `${selector?.trim()} { font-size:${value} }`)
  expect(fixed).toEqual([])
})
