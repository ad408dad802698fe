// The 'api' Jest project: apps/api's suites, run on embedded SQLite and — when
// TEST_DATABASE_URL answers — again on PostgreSQL. The root jest.config.js picks this file up.
// (packages/contracts' own tests run in the root 'unit' project.)
const path = require('path')
const { swcTransform, transformIgnorePatterns } = require('../../jest.shared')

/** @type {import('jest').Config} */
module.exports = {
  displayName: 'api',
  rootDir: path.resolve(__dirname, '../..'),
  testEnvironment: 'node',
  testMatch: ['<rootDir>/apps/api/src/**/*.test.ts'],
  transform: swcTransform,
  transformIgnorePatterns,
  globalSetup: path.join(__dirname, 'src/testing/global-setup.js'),
  globalTeardown: path.join(__dirname, 'src/testing/global-teardown.js'),
}
