// WeChat reads aria-role, aria-label and the aria-* states on its components (base library
// ≥ 2.7.1), but Taro's weapp template passes on only the attributes it knows, and knows none of
// these (to keep base.wxml small): @tianyuan/ui's roles, names and states would be dropped on the
// way. This plugin does what @tarojs/plugin-inject does for them, without the dependency: it adds
// the attributes of aria-components.json to the template at build time, and the same list to
// Taro's runtime (aria-runtime.js, run before the app), which must agree with the template on
// each attribute's short name (p0, p1… in alphabetical order) or every View attribute shifts.
const path = require('node:path')
const components = require('./aria-components.json')

/** @param {import('@tarojs/service').IPluginContext} ctx */
module.exports = (ctx) => {
  ctx.registerMethod({
    name: 'onSetupClose',
    /** @param {import('@tarojs/service').TaroPlatformBase} platform */
    fn(platform) {
      platform.template.mergeComponents(ctx, components)
      const runtime = path.join(__dirname, 'aria-runtime.js')
      platform.runtimePath = [].concat(platform.runtimePath, runtime)
    },
  })
}
