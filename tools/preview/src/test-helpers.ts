// Shared by this package's tests: a throwaway build folder and a raw HTTP client (fetch
// would normalise `..` out of paths and decompress bodies, hiding what the server sent).
import fs from 'node:fs'
import http from 'node:http'
import os from 'node:os'
import path from 'node:path'

export interface RawResponse {
  status: number
  headers: http.IncomingHttpHeaders
  body: Buffer
}

export function request(base: string, rawPath: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<RawResponse> {
  const url = new URL(base)
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: url.hostname, port: url.port, path: rawPath, method: init.method ?? 'GET', headers: { connection: 'close', ...init.headers } },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }))
        res.on('error', reject)
      },
    )
    req.on('error', reject)
    req.end(init.body)
  })
}

/** Text that compresses well and is large enough to be worth it. */
export const bigJs = `/* app */\n${Array.from({ length: 400 }, (_, i) => `export const value${i} = 'market-${i % 7}'`).join(';\n')}\n`

/** A temporary root holding `alpha/` (a small H5 build) and a secret file beside it. */
export function makeBuild(): { root: string; alpha: string; cleanup(): void } {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'preview-test-'))
  const alpha = path.join(root, 'alpha')
  const write = (rel: string, text: string | Buffer): void => {
    fs.mkdirSync(path.dirname(path.join(alpha, rel)), { recursive: true })
    fs.writeFileSync(path.join(alpha, rel), text)
  }
  write('index.html', `<!doctype html><html lang="zh-CN"><head><title>alpha</title><script defer src="/alpha/js/app.1fa22614.js"></script></head><body><div id="app"></div>${'<!-- pad -->'.repeat(40)}</body></html>`)
  write('js/app.1fa22614.js', bigJs)
  write('js/app.1fa22614.js.LICENSE.txt', 'MIT')
  write('css/app.78572573.css', `.home{color:#2f7d32}\n${'.x{margin:0}\n'.repeat(100)}`)
  write('static/logo.svg', `<svg xmlns="http://www.w3.org/2000/svg">${'<rect width="1" height="1"/>'.repeat(50)}</svg>`)
  write('static/photo.3a9c0e11.png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))
  write('tiny.json', '{}')
  fs.writeFileSync(path.join(root, 'secret.txt'), 'TOP-SECRET')
  return { root, alpha, cleanup: () => fs.rmSync(root, { recursive: true, force: true }) }
}
