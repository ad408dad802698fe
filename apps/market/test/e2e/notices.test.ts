// 通知到人 in the browser (the H5 build, the real API with the seeded notices): what a screen reader
// finds on the notice pages — the strip's rows are links, the price bulletin a table with column
// and row headers — and axe-core over the list, one notice, and the publisher's two pages, at the
// normal size and in 大字 mode (no serious or critical finding). The cross-app journey (a publisher
// posts an urgent notice with a photo; a villager sees it pinned in every app) is
// tools/e2e/test/notices-across-apps.test.ts.
import { actAsSandboxUser, describeA11yFindings, e2eTest, findA11yViolations, shot, type E2E } from '@tianyuan/e2e'

/** The seeded 价格行情 bulletin (apps/api/src/seed/notices.ts) and the village committee's publisher. */
const PRICES = 'seed-prices-today'
const PUBLISHER = '刘建国'

async function noSeriousFindings(t: E2E, name: string): Promise<void> {
  await t.page.waitForLoadState('networkidle')
  await shot(t, name, { a11y: false })
  const findings = await findA11yViolations(t.page)
  expect(describeA11yFindings(findings.filter((f) => f.impact === 'serious' || f.impact === 'critical'))).toBe('')
}

async function bigText(t: E2E): Promise<void> {
  await t.page.locator('#big-text').filter({ hasText: '大字模式：已关闭' }).click()
  await t.page.locator('#big-text').filter({ hasText: '大字模式：已打开' }).waitFor()
}

e2eTest(
  'the home strip and a price bulletin read as links and a table; list and notice pass axe at normal size and 大字',
  async (t) => {
    await t.openApp('market')
    const strip = t.page.locator('#notice-strip')
    await strip.getByRole('link', { name: /^紧急\s*寒潮蓝色预警/ }).waitFor()
    await noSeriousFindings(t, 'market-home-notices')
    await strip.getByRole('link', { name: /县批发市场价格$/ }).click()

    const table = t.page.getByRole('table', { name: /县批发市场价格的价格表/ })
    await table.waitFor()
    expect(await table.getByRole('columnheader').allTextContents()).toEqual(['品名', '单位', '价格（元）', '涨跌（元）'])
    expect((await table.getByRole('rowheader').allTextContents()).length).toBeGreaterThan(2)
    await t.page.getByRole('heading', { name: /县批发市场价格/ }).waitFor()
    await noSeriousFindings(t, 'market-notice-prices')

    await t.openApp('market', 'notices/pages/list/index')
    await t.page.locator('#notice-0').waitFor()
    await noSeriousFindings(t, 'market-notices')
    await t.openApp('market')
    await bigText(t)
    await t.openApp('market', 'notices/pages/list/index')
    await t.page.locator('#notice-0').waitFor()
    await noSeriousFindings(t, 'market-notices-big')
    await t.openApp('market', `notices/pages/detail/index?id=${PRICES}`)
    await t.page.locator('#notice-prices').waitFor()
    await noSeriousFindings(t, 'market-notice-prices-big')
  },
  { timeoutMs: 90_000 },
)

e2eTest(
  'a publisher’s 发布通知 and 我发布的通知 pass axe; 我的 offers them only to a publisher',
  async (t) => {
    await actAsSandboxUser(t, PUBLISHER)
    await t.openApp('market', 'notices/pages/published/index')
    await t.page.locator('#sign-in-button').click()
    await t.page.locator('#published-0-opened').waitFor()
    await noSeriousFindings(t, 'market-notices-published')

    await t.openApp('market', 'pages/mine/index')
    await t.page.locator('#publish-notice').filter({ hasText: '发布通知' }).click()
    await t.page.locator('#publish-notice-form').waitFor()
    await t.page.locator('#notice-topic-4').click()
    await t.page.locator('#notice-prices-input textarea').fill('大白菜,公斤,1.20,+0.05\n土豆,公斤,两块,0')
    await t.page.locator('#notice-prices-problems').filter({ hasText: '第 2 行的价格“两块”不是金额' }).waitFor()
    await noSeriousFindings(t, 'market-notice-publish')
  },
  { timeoutMs: 90_000 },
)
