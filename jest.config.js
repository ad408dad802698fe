// The whole workspace's Jest projects, one per kind of suite. `npm test` runs them in
// stages (unit → sim → e2e) with `--selectProjects`, because sim needs dist/weapp and
// e2e needs dist/h5 built first.
const { swcTransform, transformIgnorePatterns } = require('./jest.shared')
const { unitFrameworkMapper } = require('./jest.preact')

/** @type {import('jest').Config['projects']} */
const projects = [
  {
    displayName: 'unit',
    rootDir: __dirname,
    testEnvironment: 'node',
    // Apps' pure helpers (formatting, drafts, timelines) too; the API has its own project.
    testMatch: ['<rootDir>/packages/*/src/**/*.test.{ts,tsx}', '<rootDir>/tools/*/src/**/*.test.{ts,tsx}', '<rootDir>/apps/*/src/**/*.test.{ts,tsx}'],
    testPathIgnorePatterns: ['/node_modules/', '<rootDir>/apps/api/'],
    transform: swcTransform,
    transformIgnorePatterns,
    // Components and hooks render with what the apps ship: Preact (preact/compat), unless
    // TIANYUAN_FRAMEWORK=react (then react-dom 18). jest.preact.js says how.
    moduleNameMapper: unitFrameworkMapper(),
  },
]

for (const extra of ['./tools/sim/jest-project.js', './tools/e2e/jest-project.js', './apps/api/jest-project.js']) {
  try {
    projects.push(require(extra))
  } catch (e) {
    if (e.code !== 'MODULE_NOT_FOUND' || !String(e.message).includes(extra.slice(2))) throw e
  }
}

/** @type {import('jest').Config} */
module.exports = { projects, testTimeout: 30_000 }
