import path from 'node:path'
import { runAppSmoke } from '@tianyuan/sim'

test('boots, follows the network, toggles big text, opens about and comes back, switches tabs', async () => {
  await runAppSmoke({ dist: path.resolve(__dirname, '../../dist/weapp'), purpose: /贷款/ })
})
