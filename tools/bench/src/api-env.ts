// The real API (openApi on a temporary DATA_DIR, NODE_ENV=test, WeChat played by the in-process
// sandbox) served on 127.0.0.1, optionally behind the preview with the H5 builds.
import fs from 'node:fs'
import http from 'node:http'
import os from 'node:os'
import path from 'node:path'
import { createDiskStorage, loadConfig, openApi, seedClinic, type EmbeddedApi } from '@tianyuan/api'
import { seedMarket } from '../../../apps/api/src/seed/market'
import { API_PREFIXES, defaultApps, precompress, startPreview, type Preview, type PreviewApp } from '@tianyuan/preview'
import { snapshotBuild } from './snapshot'

export interface ApiEnv {
  /** http://127.0.0.1:<port> (no trailing slash): the preview, which also serves /api. */
  origin: string
  api: EmbeddedApi
  preview: Preview
  dataDir: string
  /** Apps served (from a snapshot of their H5 build), and apps that could not be, with why. */
  apps: PreviewApp[]
  skippedApps: { name: string; why: string }[]
  close(): Promise<void>
}

export interface ApiEnvOptions {
  /** The market's demo data. */
  seed?: boolean
  /** The clinic's demo doctors and their week of slots (NODE_ENV=test starts without any). */
  seedClinic?: boolean
  databaseUrl?: string
  /** Serve the apps' H5 builds: each copied first (see snapshotBuild). */
  withApps?: boolean
  /** How long to wait for an app's build to be complete and still (default 120 s). */
  buildWaitMs?: number
  log?: (message: string) => void
}

export async function startApiEnv(options: ApiEnvOptions = {}): Promise<ApiEnv> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tianyuan-bench-'))
  // The flaky run's villagers keep ordering and booking across sessions without paying: lift the
  // per-user unpaid quotas (still checked on every write) unless the environment sets them.
  const quotas = { MARKET_UNPAID_ORDERS_PER_BUYER: '1000', CLINIC_UNPAID_BOOKINGS_PER_ACCOUNT: '1000' }
  const config = loadConfig({ ...quotas, ...process.env, NODE_ENV: 'test', DATA_DIR: dataDir, LOG_LEVEL: 'silent', DATABASE_URL: options.databaseUrl })
  const api = await openApi({ config })
  const apps: PreviewApp[] = []
  const skippedApps: { name: string; why: string }[] = []
  if (options.withApps) {
    for (const app of defaultApps()) {
      if (!fs.existsSync(app.dir)) {
        skippedApps.push({ name: app.name, why: `not built for H5 (node scripts/build.mjs h5 ${app.name})` })
        continue
      }
      try {
        apps.push(await snapshotBuild(app, path.join(dataDir, 'h5', app.name), { timeoutMs: options.buildWaitMs, log: options.log }))
      } catch (e) {
        skippedApps.push({ name: app.name, why: (e as Error).message })
      }
    }
  }
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
  if (options.seedClinic) {
    const sandbox = api.sandbox
    await seedClinic({
      db: api.db.kysely,
      storage: createDiskStorage(config.mediaDir),
      now: Date.now,
      logger: api.logger,
      maxBytes: config.mediaMaxBytes,
      maxPixels: config.mediaMaxPixels,
      // Doctors log in through the sandbox by name, as in development.
      openidOf: sandbox ? (name) => sandbox.openidOf(name) : undefined,
    })
  }
  return {
    origin,
    api,
    preview,
    dataDir,
    apps,
    skippedApps,
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
