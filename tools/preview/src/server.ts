// The preview: the four H5 builds behind one origin, a launcher at `/`, and the API at
// `/api/*`. Node's http module only; compression is read from files written at build time.
import fs from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import type { PreviewApp } from './apps'
import { renderLauncher, renderMessagePage } from './launcher'
import { isCompressible } from './precompress'

/** What @hono/node-server passes as a Hono app's `env`, so `getConnInfo()` works the same here. */
export interface NodeBindings {
  incoming: http.IncomingMessage
  outgoing: http.ServerResponse
}

/**
 * A fetch-style backend, e.g. a Hono app's `.fetch`. It sees the full URL, `/api/…` included,
 * with `X-Forwarded-For` set to the client's address (the preview is the edge: a value the
 * client sent is replaced) and `X-Forwarded-Proto`/`-Host`.
 */
export type ApiHandler = (req: Request, env: NodeBindings) => Response | Promise<Response>

export interface PreviewOptions {
  /** 0 picks a free port. Default 5173. */
  port?: number
  /** Default 127.0.0.1: the preview is for this machine only. */
  host?: string
  apps: PreviewApp[]
  /** Answers `/api` and `/api/*`; without it they answer 503 API_UNAVAILABLE. */
  apiHandler?: ApiHandler
  /**
   * Further path prefixes the API handler answers besides `/api` (e.g. `/wechat-sandbox`, the
   * local WeChat the API mounts in development, and `/healthz`). Without a handler they 503 too.
   */
  apiPrefixes?: string[]
  /** Largest request body passed to the API, in bytes. Default 10 MB. */
  maxBodyBytes?: number
  /** Where errors are reported. Default console.error. */
  onError?: (error: unknown) => void
}

export interface Preview {
  /** e.g. `http://127.0.0.1:5173/` */
  url: string
  port: number
  server: http.Server
  /** Stops accepting connections, lets requests in flight finish (up to 3 s), then resolves. */
  close(): Promise<void>
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
  '.mp3': 'audio/mpeg',
  '.mp4': 'video/mp4',
}

export const contentType = (file: string): string =>
  CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream'

export const IMMUTABLE = 'public, max-age=31536000, immutable'

/** Webpack's `[contenthash:8]`/`[chunkhash:8]` in a name (`app.1fa22614.js`) makes it safe to cache forever. */
export const isHashed = (file: string): boolean => /[.-][0-9a-f]{8,}\.[a-z0-9]+$/i.test(path.basename(file))

export const cacheControl = (file: string): string =>
  path.extname(file).toLowerCase() !== '.html' && isHashed(file) ? IMMUTABLE : 'no-cache'

export type Encoding = 'br' | 'gzip' | 'identity'

/**
 * The encoding to send, given the request's Accept-Encoding and the variants on disk:
 * br before gzip before identity (the server's preference), skipping any the client
 * refuses with q=0. Identity is always possible.
 */
export function pickEncoding(acceptEncoding: string | undefined, available: { br: boolean; gzip: boolean }): Encoding {
  const q = new Map<string, number>()
  for (const part of (acceptEncoding ?? '').split(',')) {
    const [token, ...params] = part.trim().toLowerCase().split(';')
    if (!token) continue
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='))
    const value = qParam ? Number(qParam.slice(2)) : 1
    q.set(token === 'x-gzip' ? 'gzip' : token, Number.isFinite(value) ? value : 0)
  }
  const accepts = (coding: string): boolean => (q.get(coding) ?? q.get('*') ?? 0) > 0
  if (available.br && accepts('br')) return 'br'
  if (available.gzip && accepts('gzip')) return 'gzip'
  return 'identity'
}

const API_UNAVAILABLE = { code: 'API_UNAVAILABLE', message: '服务暂时不可用，请稍后再试' }

class HttpError extends Error {
  constructor(readonly status: number, message: string) {
    super(message)
  }
}

async function statOrNull(file: string): Promise<fs.Stats | null> {
  try {
    return await fs.promises.stat(file)
  } catch {
    return null
  }
}

