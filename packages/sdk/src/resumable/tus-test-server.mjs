// The real tus server (@tus/server with @tus/file-store, as apps/api mounts them) on loopback,
// for the resumable-upload suite: node tus-test-server.mjs <apps/api dir> <data dir>.
// @tus/server is ES-module-only and a dependency of apps/api, so it runs in its own process and
// is resolved from there. Prints {"port"} when listening; exits when its stdin closes.
import http from 'node:http'
import { createRequire } from 'node:module'
import { pathToFileURL } from 'node:url'

const [apiDir, dataDir] = process.argv.slice(2)
const requireFromApi = createRequire(`${apiDir}/package.json`)
const load = (name) => import(pathToFileURL(requireFromApi.resolve(name)).href)
const { Server } = await load('@tus/server')
const { FileStore } = await load('@tus/file-store')

const tus = new Server({ path: '/api/classroom/uploads', datastore: new FileStore({ directory: dataDir }) })
const server = http.createServer((req, res) => void tus.handle(req, res))
server.listen(0, '127.0.0.1', () => console.log(JSON.stringify({ port: server.address().port })))
process.stdin.on('close', () => process.exit(0))
process.stdin.resume()
