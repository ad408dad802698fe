// Jest globalSetup of the e2e project: once per run, precompress the H5 builds, start the API on
// a database of its own with the clinic's demo doctors, start the preview on a free port, launch
// Chromium, and pass both addresses to the workers.
import { chromium, type BrowserServer } from 'playwright-core'
import { defaultApps, precompress, startPreview, type Preview } from '@tianyuan/preview'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { createDiskStorage, loadConfig, openApi, seedClassroom, seedClinic, seedLoans, seedNotices, type EmbeddedApi } from '@tianyuan/api'
import { API_PREFIXES } from '@tianyuan/preview'
import { CHROMIUM_ARGS, chromiumPath } from './chromium'
import { ENV_URL, ENV_WS, resultsDir } from './env'

export interface E2EGlobals {
  preview: Preview
  browser: BrowserServer
  api: EmbeddedApi
  dataDir: string
}

const KEY = '__tianyuanE2E'

export const e2eGlobals = (): E2EGlobals | undefined => (globalThis as Record<string, unknown>)[KEY] as E2EGlobals | undefined

export default async function globalSetup(): Promise<void> {
  const executablePath = chromiumPath()
  // Each run's screenshots and failure reports replace the last run's.
  fs.rmSync(resultsDir, { recursive: true, force: true })
  const apps = defaultApps()
  for (const app of apps) {
    if (fs.existsSync(path.join(app.dir, 'index.html'))) await precompress(app.dir)
  }
  // The real API on the same origin, as `npm start` serves it, on a database of its own.
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tianyuan-e2e-data-'))
  const api = await openApi({ config: loadConfig({ ...process.env, NODE_ENV: 'test', DATA_DIR: dataDir, LOG_LEVEL: 'warn', DATABASE_URL: undefined }) })
  try {
    await seedDoctors(api)
  } catch (e) {
    await api.close()
    fs.rmSync(dataDir, { recursive: true, force: true })
    throw e
  }
  const preview = await startPreview({ port: 0, host: '127.0.0.1', apps, apiHandler: api.fetch, apiPrefixes: [...API_PREFIXES] })
  api.setOrigin(preview.url.replace(/\/$/, ''))
  let browser: BrowserServer
  try {
    browser = await chromium.launchServer({ executablePath, headless: true, args: CHROMIUM_ARGS, host: '127.0.0.1' })
  } catch (e) {
    await preview.close()
    await api.close()
    throw e
  }
  ;(globalThis as Record<string, unknown>)[KEY] = { preview, browser, api, dataDir } satisfies E2EGlobals
  process.env[ENV_URL] = preview.url
  process.env[ENV_WS] = browser.wsEndpoint()
}

/**
 * The clinic's 20 demo doctors and their week of slots (NODE_ENV=test seeds nothing by itself):
 * a patient's journey needs doctors to book, and each doctor's user gets the sandbox's openid for
 * the doctor's name, so a browser acting as 张桂芳 (actAsSandboxUser) is that doctor. Once per
 * run: 0.6–1.2 s on 2 cores, about as long as the rest of the setup; each run writes its time
 * to test-results/e2e/setup.json.
 */
async function seedDoctors(api: EmbeddedApi): Promise<void> {
  const sandbox = api.sandbox
  if (!sandbox) throw new Error('the e2e API has no WeChat sandbox: doctors could not log in by name')
  const { config } = api
  const t0 = Date.now()
  await seedClinic({
    db: api.db.kysely,
    storage: createDiskStorage(config.mediaDir),
    now: Date.now,
    maxBytes: config.mediaMaxBytes,
    maxPixels: config.mediaMaxPixels,
    openidOf: (name) => sandbox.openidOf(name),
  })
  const seedClinicMs = Date.now() - t0
  // 田间课堂's demo teachers, courses and lessons (the 图文 lessons are whole; video and audio
  // lessons show 正在处理: their generated media is not made here). A teacher's user has the
  // sandbox's openid for the teacher's name, so actAsSandboxUser(t, '王振华') is that teacher.
  const t1 = Date.now()
  await seedClassroom({ db: api.db.kysely, storage: createDiskStorage(config.mediaDir), now: Date.now, maxBytes: config.mediaMaxBytes, maxPixels: config.mediaMaxPixels, openidOf: (name) => sandbox.openidOf(name) })
  // 惠农小贷's demo products and its credit officer (李建华: actAsSandboxUser or a sandbox login by that name is the officer).
  await seedLoans({ db: api.db.kysely, now: Date.now, settings: config.loans, openidOf: (name) => sandbox.openidOf(name) })
  // 通知到人's organisations with one publisher each (刘建国, the village committee's: actAsSandboxUser
  // or a sandbox login by that name publishes for it) and a live notice of every topic, one urgent.
  await seedNotices({ db: api.db.kysely, now: Date.now, openidOf: (name) => sandbox.openidOf(name) })
  fs.mkdirSync(resultsDir, { recursive: true })
  fs.writeFileSync(path.join(resultsDir, 'setup.json'), `${JSON.stringify({ seedClinicMs, seedClassroomMs: Date.now() - t1 })}\n`)
}
