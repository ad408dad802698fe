// Answers whether a PostgreSQL server answers at the URL in argv[2]: prints "ok" or the error.
// Run as a child process so that Jest test files can decide synchronously which databases to use.
const pg = require('pg')

const url = process.argv[2]
const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1500 })
client
  .connect()
  .then(() => client.query('select 1'))
  .then(() => {
    process.stdout.write('ok')
    return client.end()
  })
  .catch((error) => {
    process.stdout.write(String(error && error.message ? error.message : error))
    process.exitCode = 0
  })
