// Once after a Jest run of the sim project: removes the children's bundle (global-setup.js).
const fs = require('node:fs')
const path = require('node:path')

module.exports = async function globalTeardown() {
  const dir = process.env.TIANYUAN_SIM_CHILD_BUNDLE
  if (dir && path.basename(path.dirname(dir)) === '.cache') fs.rmSync(dir, { recursive: true, force: true })
}
