// The unit project renders components and hooks with the framework the apps ship with: Preact
// through preact/compat (tools/taro-config, `frameworkOf`), unless TIANYUAN_FRAMEWORK=react.
//
// The mapping is Taro's own for `framework: 'preact'` (@tarojs/plugin-framework-react aliases
// react, react-dom, react/jsx-runtime and react-dom/test-utils to preact/compat and friends), plus
// `react-dom/client` → `preact/compat/client` (what Taro's H5 loader imports). Every Preact entry
// is pinned to its CommonJS file: under jsdom Jest resolves packages with the `browser` condition,
// which is Preact's ES-module build (not transformed here), and two builds of Preact in one test
// would each keep their own hooks state.
const path = require('node:path')
const { frameworkOf } = require('./tools/taro-config')

// preact is a dependency of tools/taro-config (and each app), not of the workspace root.
const fromTaroConfig = { paths: [path.join(__dirname, 'tools/taro-config')] }
const preactFile = (entry) => require.resolve(entry, fromTaroConfig)

/** moduleNameMapper for the unit project: {} under React (react-dom 18 renders, as before). */
function unitFrameworkMapper(env = process.env) {
  if (frameworkOf(env) === 'react') return {}
  const compat = preactFile('preact/compat')
  return {
    // preact/compat plus `act` (React 18.3 exports `act` from 'react'; Preact has it in test-utils).
    '^react$': path.join(__dirname, 'jest.preact-react.js'),
    '^react/jsx(-dev)?-runtime$': preactFile('preact/compat/jsx-runtime'),
    '^react-dom$': compat,
    '^react-dom/client$': preactFile('preact/compat/client'),
    '^react-dom/test-utils$': preactFile('preact/test-utils'),
    '^preact$': preactFile('preact'),
    '^preact/compat$': compat,
    '^preact/hooks$': preactFile('preact/hooks'),
    '^preact/jsx-runtime$': preactFile('preact/jsx-runtime'),
    '^preact/test-utils$': preactFile('preact/test-utils'),
  }
}

module.exports = { unitFrameworkMapper }
