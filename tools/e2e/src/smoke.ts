// The smoke test every app shares: apps/<app>/test/e2e/smoke.test.ts is one call to this.
import { e2eTest, type AppName, type E2E } from './fixture'

/** JS files of this app the page loaded, with the encoding each came in. */
export const appScripts = (t: E2E, app: AppName): Array<{ url: string; encoding: string }> =>
  t.responses.filter((r) => new URL(r.url).pathname.startsWith(`/${app}/`) && /\.js$/.test(new URL(r.url).pathname))

/**
 * Waits until the home page says its first screen's content is in: the `data-first-screen="ready"`
 * marker every home page sets, which tools/bench times the first screen to (tools/bench/README.md).
 */
export async function waitForFirstScreen(t: E2E): Promise<void> {
  await t.page.locator('[data-first-screen="ready"]').first().waitFor({ state: 'attached' })
}

/** Waits until the home page shows its purpose, and returns that text. */
export async function waitForHome(t: E2E): Promise<string> {
  const purpose = t.page.locator('#purpose')
  await purpose.waitFor({ state: 'visible' })
  return (await purpose.innerText()).trim()
}

export function smokeTest(app: AppName): void {
  describe(`${app} (H5)`, () => {
    e2eTest('home page: purpose, big-text toggle, about and back, compressed JS', async (t) => {
      await t.openApp(app)
      expect((await waitForHome(t)).length).toBeGreaterThan(8)
      await waitForFirstScreen(t)
      await t.page.locator('#network').waitFor({ state: 'visible' })

      const bigText = t.page.locator('#big-text')
      await bigText.filter({ hasText: '大字模式：已关闭' }).waitFor()
      await bigText.click()
      await bigText.filter({ hasText: '大字模式：已打开' }).waitFor()
      await t.screenshot(`${app}-home`)

      await t.page.locator('#about').click()
      const about = t.page.locator('#about-text')
      await about.waitFor({ state: 'visible' })
      expect((await about.innerText()).trim().length).toBeGreaterThan(8)
      expect(new URL(t.page.url()).pathname).toBe(`/${app}/pkg/pages/about/index`)
      await t.screenshot(`${app}-about`)

      await t.page.locator('#back').click()
      await about.waitFor({ state: 'hidden' })
      await waitForHome(t)
      expect(new URL(t.page.url()).pathname).not.toContain('about')
      // The page under the stack kept its state.
      await bigText.filter({ hasText: '大字模式：已打开' }).waitFor()

      const scripts = appScripts(t, app)
      expect(scripts.length).toBeGreaterThan(0)
      // Chromium asks for br and gzip: every script must come compressed.
      expect(scripts.filter((s) => s.encoding !== 'br' && s.encoding !== 'gzip')).toEqual([])
    })

    e2eTest('a deep link to the about page loads on its own (history-mode reload)', async (t) => {
      await t.openApp(app, 'pkg/pages/about/index')
      await t.page.locator('#about-text').waitFor({ state: 'visible' })
    })
  })
}
