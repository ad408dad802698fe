// 2. First screen on slow links: each app's H5 home page in headless Chromium under CDP-throttled
// 2G / Slow 3G / Fast 3G, cold (cache disabled) and warm (code cached, data and images travel),
// median of several runs; beside it, the same page's bytes with the image policy off (the
// originals of the same media ids, fetched from the API).
import fs from 'node:fs'
import path from 'node:path'
import { chromium, type Browser } from 'playwright-core'
import { CHROMIUM_ARGS, chromiumPath } from '../../../e2e/src/chromium'
import { NETWORK_PROFILES, type NetworkProfile } from '../../../e2e/src/network'
import { bodyBytes, startApiEnv } from '../api-env'
import { median } from '../stats'
import type { Benchmark, ChartGroup, Headline } from '../types'
import { APPS } from './sizes'

/** The element each home page shows once its first screen's content is there. Apps: see the README. */
export const FIRST_SCREEN_MARKER = '#purpose'
const PROFILES = ['2G', 'Slow 3G', 'Fast 3G'] as const
type ProfileName = (typeof PROFILES)[number]
type Mode = 'cold' | 'warm'
/** No more network for this long = the page's images are in (or not coming: tap to load). */
const QUIET_MS = 1500

export interface LoadSample {
  bytes: number
  /** Requests that went to the network (not answered from the HTTP cache). */
  requests: number
  cachedRequests: number
  firstScreenMs: number | null
  imagesMs: number | null
  mediaBytes: number
  mediaIds: string[]
  error?: string
}

/** Media objects a screen will show: the first photo of each thing with `photos`, and any `photo`/`avatar` object. */
export function collectMediaIds(value: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(value)) {
    for (const v of value) collectMediaIds(v, out)
  } else if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>
    const photos = o.photos
    if (Array.isArray(photos) && photos[0] && typeof (photos[0] as { id?: unknown }).id === 'string') out.add((photos[0] as { id: string }).id)
    for (const k of ['photo', 'avatar']) {
      const p = o[k] as { id?: unknown; thumbhash?: unknown } | undefined
      if (p && typeof p.id === 'string' && typeof p.thumbhash === 'string') out.add(p.id)
    }
    for (const [k, v] of Object.entries(o)) if (k !== 'photos' && v && typeof v === 'object') collectMediaIds(v, out)
  }
  return out
}

