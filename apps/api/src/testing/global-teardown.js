// Once after a Jest run of the api project: drops the run's PostgreSQL template schema (see
// global-setup.js and pg-template.ts) and removes its file, and the children's bundle.
module.exports = async function globalTeardown() {
  require('./child-bundle.ts').removeChildBundle()
  const { dropTemplate, TEMPLATE_ENV } = require('./pg-template.ts')
  const file = process.env[TEMPLATE_ENV]
  if (file && process.env.TEST_DATABASE_URL) await dropTemplate(process.env.TEST_DATABASE_URL, file)
}