function sendJson(res: http.ServerResponse, status: number, body: unknown, headers: http.OutgoingHttpHeaders = {}): void {
  const text = JSON.stringify(body)
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
    ...headers,
  })
  res.end(text)
}

function sendHtml(req: http.IncomingMessage, res: http.ServerResponse, status: number, html: string, headers: http.OutgoingHttpHeaders = {}): void {
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'content-length': Buffer.byteLength(html),
    'cache-control': 'no-cache',
    'x-content-type-options': 'nosniff',
    ...headers,
  })
  res.end(req.method === 'HEAD' ? undefined : html)
}

/** Opens a file, or null when it is gone (a rebuild may delete files at any time). */
async function openOrNull(file: string): Promise<fs.promises.FileHandle | null> {
  try {
    return await fs.promises.open(file, 'r')
  } catch {
    return null
  }
}

/**
 * Sends a file of a build, as its precompressed variant when the client takes it. The file
 * is opened before any header is written, so one deleted meanwhile (a rebuild in progress)
 * is a clean 404 rather than a response cut short.
 */
async function sendFile(req: http.IncomingMessage, res: http.ServerResponse, file: string, extra: http.OutgoingHttpHeaders = {}): Promise<void> {
  const original = await openOrNull(file)
  if (!original) throw new HttpError(404, 'not found')
  let handle = original
  let encoding: Encoding = 'identity'
  try {
    const stat = await original.stat()
    if (!stat.isFile()) throw new HttpError(404, 'not found')
    let size = stat.size
    let mtimeMs = stat.mtimeMs
    const compressible = isCompressible(file)
    if (compressible) {
      // A variant older than its file is stale (the file was rebuilt): ignore it.
      const fresh = (s: fs.Stats | null): s is fs.Stats => s !== null && s.isFile() && s.mtimeMs >= stat.mtimeMs
      const [br, gz] = await Promise.all([statOrNull(`${file}.br`), statOrNull(`${file}.gz`)])
      encoding = pickEncoding(req.headers['accept-encoding'], { br: fresh(br), gzip: fresh(gz) })
      if (encoding !== 'identity') {
        const variant = await openOrNull(`${file}.${encoding === 'br' ? 'br' : 'gz'}`)
        const variantStat = variant ? await variant.stat() : null
        if (variant && variantStat) {
          handle = variant
          size = variantStat.size
          mtimeMs = variantStat.mtimeMs
        } else encoding = 'identity'
      }
    }
    const etag = `"${stat.size.toString(36)}-${Math.floor(stat.mtimeMs).toString(36)}${encoding === 'identity' ? '' : `-${encoding}`}"`
    const headers: http.OutgoingHttpHeaders = {
      'content-type': contentType(file),
      'cache-control': cacheControl(file),
      'last-modified': new Date(mtimeMs).toUTCString(),
      etag,
      'x-content-type-options': 'nosniff',
      ...(compressible ? { vary: 'Accept-Encoding' } : {}),
      ...extra,
    }
    const inm = req.headers['if-none-match']
    if (inm && inm.split(',').some((t) => t.trim().replace(/^W\//, '') === etag)) {
      res.writeHead(304, headers)
      res.end()
      return
    }
    res.writeHead(200, { ...headers, 'content-length': size, ...(encoding === 'identity' ? {} : { 'content-encoding': encoding }) })
    if (req.method === 'HEAD') {
      res.end()
      return
    }
    await new Promise<void>((resolve) => {
      const stream = handle.createReadStream({ autoClose: false, start: 0 })
      stream.on('error', (e) => {
        res.destroy(e)
        resolve()
      })
      res.on('close', () => {
        stream.destroy()
        resolve()
      })
      stream.pipe(res)
    })
  } finally {
    await original.close().catch(() => {})
    if (handle !== original) await handle.close().catch(() => {})
  }
}

/** Reads a request body, refusing more than `limit` bytes. */
async function readBody(req: http.IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? 0)
  if (declared > limit) throw new HttpError(413, 'request body too large')
  const chunks: Buffer[] = []
  let total = 0
  for await (const chunk of req as AsyncIterable<Buffer>) {
    total += chunk.length
    if (total > limit) throw new HttpError(413, 'request body too large')
    chunks.push(chunk)
  }
  return Buffer.concat(chunks)
}

async function toFetchRequest(req: http.IncomingMessage, origin: string, limit: number, signal: AbortSignal): Promise<Request> {
  const headers = new Headers()
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) {
    const name = req.rawHeaders[i] as string
    if (!name.startsWith(':')) headers.append(name, req.rawHeaders[i + 1] as string)
  }
  headers.set('x-forwarded-for', req.socket.remoteAddress ?? '')
  headers.set('x-forwarded-proto', 'http')
  headers.set('x-forwarded-host', req.headers.host ?? new URL(origin).host)
  const method = req.method ?? 'GET'
  const body = method === 'GET' || method === 'HEAD' ? undefined : new Uint8Array(await readBody(req, limit))
  return new Request(new URL(req.url ?? '/', origin), { method, headers, body, signal })
}

