// Jest globalSetup of the e2e project: once per run, precompress the H5 builds, start the
// preview on a free port, launch Chromium, and pass both addresses to the workers.
import { chromium, type BrowserServer } from 'playwright-core'
import { defaultApps, precompress, startPreview, type Preview } from '@tianyuan/preview'
import fs from 'node:fs'
import path from 'node:path'
import { CHROMIUM_ARGS, chromiumPath } from './chromium'
import { ENV_URL, ENV_WS, resultsDir } from './env'

export interface E2EGlobals {
  preview: Preview
  browser: BrowserServer
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
  const preview = await startPreview({ port: 0, host: '127.0.0.1', apps })
  let browser: BrowserServer
  try {
    browser = await chromium.launchServer({ executablePath, headless: true, args: CHROMIUM_ARGS, host: '127.0.0.1' })
  } catch (e) {
    await preview.close()
    throw e
  }
  ;(globalThis as Record<string, unknown>)[KEY] = { preview, browser } satisfies E2EGlobals
  process.env[ENV_URL] = preview.url
  process.env[ENV_WS] = browser.wsEndpoint()
}
