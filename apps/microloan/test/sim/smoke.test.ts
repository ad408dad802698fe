import path from 'node:path'
import { runAppSmoke } from '@tianyuan/sim'

test('boots, follows the network, toggles big text, opens about and comes back, switches tabs', async () => {
  await runAppSmoke({ dist: path.resolve(__dirname, '../../dist/weapp'), purpose: /贷款/ })
})

test('until the calculator and loans exist, home, about and 我的 say the service is coming and offer nothing it cannot do', async () => {
  const sim = await runAppSmoke({ dist: path.resolve(__dirname, '../../dist/weapp'), purpose: /即将开通/ })
  const home = sim.page
  expect(home.text()).not.toMatch(/先算清楚|每期明细一目了然|提前还款少付利息/)
  const mine = await sim.switchTab('/pages/mine/index')
  expect(mine.text()).toContain('即将开通')
  // No button that only leads back to the home page.
  expect(mine.text()).not.toContain('去算一算')
  expect(sim.errors).toEqual([])
})
