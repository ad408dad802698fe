import fs from 'node:fs'
import net from 'node:net'
import path from 'node:path'
import zlib from 'node:zlib'
import type { PreviewApp } from './apps'
import { precompress } from './precompress'
import { IMMUTABLE, pickEncoding, startPreview, type ApiHandler, type Preview } from './server'
import { bigJs, makeBuild, request } from './test-helpers'

const JS = '/alpha/js/app.1fa22614.js'

describe('pickEncoding', () => {
  const both = { br: true, gzip: true }
  it.each([
    ['gzip, deflate, br, zstd', both, 'br'],
    ['gzip, deflate', both, 'gzip'],
    ['br;q=0, gzip', both, 'gzip'],
    ['br;q=0, gzip;q=0', both, 'identity'],
    ['*', both, 'br'],
    ['*, br;q=0', both, 'gzip'],
    ['identity', both, 'identity'],
    [undefined, both, 'identity'],
    ['gzip, br', { br: false, gzip: true }, 'gzip'],
    ['br', { br: false, gzip: true }, 'identity'],
  ] as const)('%s with %j → %s', (accept, available, expected) => {
    expect(pickEncoding(accept, available)).toBe(expected)
  })
})

describe('startPreview', () => {
  let build: ReturnType<typeof makeBuild>
  let preview: Preview
  let apps: PreviewApp[]
  let apiHandler: ApiHandler | undefined
  let errors: unknown[]

  beforeAll(async () => {
    build = makeBuild()
    await precompress(build.alpha)
    apps = [
      { name: 'alpha', title: '阿尔法集市', purpose: '卖自家的菜', dir: build.alpha },
      { name: 'beta', title: '贝塔课堂', purpose: '学养鸡', dir: path.join(build.root, 'beta') },
    ]
    errors = []
    preview = await startPreview({
      port: 0,
      apps,
      apiHandler: (req, env) => (apiHandler ? apiHandler(req, env) : Promise.reject(new Error('no handler set'))),
      apiPrefixes: ['/wechat-sandbox'],
      onError: (e) => errors.push(e),
    })
  })
  afterAll(async () => {
    await preview.close()
    build.cleanup()
  })
  beforeEach(() => {
    apiHandler = undefined
    errors = []
  })

  const get = (p: string, headers: Record<string, string> = {}) => request(preview.url, p, { headers })

  it('listens on 127.0.0.1 and reports its URL', () => {
    expect(preview.url).toBe(`http://127.0.0.1:${preview.port}/`)
  })

  describe('compression', () => {
    it('serves the brotli file to a client that takes br, with Vary', async () => {
      const res = await get(JS, { 'accept-encoding': 'gzip, deflate, br' })
      expect(res.status).toBe(200)
      expect(res.headers['content-encoding']).toBe('br')
      expect(res.headers.vary).toBe('Accept-Encoding')
      expect(Number(res.headers['content-length'])).toBe(res.body.length)
      expect(res.body.length).toBeLessThan(Buffer.byteLength(bigJs) / 4)
      expect(zlib.brotliDecompressSync(res.body).toString()).toBe(bigJs)
    })

    it('serves gzip when br is not accepted', async () => {
      const res = await get(JS, { 'accept-encoding': 'gzip' })
      expect(res.headers['content-encoding']).toBe('gzip')
      expect(zlib.gunzipSync(res.body).toString()).toBe(bigJs)
    })

    it('serves the file itself when nothing is accepted', async () => {
      const res = await get(JS)
      expect(res.headers['content-encoding']).toBeUndefined()
      expect(res.headers.vary).toBe('Accept-Encoding')
      expect(res.body.toString()).toBe(bigJs)
    })

    it('compresses html and css too, and gives each encoding its own ETag', async () => {
      const html = await get('/alpha/', { 'accept-encoding': 'br' })
      expect(html.headers['content-encoding']).toBe('br')
      const css = await get('/alpha/css/app.78572573.css', { 'accept-encoding': 'gzip' })
      expect(css.headers['content-encoding']).toBe('gzip')
      const plain = await get('/alpha/css/app.78572573.css')
      expect(plain.headers.etag).not.toBe(css.headers.etag)
    })

    it('ignores a variant older than its file (a rebuild not yet precompressed)', async () => {
      const file = path.join(build.alpha, 'static/logo.svg')
      const later = new Date(Date.now() + 60_000)
      fs.utimesSync(file, later, later)
      try {
        const res = await get('/alpha/static/logo.svg', { 'accept-encoding': 'br, gzip' })
        expect(res.headers['content-encoding']).toBeUndefined()
        expect(res.body.toString()).toMatch(/^<svg/)
      } finally {
        await precompress(build.alpha)
      }
    })
  })

  describe('caching and types', () => {
    it.each([
      ['/alpha/', 'no-cache', 'text/html; charset=utf-8'],
      ['/alpha/index.html', 'no-cache', 'text/html; charset=utf-8'],
      [JS, IMMUTABLE, 'text/javascript; charset=utf-8'],
      ['/alpha/css/app.78572573.css', IMMUTABLE, 'text/css; charset=utf-8'],
      ['/alpha/static/photo.3a9c0e11.png', IMMUTABLE, 'image/png'],
      ['/alpha/static/logo.svg', 'no-cache', 'image/svg+xml'],
      ['/alpha/tiny.json', 'no-cache', 'application/json; charset=utf-8'],
      ['/alpha/pages/index/index', 'no-cache', 'text/html; charset=utf-8'],
    ])('%s → %s, %s', async (p, cache, type) => {
      const res = await get(p, { 'accept-encoding': 'gzip, br' })
      expect(res.status).toBe(200)
      expect(res.headers['cache-control']).toBe(cache)
      expect(res.headers['content-type']).toBe(type)
    })

    it('answers 304 to a matching If-None-Match', async () => {
      const first = await get('/alpha/', { 'accept-encoding': 'gzip' })
      const again = await get('/alpha/', { 'accept-encoding': 'gzip', 'if-none-match': String(first.headers.etag) })
      expect(again.status).toBe(304)
      expect(again.body.length).toBe(0)
      const otherEncoding = await get('/alpha/', { 'accept-encoding': 'br', 'if-none-match': String(first.headers.etag) })
      expect(otherEncoding.status).toBe(200)
    })

    it('answers HEAD without a body', async () => {
      const res = await request(preview.url, JS, { method: 'HEAD', headers: { 'accept-encoding': 'br' } })
      expect(res.status).toBe(200)
      expect(Number(res.headers['content-length'])).toBeGreaterThan(0)
      expect(res.body.length).toBe(0)
    })

    it('answers /favicon.ico at the origin', async () => {
      const res = await get('/favicon.ico')
      expect(res.status).toBe(204)
    })
  })

  describe('routing', () => {
    it('falls back to index.html for extensionless paths (router pages, reloads)', async () => {
      const index = fs.readFileSync(path.join(build.alpha, 'index.html'), 'utf8')
      for (const p of ['/alpha/pages/index/index', '/alpha/pkg/pages/about/index?id=3', '/alpha/pages/']) {
        const res = await get(p)
        expect({ p, status: res.status, body: res.body.toString() }).toEqual({ p, status: 200, body: index })
      }
    })

    it('redirects /alpha to /alpha/ keeping the query', async () => {
      const res = await get('/alpha?from=share')
      expect(res.status).toBe(301)
      expect(res.headers.location).toBe('/alpha/?from=share')
    })

    it('answers 404 for missing assets rather than the page', async () => {
      fs.writeFileSync(path.join(build.alpha, '.stamp.json'), '{}')
      for (const p of ['/alpha/js/app.00000000.js', '/alpha/static/missing.png', '/nope/', '/alpha.js', '/alpha/.stamp.json']) {
        expect({ p, status: (await get(p)).status }).toEqual({ p, status: 404 })
      }
    })

    it('refuses path traversal, however it is spelled', async () => {
      for (const p of ['/alpha/..%2fsecret.txt', '/alpha/%2e%2e%2fsecret.txt', '/alpha/js/..%2f..%2fsecret.txt', '/alpha/%2e%2e/secret.txt', '/alpha/../secret.txt', '/alpha/..%5csecret.txt', '/alpha/%00']) {
        const res = await get(p)
        expect({ p, leaked: res.body.toString().includes('TOP-SECRET') }).toEqual({ p, leaked: false })
        expect([400, 403, 404]).toContain(res.status)
      }
      expect((await get('/alpha/..%2fsecret.txt')).status).toBe(403)
    })

    it('refuses other methods on files', async () => {
      const res = await request(preview.url, JS, { method: 'POST', body: 'x' })
      expect(res.status).toBe(405)
      expect(res.headers.allow).toBe('GET, HEAD')
    })

    it('says an app is not built instead of serving a broken page', async () => {
      const res = await get('/beta/')
      expect(res.status).toBe(503)
      expect(res.body.toString()).toContain('贝塔课堂还没有构建')
      expect(res.body.toString()).toContain('node scripts/build.mjs h5 beta')
    })
  })

  describe('launcher', () => {
    it('lists every app with its name, purpose and a frame to open it in', async () => {
      const res = await get('/')
      expect(res.status).toBe(200)
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8')
      expect(res.headers['cache-control']).toBe('no-cache')
      const html = res.body.toString()
      expect(html).toContain('lang="zh-CN"')
      for (const app of apps) {
        expect(html).toContain(`id="tile-${app.name}"`)
        expect(html).toContain(app.title)
        expect(html).toContain(app.purpose)
      }
      expect(html).toContain('<iframe name="phone"')
      expect(html).toContain('href="/alpha/" target="phone"')
      // The sandbox's 服务通知 inboxes: what each test villager received as subscribe messages.
      expect(html).toContain('href="/wechat-sandbox/sandbox/subscribe/inbox" target="phone"')
    })

    it('shows an app with no build as such, with no link into it', async () => {
      const html = (await get('/')).body.toString()
      const beta = html.slice(html.indexOf('id="tile-beta"'))
      expect(beta.slice(0, beta.indexOf('</li>'))).toContain('还没有构建')
      expect(html).not.toContain('href="/beta/"')
    })

    it('escapes what it prints', async () => {
      const tmp = await startPreview({ port: 0, apps: [{ name: 'gamma', title: '<b>x</b>', purpose: '"&"', dir: build.alpha }] })
      try {
        const html = (await request(tmp.url, '/')).body.toString()
        expect(html).toContain('&lt;b&gt;x&lt;/b&gt;')
        expect(html).toContain('&quot;&amp;&quot;')
      } finally {
        await tmp.close()
      }
    })
  })

  describe('/api', () => {
    it('passes the request to the handler and its response back', async () => {
      const seen: Array<{ method: string; url: string; body: string; type: string | null; forwardedFor: string | null; peer?: string }> = []
      apiHandler = async (req, env) => {
        seen.push({
          method: req.method,
          url: req.url,
          body: await req.text(),
          type: req.headers.get('content-type'),
          forwardedFor: req.headers.get('x-forwarded-for'),
          peer: env.incoming.socket.remoteAddress,
        })
        const headers = new Headers({ 'content-type': 'application/json', 'x-request-id': 'r1' })
        headers.append('set-cookie', 'a=1')
        headers.append('set-cookie', 'b=2')
        return new Response(JSON.stringify({ ok: true }), { status: 201, headers })
      }
      const res = await request(preview.url, '/api/orders?x=1', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': '6.6.6.6' },
        body: '{"qty":2}',
      })
      expect(seen).toEqual([
        { method: 'POST', url: `${preview.url}api/orders?x=1`, body: '{"qty":2}', type: 'application/json', forwardedFor: '127.0.0.1', peer: '127.0.0.1' },
      ])
      expect(res.status).toBe(201)
      expect(res.headers['x-request-id']).toBe('r1')
      expect(res.headers['set-cookie']).toEqual(['a=1', 'b=2'])
      expect(JSON.parse(res.body.toString())).toEqual({ ok: true })
    })

    it('also passes the extra prefixes it was given, and only whole path segments', async () => {
      const urls: string[] = []
      apiHandler = async (req) => {
        urls.push(new URL(req.url).pathname)
        return new Response('{}', { headers: { 'content-type': 'application/json' } })
      }
      expect((await get('/wechat-sandbox/sandbox/cashier?prepay_id=1')).status).toBe(200)
      expect((await get('/wechat-sandbox-not/x')).status).toBe(404)
      expect(urls).toEqual(['/wechat-sandbox/sandbox/cashier'])
    })

    it('streams a handler body that arrives in pieces', async () => {
      apiHandler = async () => {
        const parts = ['一', '二', '三']
        const stream = new ReadableStream<Uint8Array>({
          pull(controller) {
            const next = parts.shift()
            if (next) controller.enqueue(new TextEncoder().encode(next))
            else controller.close()
          },
        })
        return new Response(stream, { headers: { 'content-type': 'text/plain; charset=utf-8' } })
      }
      expect((await get('/api/stream')).body.toString()).toBe('一二三')
    })

    it('answers 500 JSON when the handler throws', async () => {
      apiHandler = async () => {
        throw new Error('boom')
      }
      const res = await get('/api/boom')
      expect(res.status).toBe(500)
      expect(JSON.parse(res.body.toString())).toMatchObject({ code: 'INTERNAL' })
      expect(errors).toHaveLength(1)
    })

    it('answers 503 API_UNAVAILABLE when there is no backend', async () => {
      const tmp = await startPreview({ port: 0, apps })
      try {
        for (const p of ['/api/orders', '/api']) {
          const res = await request(tmp.url, p)
          expect(res.status).toBe(503)
          expect(res.headers['content-type']).toBe('application/json; charset=utf-8')
          expect(JSON.parse(res.body.toString())).toEqual({ code: 'API_UNAVAILABLE', message: '服务暂时不可用，请稍后再试' })
        }
      } finally {
        await tmp.close()
      }
    })
  })

  describe('lifecycle', () => {
    it('rejects when the port is taken', async () => {
      await expect(startPreview({ port: preview.port, apps })).rejects.toMatchObject({ code: 'EADDRINUSE' })
    })

    it('close() stops listening, and can be called twice', async () => {
      const tmp = await startPreview({ port: 0, apps })
      expect((await request(tmp.url, '/')).status).toBe(200)
      await Promise.all([tmp.close(), tmp.close()])
      const refused = await new Promise<string>((resolve) => {
        const socket = net.connect(tmp.port, '127.0.0.1')
        socket.on('connect', () => {
          socket.destroy()
          resolve('connected')
        })
        socket.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? 'error'))
      })
      expect(refused).toBe('ECONNREFUSED')
    })

    it('lets a request in flight finish when closing', async () => {
      const tmp = await startPreview({
        port: 0,
        apps,
        apiHandler: async () => {
          await new Promise((r) => setImmediate(r))
          return new Response('done')
        },
      })
      const inFlight = request(tmp.url, '/api/slow')
      // Close once the server holds the connection.
      await new Promise<void>((resolve) => tmp.server.once('request', () => resolve()))
      await tmp.close()
      expect((await inFlight).body.toString()).toBe('done')
    })
  })
})
