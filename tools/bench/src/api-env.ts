// The real API (openApi on a temporary DATA_DIR, NODE_ENV=test, WeChat played by the in-process
// sandbox) served on 127.0.0.1, optionally behind the preview with the H5 builds.
import fs from 'node:fs'
import http from 'node:http'
import os from 'node:os'
import path from 'node:path'
import { createDiskStorage, loadConfig, openApi, type EmbeddedApi } from '@tianyuan/api'
import { seedMarket } from '../../../apps/api/src/seed/market'
import { API_PREFIXES, defaultApps, precompress, startPreview, type Preview } from '@tianyuan/preview'

export interface ApiEnv {
  /** http://127.0.0.1:<port> (no trailing slash): the preview, which also serves /api. */
  origin: string
  api: EmbeddedApi
  preview: Preview
  dataDir: string
  close(): Promise<void>
}

export async function startApiEnv(options: { seed?: boolean; databaseUrl?: string; withApps?: boolean } = {}): Promise<ApiEnv> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tianyuan-bench-'))
  const config = loadConfig({ ...process.env, NODE_ENV: 'test', DATA_DIR: dataDir, LOG_LEVEL: 'silent', DATABASE_URL: options.databaseUrl })
  const api = await openApi({ config })
  const apps = options.withApps ? defaultApps().filter((a) => fs.existsSync(path.join(a.dir, 'index.html'))) : []
  for (const app of apps) await precompress(app.dir)
  const preview = await startPreview({ port: 0, host: '127.0.0.1', apps, apiHandler: api.fetch, apiPrefixes: [...API_PREFIXES], onError: () => undefined })
  const origin = preview.url.replace(/\/$/, '')
  api.setOrigin(origin)
  if (options.seed) {
    await seedMarket({
      db: api.db.kysely,
      storage: createDiskStorage(config.mediaDir),
      now: Date.now,
      logger: api.logger,
      maxBytes: config.mediaMaxBytes,
      maxPixels: config.mediaMaxPixels,
    })
  }
  return {
    origin,
    api,
    preview,
    dataDir,
    close: async () => {
      await preview.close()
      await api.close()
      fs.rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

/** A session token for a sandbox WeChat user (the sandbox's login code, then /api/auth/login). */
export async function login(origin: string, user: string): Promise<string> {
  const { code } = (await (await fetch(`${origin}/wechat-sandbox/sandbox/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ user }) })).json()) as { code: string }
  const res = await fetch(`${origin}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code }) })
  if (!res.ok) throw new Error(`login ${user}: ${res.status} ${await res.text()}`)
  return ((await res.json()) as { token: string }).token
}

/** GET a URL and count its body bytes as sent (no decompression by us: the API sends images as is). */
export function bodyBytes(url: string, headers: Record<string, string> = {}): Promise<{ status: number; bytes: number; contentType: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { headers, agent: false, timeout: 30_000 }, (res) => {
      let bytes = 0
      res.on('data', (c: Buffer) => (bytes += c.length))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, bytes, contentType: String(res.headers['content-type'] ?? '') }))
      res.on('error', reject)
    })
    req.on('timeout', () => req.destroy(new Error(`timeout: ${url}`)))
    req.on('error', reject)
  })
}
