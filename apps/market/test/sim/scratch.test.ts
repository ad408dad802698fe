/* eslint-disable */
const path = require('path')
const shim = require('../../../../tools/sim/scratch/taro-sim-shim.js')
const dist = path.resolve(__dirname, '../../dist/weapp')
test('scratch', async () => {
  shim.installRouter(dist)
  const { comp } = await shim.launch(dist, 'pages/index/index')
  await shim.waitFor(() => shim.text(comp).includes('当前网络'))
  console.log(comp.dom.outerHTML)
  console.log(JSON.stringify(comp.instance.data).slice(0, 3000))
  console.log(Object.keys(comp.instance).join(','))
})
