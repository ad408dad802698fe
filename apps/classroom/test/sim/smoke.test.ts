import path from 'node:path'
import { runAppSmoke } from '@tianyuan/sim'

test('boots, follows the network, toggles big text, opens about and comes back, switches tabs', async () => {
  await runAppSmoke({ dist: path.resolve(__dirname, '../../dist/weapp'), purpose: /学/ })
})

test('until the courses exist, home, about and 我的 say the service is coming and offer nothing it cannot do', async () => {
  const sim = await runAppSmoke({ dist: path.resolve(__dirname, '../../dist/weapp'), purpose: /即将开通/ })
  const home = sim.page
  expect(home.text()).not.toMatch(/按主题找课|提前下载离线看|每节课标明/)
  const mine = await sim.switchTab('/pages/mine/index')
  expect(mine.text()).toContain('即将开通')
  // No button that only leads back to the home page.
  expect(mine.text()).not.toContain('去找课')
  expect(sim.errors).toEqual([])
})
