// The 'sim' Jest project: every app's simulator suites (apps/*/test/sim), run against the
// compiled dist/weapp. The root jest.config.js picks this file up when it exists.
const path = require('path')
const { swcTransform, rootDir } = require('../../jest.shared')

/** @type {import('jest').Config} */
module.exports = {
  displayName: 'sim',
  rootDir,
  testEnvironment: path.join(__dirname, 'jest-environment.js'),
  testMatch: ['<rootDir>/apps/*/test/sim/**/*.test.ts'],
  transform: swcTransform,
  // The compiled weapp output is plain JS loaded with require(): never transform it.
  transformIgnorePatterns: ['/node_modules/', '/dist/weapp/'],
  // The apps' API children bundled once per run (global-setup.js).
  globalSetup: path.join(__dirname, 'global-setup.js'),
  globalTeardown: path.join(__dirname, 'global-teardown.js'),
}