async function writeFetchResponse(req: http.IncomingMessage, res: http.ServerResponse, response: Response): Promise<void> {
  res.statusCode = response.status
  response.headers.forEach((value, name) => {
    if (name !== 'set-cookie') res.setHeader(name, value)
  })
  const cookies = response.headers.getSetCookie()
  if (cookies.length) res.setHeader('set-cookie', cookies)
  if (!response.body || req.method === 'HEAD') {
    await response.body?.cancel()
    res.end()
    return
  }
  const reader = response.body.getReader()
  try {
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      if (res.destroyed) {
        await reader.cancel()
        return
      }
      if (!res.write(value)) {
        await new Promise<void>((resolve) => {
          res.once('drain', resolve)
          res.once('close', resolve)
        })
      }
    }
    res.end()
  } finally {
    reader.releaseLock()
  }
}

async function handleApi(req: http.IncomingMessage, res: http.ServerResponse, opts: PreviewOptions, origin: string): Promise<void> {
  if (!opts.apiHandler) {
    sendJson(res, 503, API_UNAVAILABLE, { 'retry-after': '30' })
    return
  }
  const abort = new AbortController()
  res.on('close', () => {
    if (!res.writableFinished) abort.abort()
  })
  let request: Request
  try {
    request = await toFetchRequest(req, origin, opts.maxBodyBytes ?? 10 * 1024 * 1024, abort.signal)
  } catch (e) {
    if (e instanceof HttpError && e.status === 413) {
      sendJson(res, 413, { code: 'PAYLOAD_TOO_LARGE', message: '上传的内容太大了' }, { connection: 'close' })
      return
    }
    throw e
  }
  let response: Response
  try {
    response = await opts.apiHandler(request, { incoming: req, outgoing: res })
  } catch (e) {
    ;(opts.onError ?? console.error)(e)
    if (!res.headersSent) sendJson(res, 500, { code: 'INTERNAL', message: '服务出了点问题，请稍后再试' })
    return
  }
  await writeFetchResponse(req, res, response)
}

const appStatus = async (app: PreviewApp): Promise<boolean> => (await statOrNull(path.join(app.dir, 'index.html')))?.isFile() ?? false

const buildCommand = (app: PreviewApp): string => `node scripts/build.mjs h5 ${app.name}`

async function handleAppRequest(req: http.IncomingMessage, res: http.ServerResponse, app: PreviewApp, rel: string): Promise<void> {
  const index = path.join(app.dir, 'index.html')
  const indexStat = await statOrNull(index)
  if (!indexStat?.isFile()) {
    sendHtml(req, res, 503, renderMessagePage(`${app.title}还没有构建`, `在仓库根目录运行 <code>${buildCommand(app)}</code>，或者 <code>npm start</code>，然后刷新。`))
    return
  }
  // Refuse `..` (it may arrive percent-encoded) rather than resolve it; then check anyway.
  if (rel.split('/').includes('..')) throw new HttpError(403, 'path traversal refused')
  const file = path.resolve(app.dir, rel || 'index.html')
  if (file !== app.dir && !file.startsWith(app.dir + path.sep)) throw new HttpError(403, 'path traversal refused')
  // Dotfiles (build stamps and the like) are not part of the app.
  if (rel.split('/').some((segment) => segment.startsWith('.'))) throw new HttpError(404, 'not found')
  const stat = await statOrNull(file)
  if (stat?.isFile()) return sendFile(req, res, file)
  // SPA fallback: the browser-history router's pages (`/market/pages/index/index`) are
  // extensionless; a missing asset (with an extension) stays a 404.
  const last = rel.split('/').pop() ?? ''
  if (!path.extname(last)) return sendFile(req, res, index, { 'x-spa-fallback': '1' })
  throw new HttpError(404, 'not found')
}

