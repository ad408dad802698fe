// WeChat's screen reader reads aria-role, aria-label and the aria-* states off the compiled
// mini-program's components. They must survive Taro's template (tools/taro-config's aria plugin):
// the page's render data carries each value under the short key (p0, p1…) that base.wxml binds to
// the aria attribute, and follows the state. (The simulator's own views drop attributes they do
// not know, so the data and the template are what can be checked here.) The booking form: the
// ways to consult are radios in a named group, 复诊 a checkbox, the symptom field named.
import fs from 'node:fs'
import path from 'node:path'
import { waitFor } from '@tianyuan/sim'
import { bookingFormUrl, startClinicApi, type ClinicApi } from '../support/clinic-api'
import { CLINIC_DIST, launchClinic, signInOn } from '../support/phone'

let api: ClinicApi
beforeAll(async () => {
  api = await startClinicApi()
}, 60_000)
afterAll(() => api.close())

type RenderNode = Record<string, unknown> & { uid?: string; cn?: RenderNode[] }

/** The node Taro renders for the JSX id `uid`, in the page's data. */
function nodeOf(tree: unknown, uid: string): RenderNode | undefined {
  const node = tree as RenderNode
  if (node.uid === uid) return node
  for (const child of node.cn ?? []) {
    const found = nodeOf(child, uid)
    if (found) return found
  }
  return undefined
}

/** The short data key base.wxml binds `attribute` to on `tag` (view, textarea…). */
function keyOf(tag: string, attribute: string): string {
  const wxml = fs.readFileSync(path.join(CLINIC_DIST, 'base.wxml'), 'utf8')
  const match = new RegExp(`<${tag} [^>]*${attribute}="\\{\\{i\\.(p\\d+)`).exec(wxml)
  if (!match?.[1]) throw new Error(`base.wxml has no ${attribute} on <${tag}>: the aria plugin did not run`)
  return match[1]
}

test('the booking form carries roles, names and states to WeChat, and they follow a tap', async () => {
  await api.patientOf('卫大娘')
  const sim = await launchClinic(api, { url: await bookingFormUrl(api, '王秀英'), user: '卫大娘' })
  const page = sim.page
  await signInOn(page)
  await page.waitForText(/卫大娘（本人/)

  const [role, label, checked] = ['aria-role', 'aria-label', 'aria-checked'].map((a) => keyOf('view', a))
  // Each component has its own short keys: the ○ / ● mark is a <text>.
  const hidden = keyOf('text', 'aria-hidden')
  const node = (uid: string) => nodeOf(page.data.root, uid) ?? {}
  expect(node('follow-up')[role!]).toBe('checkbox')
  expect(node('follow-up')[checked!]).toBe('false')
  await page.tap('#follow-up')
  await waitFor(() => node('follow-up')[checked!] === 'true', { description: '复诊 checked' })

  expect(node('modes')[role!]).toBe('radiogroup')
  expect(node('modes')[label!]).toBe('怎么问诊')
  const modes = (node('modes').cn ?? []).filter((n) => n[role!] === 'radio')
  expect(modes.length).toBeGreaterThan(1)
  // Each radio's ○ / ● is hidden from the screen reader: its role and state say it.
  for (const mode of modes) expect(JSON.stringify(mode)).toContain(`"${hidden}":"true"`)

  expect(node('symptoms')[keyOf('textarea', 'aria-label')]).toMatch(/^病情描述/)
  expect(sim.errors).toEqual([])
})
