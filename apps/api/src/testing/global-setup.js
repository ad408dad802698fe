// Once per Jest run: find out whether TEST_DATABASE_URL's PostgreSQL answers, say so loudly, and
// pass the answer to the test workers through the environment (workers inherit it).
const { spawnSync } = require('child_process')
const path = require('path')

module.exports = async function globalSetup() {
  const url = process.env.TEST_DATABASE_URL
  let status = 'unset'
  if (url) {
    const probe = spawnSync(process.execPath, [path.join(__dirname, 'pg-probe.js'), url], { encoding: 'utf8', timeout: 5000 })
    status = probe.stdout === 'ok' ? 'ok' : `unreachable: ${probe.stdout || probe.stderr || 'timeout'}`
  }
  process.env.TIANYUAN_TEST_PG_STATUS = status
  // In CI (or when asked), a configured PostgreSQL that does not answer is a failure, not a skip.
  const required = process.env.TIANYUAN_REQUIRE_POSTGRES === '1' || (process.env.CI === 'true' && url)
  if (required && status !== 'ok') {
    throw new Error(`api: PostgreSQL is required for this run but TEST_DATABASE_URL ${status}`)
  }
  await Promise.all([bundleChildren(), status === 'ok' ? makePostgresTemplate(url) : undefined])
  if (status !== 'ok') {
    const line = '!'.repeat(78)
    const why = status === 'unset' ? 'TEST_DATABASE_URL is not set' : `TEST_DATABASE_URL (${url}) ${status}`
    process.stderr.write(
      `\n${line}\n!! api: POSTGRESQL RUN SKIPPED — ${why}\n` +
        `!! Only embedded SQLite is tested. Start one with:\n` +
        `!!   export TEST_DATABASE_URL=$(apps/api/scripts/test-postgres.sh)\n${line}\n\n`,
    )
  }
}

/**
 * The run's migrated PostgreSQL template (testing/pg-template.ts): each test file's schema is made
 * from it instead of migrating its own. If making it fails, say so and let every test file
 * migrate its own schema, where the failing migration shows in the failing tests themselves.
 */
async function makePostgresTemplate(url) {
  // TypeScript: Jest transforms what its global setup requires.
  const { makeTemplate, TEMPLATE_ENV } = require('./pg-template.ts')
  try {
    process.env[TEMPLATE_ENV] = await makeTemplate(url)
  } catch (error) {
    process.stderr.write(`\napi: no migrated PostgreSQL template, each test file migrates its own schema: ${error instanceof Error ? error.message : error}\n`)
  }
}

/** The API test children as one bundle (testing/child-bundle.ts); without it they run under tsx. */
async function bundleChildren() {
  const { buildChildBundle, CHILD_BUNDLE_ENV } = require('./child-bundle.ts')
  try {
    process.env[CHILD_BUNDLE_ENV] = await buildChildBundle()
  } catch (error) {
    process.stderr.write(`\napi: test children run under tsx (no bundle: ${error instanceof Error ? error.message : error})\n`)
  }
}
