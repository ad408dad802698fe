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
