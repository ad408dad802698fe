// Steps every app's browser journeys take on a Taro H5 build: a screenshot once the page has
// stopped moving, the real <input>/<textarea> behind Taro's wrappers, logging in as a given
// sandbox villager, and polling the server until it agrees.
import { expectNoSeriousA11yViolations } from './a11y'
import type { E2E } from './fixture'

export type Locator = ReturnType<E2E['page']['locator']>

/** The key under which the H5 platform keeps the sandbox test user (as Taro's setStorageSync writes it). */
export const SANDBOX_USER_KEY = 'ty:sandbox:user'

/**
 * A screenshot once the page has finished sliding in (Taro H5 animates page changes), then
 * axe-core over the page as shown: every page a journey photographs has no serious or critical
 * accessibility finding (roles, names, states, labels, contrast). `{ a11y: false }` only for a
 * page that is not the app's own.
 */
export async function shot(t: E2E, name: string, opts: { a11y?: boolean } = {}): Promise<void> {
  // The top page (Taro's router slides it in from the right with a CSS transition) is in place,
  // and no other finite animation runs (spinners run forever and are left out).
  await t.page.waitForFunction(() => {
    const top = document.querySelector('.taro_router > .taro_page:last-child')
    const settled = !top || (top.getBoundingClientRect().left === 0 && ['none', 'matrix(1, 0, 0, 1, 0, 0)'].includes(getComputedStyle(top).transform))
    return settled && document.getAnimations().every((a) => a.playState !== 'running' || a.effect?.getComputedTiming().iterations === Infinity)
  })
  await t.screenshot(name)
  if (opts.a11y !== false) await expectNoSeriousA11yViolations(t.page, name)
}

/** Taro H5 renders <Input id> as a wrapper around the real <input>. */
export const field = (t: E2E, id: string): Locator => t.page.locator(`#${id} input, input#${id}`).first()

/** Likewise a multi-line <Textarea id>. */
export const textArea = (t: E2E, id: string): Locator => t.page.locator(`#${id} textarea, textarea#${id}`).first()

/**
 * Makes this browser log in as another sandbox villager, from the next page load on: a journey
 * with its own people does not meet another journey's records in the run's shared database. A
 * seeded doctor's name (张桂芳…) logs in as that doctor.
 */
export async function actAsSandboxUser(t: E2E, user: string): Promise<void> {
  await t.context.addInitScript(([key, name]: [string, string]) => localStorage.setItem(key, JSON.stringify({ data: name })), [SANDBOX_USER_KEY, user] as [string, string])
}

/** Polls `read` until `done` holds (no fixed wait: it stops as soon as it does), or fails after `timeoutMs`. */
export async function until<T>(what: string, read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await read()
    if (done(value)) return value
    if (Date.now() > deadline) throw new Error(`${what}: still ${JSON.stringify(value)} after ${timeoutMs} ms`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

/** The preview's wx.requestSubscribeMessage sheet: the sandbox's page in an iframe titled 订阅消息（沙箱）. */
const SUBSCRIBE_SHEET = 'iframe[title="订阅消息（沙箱）"]'

/**
 * Answers the 订阅消息 sheet an app opens at the moment a villager does the thing a reminder is for
 * (提交订单, 提交预约并付款, 购买整门课, 确认合同): 允许 by default, 取消 with 'deny'. Waits until
 * the sheet has closed, so the cashier that follows is the only iframe on the page.
 */
export async function answerSubscribeSheet(t: E2E, answer: 'allow' | 'deny' = 'allow'): Promise<void> {
  await t.page.frameLocator(SUBSCRIBE_SHEET).locator(`#${answer}`).click()
  await t.page.locator(SUBSCRIBE_SHEET).waitFor({ state: 'detached' })
}