async function loadOnce(browser: Browser, url: string, profile: NetworkProfile, mode: Mode, timeoutMs: number): Promise<LoadSample> {
  const context = await browser.newContext({ viewport: { width: 375, height: 667 }, deviceScaleFactor: 2, isMobile: true })
  const sample: LoadSample = { bytes: 0, requests: 0, cachedRequests: 0, firstScreenMs: null, imagesMs: null, mediaBytes: 0, mediaIds: [] }
  try {
    const page = await context.newPage()
    const cdp = await context.newCDPSession(page)
    await cdp.send('Network.enable')
    if (mode === 'warm') {
      // Prime the HTTP cache with the code only (API blocked), as WeChat keeps the package.
      await cdp.send('Network.setBlockedURLs', { urls: ['*/api/*'] })
      await page.goto(url, { waitUntil: 'load', timeout: timeoutMs })
      await page.locator(FIRST_SCREEN_MARKER).first().waitFor({ state: 'visible', timeout: timeoutMs })
      await page.goto('about:blank')
      await cdp.send('Network.setBlockedURLs', { urls: [] })
    } else {
      await cdp.send('Network.setCacheDisabled', { cacheDisabled: true })
    }
    const inflight = new Map<string, string>()
    let lastActivity = Date.now()
    let lastMedia: number | null = null
    const mediaIds = new Set<string>()
    cdp.on('Network.requestWillBeSent', (e: { requestId: string; request: { url: string } }) => {
      if (e.request.url.startsWith('data:')) return
      sample.requests++
      inflight.set(e.requestId, e.request.url)
      lastActivity = Date.now()
    })
    cdp.on('Network.requestServedFromCache', (e: { requestId: string }) => {
      if (!inflight.has(e.requestId)) return
      sample.requests--
      sample.cachedRequests++
    })
    cdp.on('Network.loadingFinished', (e: { requestId: string; encodedDataLength: number }) => {
      const u = inflight.get(e.requestId)
      inflight.delete(e.requestId)
      lastActivity = Date.now()
      if (u === undefined) return
      sample.bytes += e.encodedDataLength
      if (u.includes('/api/media/')) {
        sample.mediaBytes += e.encodedDataLength
        lastMedia = Date.now()
      }
    })
    cdp.on('Network.loadingFailed', (e: { requestId: string }) => {
      inflight.delete(e.requestId)
      lastActivity = Date.now()
    })
    page.on('response', (res) => {
      if (!res.url().includes('/api/') || !(res.headers()['content-type'] ?? '').includes('json')) return
      res.json().then(
        (body: unknown) => collectMediaIds(body, mediaIds),
        () => undefined,
      )
    })
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: profile.latencyMs,
      downloadThroughput: (profile.downKbps * 1000) / 8,
      uploadThroughput: (profile.upKbps * 1000) / 8,
    })
    const t0 = Date.now()
    const deadline = t0 + timeoutMs
    await page.goto(url, { waitUntil: 'commit', timeout: timeoutMs })
    await page.locator(FIRST_SCREEN_MARKER).first().waitFor({ state: 'visible', timeout: Math.max(1, deadline - Date.now()) })
    sample.firstScreenMs = Date.now() - t0
    while (Date.now() < deadline && (inflight.size > 0 || Date.now() - lastActivity < QUIET_MS)) await new Promise((r) => setTimeout(r, 100))
    const mediaDone: number | null = lastMedia
    sample.imagesMs = mediaDone === null ? null : mediaDone - t0
    sample.mediaIds = [...mediaIds]
  } catch (e) {
    sample.error = (e as Error).message.split('\n')[0]
  } finally {
    await context.close()
  }
  return sample
}

async function pool<T, R>(items: T[], n: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length)
  let next = 0
  await Promise.all(
    Array.from({ length: Math.min(n, items.length) }, async () => {
      while (next < items.length) {
        const i = next++
        out[i] = await fn(items[i] as T)
      }
    }),
  )
  return out
}

