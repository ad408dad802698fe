// `e2eTest(name, fn)`: a Jest test with a fresh browser context (cold cache, empty storage)
// on the run's one Chromium. It fails on an uncaught page error or a console error, and on
// failure saves a screenshot, the page's HTML and its console output under test-results/e2e/.
import { chromium, type Browser, type BrowserContext, type Page, type Response } from 'playwright-core'
import fs from 'node:fs'
import path from 'node:path'
import { e2eEnv, repoRoot, resultsDir } from './env'
import { setNetwork, type NetworkProfile, type NetworkProfileName } from './network'

export type AppName = 'market' | 'clinic' | 'classroom' | 'microloan'

export interface SeenResponse {
  url: string
  status: number
  /** Content-Encoding as sent: 'br', 'gzip' or 'identity'. */
  encoding: string
  type: string
  /** Bytes on the wire (Content-Length; 0 when absent). */
  bytes: number
}

export interface E2E {
  page: Page
  context: BrowserContext
  /** The preview's URL, e.g. `http://127.0.0.1:40123/`. */
  baseUrl: string
  /** Every response the page received so far. */
  responses: SeenResponse[]
  /** Console and page-error lines so far. */
  consoleLines: string[]
  /** Opens `/<app>/<path>` and waits for its load event; fails on an HTTP error. */
  openApp(app: AppName, path?: string, opts?: { waitUntil?: 'load' | 'domcontentloaded' | 'commit' }): Promise<Response>
  /** Applies a network profile to the page from now on. */
  setNetwork(profile: NetworkProfileName | NetworkProfile): Promise<void>
  /** Saves a screenshot as test-results/e2e/screenshots/<name>.png and returns its path. */
  screenshot(name: string): Promise<string>
}

export interface E2EOptions {
  /** Network profile applied before the test body runs. */
  network?: NetworkProfileName | NetworkProfile
  /** Whole-test budget, ms (default 30 s). Artifacts are saved before Jest's own timeout. */
  timeoutMs?: number
  /** Console errors matching one of these do not fail the test. */
  allowConsoleErrors?: RegExp[]
}

let browser: Promise<Browser> | undefined

/** The run's Chromium (launched once by globalSetup), connected once per test file. */
export function connectBrowser(): Promise<Browser> {
  browser ??= chromium.connect(e2eEnv().wsEndpoint)
  return browser
}

afterAll(async () => {
  if (browser) await (await browser).close()
})

const slug = (s: string): string => s.replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-|-$/g, '').slice(0, 80)

async function saveArtifacts(dir: string, page: Page, lines: string[], responses: SeenResponse[], error: unknown): Promise<string> {
  fs.mkdirSync(dir, { recursive: true })
  const report = [
    // Playwright's own frames say nothing about the test: keep the test's.
    `error: ${error instanceof Error ? (error.stack ?? error.message).split('\n').filter((l) => !l.includes('node_modules')).join('\n') : String(error)}`,
    `url: ${page.url()}`,
    '',
    '--- console ---',
    ...lines,
    '',
    '--- responses ---',
    ...responses.map((r) => `${r.status} ${r.encoding.padEnd(8)} ${String(r.bytes).padStart(8)} ${r.url}`),
  ].join('\n')
  fs.writeFileSync(path.join(dir, 'console.txt'), report)
  await page.screenshot({ path: path.join(dir, 'failure.png'), fullPage: true, timeout: 5000 }).catch(() => {})
  const html = await page.content().catch(() => '')
  if (html) fs.writeFileSync(path.join(dir, 'page.html'), html)
  return dir
}

/** Rejects after `ms`, so a slow test still leaves its artifacts before Jest gives up. */
function deadline(ms: number): { promise: Promise<never>; cancel(): void } {
  let timer: NodeJS.Timeout | undefined
  const promise = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`test did not finish within ${ms} ms`)), ms)
  })
  return { promise, cancel: () => clearTimeout(timer) }
}

