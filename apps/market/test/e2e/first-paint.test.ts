// On a slow link the app's script takes many seconds; the HTML alone must put something on
// screen (tools/taro-config/index.html): the app's name, a skeleton and 正在加载….
import { e2eTest } from '../../../../tools/e2e/src/fixture'
import { waitForHome } from '../../../../tools/e2e/src/smoke'

const SLOW = { label: '50 kbps, 400 ms', offline: false, latencyMs: 400, downKbps: 50, upKbps: 50 }

describe('market first paint on a slow link (H5)', () => {
  e2eTest(
    'at 50 kbps / 400 ms the app’s name is on screen within 1.5 s of navigation, then the home page replaces it',
    async (t) => {
      await t.openApp('market', '', { waitUntil: 'commit' })
      await t.page.getByText('田园集市').first().waitFor({ state: 'visible', timeout: 10_000 })
      await t.page.getByText('正在加载…').waitFor()
      // From the HTML alone: no page of the app is in the document yet.
      expect(await t.page.locator('.taro_page').count()).toBe(0)
      // Timed in the page from navigation start (Chromium's paint timing), not by this test's clock.
      const paint = await t.page.evaluate(() => Object.fromEntries(performance.getEntriesByType('paint').map((e) => [e.name, Math.round(e.startTime)])))
      console.log(`market at ${SLOW.label}, cold: ${JSON.stringify(paint)}`)
      expect(paint['first-contentful-paint']).toBeLessThanOrEqual(1_500)
      await waitForHome(t)
      expect(await t.page.getByText('正在加载…').count()).toBe(0)
    },
    { network: SLOW, timeoutMs: 120_000 },
  )
})
