// `react` in the unit project under Preact (jest.preact.js): exactly preact/compat, as Taro's
// alias gives the apps, plus the `act` tests take from 'react' (React 18.3 exports it there;
// Preact's is preact/test-utils'). Nothing else is added or changed.
const compat = require('preact/compat')
const { act } = require('preact/test-utils')

module.exports = { ...compat, act, default: { ...compat.default, act }, __esModule: true }
