import path from 'node:path'
import { runAppSmoke } from '@tianyuan/sim'

test('boots, follows the network, toggles big text, opens about and comes back, switches tabs', async () => {
  await runAppSmoke({ dist: path.resolve(__dirname, '../../dist/weapp'), purpose: /学种植、养殖/ })
})

test('with no server, home says so with 重试 (no skeleton forever) and still offers downloads; 我的 asks to sign in', async () => {
  const sim = await runAppSmoke({ dist: path.resolve(__dirname, '../../dist/weapp'), purpose: /学种植、养殖/ })
  const home = sim.page
  // Failed requests are retried with backoff first (the SDK's: up to a minute in all), then the error shows.
  await home.waitFor(() => home.has('#home-error'), { timeout: 65_000 })
  expect(home.has('#topics-loading')).toBe(false)
  expect(home.has('#home-downloads')).toBe(true)
  const mine = await sim.switchTab('/pages/mine/index')
  await mine.waitFor(() => mine.has('#sign-in-button'))
  expect(mine.text()).toContain('下载的课')
  // A learner's phone offers no teacher's workbench.
  expect(mine.has('#teacher-workbench')).toBe(false)
  expect(sim.errors).toEqual([])
}, 90_000)
