// The e2e Jest project, picked up by the root jest.config.js. Run:
//   node scripts/pnpm.mjs exec jest --selectProjects e2e
// globalSetup precompresses the H5 builds, starts the preview on a free port and launches
// Chromium once; each test file connects to that browser.
const path = require('node:path')
const { swcTransform } = require('../../jest.shared')

/** @type {import('jest').Config} */
module.exports = {
  displayName: 'e2e',
  rootDir: path.resolve(__dirname, '..', '..'),
  testEnvironment: 'node',
  testMatch: ['<rootDir>/apps/*/test/e2e/**/*.test.ts', '<rootDir>/tools/e2e/test/**/*.test.ts'],
  transform: swcTransform,
  globalSetup: '<rootDir>/tools/e2e/src/global-setup.ts',
  globalTeardown: '<rootDir>/tools/e2e/src/global-teardown.ts',
  // The 2G test takes its time; the others set their own budgets through e2eTest.
  slowTestThreshold: 20,
}