async function handle(req: http.IncomingMessage, res: http.ServerResponse, opts: PreviewOptions, origin: string): Promise<void> {
  const url = new URL(req.url ?? '/', origin)
  const apiPrefixes = ['/api', ...(opts.apiPrefixes ?? [])]
  if (apiPrefixes.some((p) => url.pathname === p || url.pathname.startsWith(`${p}/`))) return handleApi(req, res, opts, origin)
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' })
    res.end('method not allowed')
    return
  }
  let pathname: string
  try {
    pathname = decodeURIComponent(url.pathname)
  } catch {
    throw new HttpError(400, 'bad request')
  }
  if (pathname.includes('\0')) throw new HttpError(400, 'bad request')
  if (pathname === '/' || pathname === '/index.html') {
    const apps = await Promise.all(opts.apps.map(async (app) => ({ ...app, built: await appStatus(app) })))
    return sendHtml(req, res, 200, renderLauncher(apps))
  }
  // Browsers ask the origin for /favicon.ico whatever the page's base; say "none" cheaply.
  if (pathname === '/favicon.ico') {
    res.writeHead(204, { 'cache-control': 'public, max-age=86400' })
    res.end()
    return
  }
  for (const app of opts.apps) {
    const base = `/${app.name}`
    if (pathname === base) {
      res.writeHead(301, { location: `${base}/${url.search}`, 'cache-control': 'no-cache' })
      res.end()
      return
    }
    if (pathname.startsWith(`${base}/`)) return handleAppRequest(req, res, app, pathname.slice(base.length + 1))
  }
  throw new HttpError(404, 'not found')
}

function sendError(req: http.IncomingMessage, res: http.ServerResponse, e: unknown, onError: (e: unknown) => void): void {
  const status = e instanceof HttpError ? e.status : 500
  if (status === 500) onError(e)
  if (res.headersSent) {
    res.destroy()
    return
  }
  const titles: Record<number, string> = { 400: '请求有误', 403: '不允许访问', 404: '找不到这个页面', 500: '出错了' }
  sendHtml(req, res, status, renderMessagePage(titles[status] ?? '出错了', `HTTP ${status}`))
}

/** Starts the preview; resolves once it listens. Rejects with the listen error (e.g. EADDRINUSE). */
export async function startPreview(opts: PreviewOptions): Promise<Preview> {
  const host = opts.host ?? '127.0.0.1'
  const apps = opts.apps.map((app) => ({ ...app, dir: path.resolve(app.dir) }))
  for (const app of apps) {
    if (!/^[a-z0-9-]+$/.test(app.name) || app.name === 'api') throw new Error(`bad app name "${app.name}"`)
  }
  const options: PreviewOptions = { ...opts, apps }
  const onError = opts.onError ?? ((e: unknown) => console.error(e))
  let origin = `http://${host}`
  const server = http.createServer((req, res) => {
    handle(req, res, options, origin).catch((e: unknown) => sendError(req, res, e, onError))
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(opts.port ?? 5173, host, () => {
      server.off('error', reject)
      resolve()
    })
  })
  const { port } = server.address() as AddressInfo
  origin = `http://${host}:${port}`
  let closing: Promise<void> | null = null
  return {
    url: `${origin}/`,
    port,
    server,
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeIdleConnections()
        // Keep-alive connections with a request in flight get 3 s to finish.
        setTimeout(() => server.closeAllConnections(), 3000).unref()
      })
      return closing
    },
  }
}
