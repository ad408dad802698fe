// https://docs.taro.zone/docs/next/babel-config
// The framework (Preact, or React with TIANYUAN_FRAMEWORK=react) is the build's: tools/taro-config.
const { babelPresetOptions } = require('@tianyuan/taro-config')

module.exports = {
  presets: [['taro', babelPresetOptions()]],
}