export const firstScreenBenchmark: Benchmark = {
  name: 'first-screen',
  title: 'First screen on slow links (H5)',
  async run(ctx) {
    const runs = ctx.quick ? 1 : Number(process.env.BENCH_RUNS ?? 3)
    const profiles: ProfileName[] = ctx.quick ? ['Fast 3G'] : [...PROFILES]
    const timeoutMs = ctx.quick ? 30_000 : 120_000
    const apps = APPS.filter((a) => fs.existsSync(path.join(ctx.root, 'apps', a, 'dist', 'h5', 'index.html')))
    const notes: string[] = []
    const missing = APPS.filter((a) => !apps.includes(a))
    if (missing.length) notes.push(`Not built for H5 (skipped): ${missing.join(', ')}.`)
    const env = await startApiEnv({ seed: true, withApps: true })
    const browser = await chromium.launch({ executablePath: chromiumPath(), headless: true, args: CHROMIUM_ARGS })
    const originals = new Map<string, number>()
    try {
      const jobs = apps.flatMap((app) => profiles.flatMap((profile) => (['cold', 'warm'] as Mode[]).map((mode) => ({ app, profile, mode }))))
      const cells = await pool(jobs, 2, async ({ app, profile, mode }) => {
        const samples: LoadSample[] = []
        for (let i = 0; i < runs; i++) samples.push(await loadOnce(browser, `${env.origin}/${app}/`, NETWORK_PROFILES[profile], mode, timeoutMs))
        for (const s of samples) for (const id of s.mediaIds) if (!originals.has(id)) originals.set(id, (await bodyBytes(`${env.origin}/api/media/${id}`)).bytes)
        const policyOff = samples.map((s) => s.bytes - s.mediaBytes + s.mediaIds.reduce((a, id) => a + (originals.get(id) ?? 0), 0))
        const cell = {
          app,
          profile,
          mode,
          runs: samples.length,
          errors: samples.filter((s) => s.error).map((s) => s.error as string),
          bytes: median(samples.map((s) => s.bytes)),
          requests: median(samples.map((s) => s.requests)),
          cachedRequests: median(samples.map((s) => s.cachedRequests)),
          firstScreenMs: median(samples.map((s) => s.firstScreenMs)),
          imagesMs: median(samples.map((s) => s.imagesMs)),
          mediaBytes: median(samples.map((s) => s.mediaBytes)),
          policyOffBytes: median(policyOff),
          samples,
        }
        ctx.log(`${app} ${profile} ${mode}: first screen ${cell.firstScreenMs ?? '—'} ms, ${cell.bytes ?? '—'} B in ${cell.requests ?? '—'} requests${cell.errors.length ? ` (${cell.errors.length} failed: ${cell.errors[0]})` : ''}`)
        return cell
      })
      const rows = cells.map((c) => [
        c.app,
        c.profile,
        c.mode,
        c.firstScreenMs == null ? 'timeout' : (c.firstScreenMs / 1000).toFixed(1),
        c.imagesMs == null ? '—' : (c.imagesMs / 1000).toFixed(1),
        c.bytes == null ? '—' : (c.bytes / 1024).toFixed(1),
        `${c.requests ?? '—'} (+${c.cachedRequests ?? 0} cached)`,
        c.policyOffBytes == null ? '—' : (c.policyOffBytes / 1024).toFixed(1),
        c.bytes && c.policyOffBytes ? `${(c.policyOffBytes / c.bytes).toFixed(2)}×` : '—',
        `${c.runs - c.errors.length}/${c.runs}`,
      ])
      const groups: ChartGroup[] = apps.flatMap((app) =>
        (['cold', 'warm'] as Mode[]).map((mode) => ({
          label: `${app} ${mode}`,
          bars: cells.filter((c) => c.app === app && c.mode === mode).map((c) => ({ series: c.profile, value: c.firstScreenMs ?? timeoutMs })),
        })),
      )
      const headlines: Headline[] = []
      for (const c of cells.filter((x) => x.profile === (ctx.quick ? 'Fast 3G' : '2G'))) {
        headlines.push({ metric: `${c.app} ${c.profile} ${c.mode}: first screen`, value: c.firstScreenMs, baseline: null, unit: 'ms', baselineLabel: '—' })
        if (c.app === 'market' && c.mode === 'warm') headlines.push({ metric: `market ${c.profile} warm: bytes`, value: c.bytes, baseline: c.policyOffBytes, unit: 'B', baselineLabel: 'image policy off' })
      }
      notes.push(`Marker: first visible \`${FIRST_SCREEN_MARKER}\` after navigation starts (not \`load\`). Images in: the last \`/api/media/\` response to finish before ${QUIET_MS / 1000} s of network quiet ("—": none loaded by themselves, e.g. tap-to-load on 2G).`)
      notes.push(`Median of ${runs} run(s) per cell; viewport 375×667 at DPR 2; two pages load at a time (each throttled on its own). Warm = HTTP cache primed with the code while /api/* was blocked, then reloaded: only data and images travel. Bytes = encoded bytes on the wire incl. headers (CDP).`)
      notes.push('Policy off = the same page with each media id on it fetched as `/api/media/:id` (no `w`: 640 px q75 JPEG) instead of the variants NetImage chose, computed from the API (the SDK has no switch to turn the policy off in the browser yet).')
      const failures = cells.filter((c) => c.firstScreenMs == null)
      return {
        ok: ctx.quick ? failures.length === 0 : true,
        error: failures.length ? `no first screen within ${timeoutMs / 1000} s: ${failures.map((c) => `${c.app} ${c.profile} ${c.mode}`).join(', ')}` : undefined,
        headlines,
        charts: [{ title: 'Time to first screen (median, ms)', unit: 'ms', groups }],
        table: { columns: ['app', 'profile', 'mode', 'first screen s', 'images in s', 'KB', 'requests', 'policy off KB', 'policy off ÷ on', 'runs ok'], rows },
        notes,
        data: cells,
      }
    } finally {
      await browser.close()
      await env.close()
    }
  },
}