export function e2eTest(name: string, fn: (t: E2E) => Promise<void>, opts: E2EOptions = {}): void {
  const timeoutMs = opts.timeoutMs ?? 30_000
  test(
    name,
    async () => {
      const { baseUrl } = e2eEnv()
      const b = await connectBrowser()
      const context = await b.newContext({ viewport: { width: 375, height: 667 }, locale: 'zh-CN', deviceScaleFactor: 2 })
      const page = await context.newPage()
      // One budget for the whole test: a single wait may use all of it (2G loads take ~30 s).
      page.setDefaultTimeout(timeoutMs)
      const consoleLines: string[] = []
      const responses: SeenResponse[] = []
      let failPage: (e: Error) => void = () => {}
      const pageProblem = new Promise<never>((_, reject) => {
        failPage = reject
      })
      pageProblem.catch(() => {}) // raced below; this only marks it handled
      page.on('console', (m) => {
        const where = m.location().url ? ` (${m.location().url}:${m.location().lineNumber})` : ''
        consoleLines.push(`[${m.type()}] ${m.text()}${where}`)
        if (m.type() === 'error' && !opts.allowConsoleErrors?.some((re) => re.test(m.text()))) {
          failPage(new Error(`console error on the page: ${m.text()}${where}`))
        }
      })
      page.on('pageerror', (e) => {
        consoleLines.push(`[pageerror] ${e.stack ?? e.message}`)
        failPage(new Error(`uncaught error on the page: ${e.message}`))
      })
      page.on('requestfailed', (r) => consoleLines.push(`[requestfailed] ${r.url()} ${r.failure()?.errorText ?? ''}`))
      page.on('response', (r) => {
        const h = r.headers()
        responses.push({
          url: r.url(),
          status: r.status(),
          encoding: h['content-encoding'] ?? 'identity',
          type: h['content-type'] ?? '',
          bytes: Number(h['content-length'] ?? 0),
        })
      })
      const t: E2E = {
        page,
        context,
        baseUrl,
        responses,
        consoleLines,
        async openApp(app, p = '', o = {}) {
          if (!fs.existsSync(path.join(repoRoot, 'apps', app, 'dist', 'h5', 'index.html'))) {
            throw new Error(`${app} has no H5 build (apps/${app}/dist/h5): run \`node scripts/build.mjs h5 ${app}\` first`)
          }
          const res = await page.goto(new URL(`${app}/${p}`, baseUrl).href, { waitUntil: o.waitUntil ?? 'load' })
          if (!res) throw new Error(`no response for /${app}/${p}`)
          if (!res.ok()) throw new Error(`/${app}/${p} answered ${res.status()}`)
          return res
        },
        setNetwork: (profile) => setNetwork(page, profile),
        async screenshot(shot) {
          const file = path.join(resultsDir, 'screenshots', `${slug(shot)}.png`)
          fs.mkdirSync(path.dirname(file), { recursive: true })
          await page.screenshot({ path: file })
          return file
        },
      }
      const limit = deadline(timeoutMs - 2_000)
      try {
        if (opts.network) await t.setNetwork(opts.network)
        await Promise.race([fn(t), pageProblem, limit.promise])
        // An error that arrived as the body finished still counts.
        await Promise.race([pageProblem, Promise.resolve()])
      } catch (error) {
        const state = expect.getState()
        const file = path.basename(state.testPath ?? 'unknown', '.test.ts')
        const dir = await saveArtifacts(path.join(resultsDir, slug(`${file}-${state.currentTestName ?? name}`)), page, consoleLines, responses, error)
        if (error instanceof Error) error.message += `\n(screenshot, HTML and console saved in ${path.relative(process.cwd(), dir)})`
        throw error
      } finally {
        limit.cancel()
        await context.close().catch(() => {})
      }
    },
    timeoutMs,
  )
}
