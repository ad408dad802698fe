// The home page's first-screen marker, which tools/bench times the first screen to: the page root's
// data-first-screen is "loading" while the lists are skeletons and "ready" once the categories and
// the featured products — or the empty or error state standing in for them — are on the screen.
import { e2eTest } from '@tianyuan/e2e'

e2eTest('home: data-first-screen is "loading" under the skeletons, "ready" once both lists have settled', async (t) => {
  let release: () => void = () => undefined
  const held = new Promise<void>((resolve) => (release = resolve))
  // Hold the featured products back: the page must not say "ready" before they are on the screen.
  await t.page.route(
    (url) => url.pathname === '/api/market/products',
    async (route) => {
      await held
      await route.continue()
    },
  )
  await t.openApp('market')
  await t.page.locator('#categories, #categories-error').first().waitFor()
  await t.page.locator('#products-loading').waitFor()
  expect(await t.page.locator('[data-first-screen]').getAttribute('data-first-screen')).toBe('loading')

  release()
  await t.page.locator('[data-first-screen="ready"]').waitFor({ state: 'attached' })
  await t.page.locator('#featured, #featured-empty, #featured-error').first().waitFor()
  expect(await t.page.locator('#products-loading').count()).toBe(0)
})
