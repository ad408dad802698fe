// Once after a Jest run of the sim project: removes the children's bundle (global-setup.js).
const path = require('node:path')

module.exports = async function globalTeardown() {
  // TypeScript: Jest transforms what its global teardown requires.
  require(path.resolve(__dirname, '..', '..', 'apps', 'api', 'src', 'testing', 'child-bundle.ts')).removeBundle(process.env.TIANYUAN_SIM_CHILD_BUNDLE)
}
