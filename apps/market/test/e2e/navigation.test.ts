// What WeChat draws around every page, in the H5 preview (tools/taro-config turns Taro's bar on,
// @tianyuan/ui's H5Frame gives it words and roles): the page's title, ‹ 返回 on sub-pages (home
// after a reload deep in a subpackage), 页面不存在 for an unknown address, and the network as
// the browser sees it.
import { expectNoSeriousA11yViolations } from '../../../../tools/e2e/src/a11y'
import { e2eTest } from '../../../../tools/e2e/src/fixture'
import { waitForHome } from '../../../../tools/e2e/src/smoke'

const bar = '#taro-navigation-bar'
const title = `${bar} .taro-navigation-bar-title`

describe('market navigation (H5)', () => {
  e2eTest('a sub-page shows its title and a back button that works; the home page shows the title only', async (t) => {
    await t.openApp('market')
    await waitForHome(t)
    await t.page.locator(title).filter({ hasText: '田园集市' }).waitFor()
    expect(await t.page.locator('#ty-nav-back').isVisible()).toBe(false)
    expect(await t.page.locator('#ty-nav-home').isVisible()).toBe(false)

    await t.page.locator('#about').click()
    await t.page.locator('#about-text').waitFor()
    await t.page.getByRole('heading', { name: '关于田园集市' }).waitFor()
    // The bar's own button (the about page has a 返回 of its own further down).
    const back = t.page.locator('#ty-nav-back')
    expect((await back.innerText()).replace(/\s+/g, '')).toBe('‹返回')
    expect(await back.getAttribute('role')).toBe('button')
    expect(await back.getAttribute('aria-label')).toBe('返回')
    await expectNoSeriousA11yViolations(t.page, 'about, under the navigation bar')
    await back.click()
    await waitForHome(t)
    await t.page.locator(title).filter({ hasText: '田园集市' }).waitFor()
  })

  e2eTest('a reload deep in a subpackage shows the title, and its back button leads home', async (t) => {
    await t.openApp('market', 'pkg/pages/about/index')
    await t.page.locator('#about-text').waitFor()
    await t.page.getByRole('heading', { name: '关于田园集市' }).waitFor()
    const home = t.page.locator('#ty-nav-home')
    expect(await home.getAttribute('role')).toBe('button')
    expect(await home.getAttribute('aria-label')).toBe('返回首页')
    await home.click()
    await waitForHome(t)
    await t.page.getByRole('heading', { name: '田园集市' }).waitFor()
  })

  e2eTest('an unknown address shows 页面不存在 with a link home, and the bar and the page follow 大字', async (t) => {
    await t.openApp('market')
    await waitForHome(t)
    const titleSize = async () => parseFloat(await t.page.locator(title).evaluate((el) => getComputedStyle(el).fontSize))
    const normalTitle = await titleSize()
    await t.page.locator('#big-text').click()
    await t.page.locator('#big-text').filter({ hasText: '大字模式：已打开' }).waitFor()
    expect(await titleSize()).toBeGreaterThan(normalTitle * 1.2)

    await t.openApp('market', 'pkg/pages/no-such-page/index')
    await t.page.getByRole('heading', { name: '页面不存在' }).waitFor()
    const headingSize = parseFloat(await t.page.getByRole('heading', { name: '页面不存在' }).evaluate((el) => getComputedStyle(el).fontSize))
    expect(headingSize).toBeGreaterThan(22 * 1.2)
    await expectNoSeriousA11yViolations(t.page, '页面不存在 in 大字 mode')
    await t.page.getByRole('link', { name: '回到首页' }).click()
    await waitForHome(t)
  })

  e2eTest('返回 tapped the moment a page opens goes back to a home page that stays on screen', async (t) => {
    await t.openApp('market')
    await waitForHome(t)
    // Taro's router hides the page it leaves 350 ms after a navigateTo, by a timer; a 返回 sooner
    // than that must not let the timer blank the page it went back to. The tap is made in the page,
    // the instant the about page is in (a click from here would land at a time the machine decides).
    await t.page.evaluate(() => {
      const tapBackOnceOpen = new MutationObserver(() => {
        if (!document.getElementById('about-text')) return
        tapBackOnceOpen.disconnect()
        document.getElementById('ty-nav-back')?.click()
      })
      tapBackOnceOpen.observe(document.body, { childList: true, subtree: true })
    })
    await t.page.locator('#about').click()
    await t.page.locator('#about-text').waitFor({ state: 'detached' })
    await waitForHome(t)
    // Past the router's timer: the home page is still there.
    await t.page.waitForTimeout(1_000)
    expect(await t.page.locator('#purpose').isVisible()).toBe(true)
    expect(new URL(t.page.url()).pathname).toBe('/market/pages/index/index')
  })

  e2eTest(
    'offline, the home page says so; a page that cannot load says so, and opens on 重试 once back online',
    async (t) => {
      await t.openApp('market')
      await waitForHome(t)
      const network = t.page.locator('#network')
      await network.filter({ hasText: '当前网络' }).waitFor()
      await t.setNetwork('offline')
      await network.filter({ hasText: '没有网络' }).waitFor()
      await t.page.getByText('网络已断开').first().waitFor()

      await t.page.locator('#about').click()
      await t.page.getByText('页面没有打开，请检查网络后重试').waitFor()
      await expectNoSeriousA11yViolations(t.page, '页面没有打开 (offline)')
      await t.setNetwork('none')
      await network.filter({ hasText: '当前网络：' }).filter({ hasNotText: '没有网络' }).waitFor()
      await t.page.locator('#ty-page-load-failed').getByRole('button', { name: '重试' }).click()
      await t.page.locator('#about-text').waitFor()
      await t.page.getByRole('heading', { name: '关于田园集市' }).waitFor()
      // The page it was opened from is still there behind it.
      await t.page.locator('#ty-nav-back').click()
      await waitForHome(t)
    },
    // The browser logs each request the dropped link refuses.
    { allowConsoleErrors: [/ERR_INTERNET_DISCONNECTED/, /Failed to load resource/] },
  )
})
