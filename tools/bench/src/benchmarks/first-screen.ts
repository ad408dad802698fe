// 2. First screen on slow links: each app's H5 home page in headless Chromium under CDP-throttled
// 2G / Slow 3G / Fast 3G, cold (cache disabled) and warm (code cached, data and images travel),
// median of several runs, timed to the page's first-screen marker; beside it, the same page
// loaded with the SDK's image policy off (`?imagePolicy=off`), and the ratio of the two.
import { chromium, type Browser, type Page } from 'playwright-core'
import { CHROMIUM_ARGS, chromiumPath } from '../../../e2e/src/chromium'
import { NETWORK_PROFILES, type NetworkProfile } from '../../../e2e/src/network'
import { startApiEnv } from '../api-env'
import { median } from '../stats'
import type { Benchmark, ChartGroup, Headline } from '../types'
import { APPS } from './sizes'
import { pool } from '../pool'

/**
 * The first-screen contract (README, "The first-screen marker"): each home page's root element
 * carries `data-first-screen`, "loading" until the first screen's real content (or the error or
 * empty state standing in for it) has rendered, then "ready". The time to first screen is when
 * an element with the ready value first appears in the document.
 */
export const FIRST_SCREEN_ATTRIBUTE = 'data-first-screen'
export const FIRST_SCREEN_READY = `[${FIRST_SCREEN_ATTRIBUTE}="ready"]`
/** The query that turns the SDK's image policy off on H5 (IMAGE_POLICY_OFF_PARAM in the SDK). */
export const IMAGE_POLICY_OFF_QUERY = '?imagePolicy=off'

const PROFILES = ['2G', 'Slow 3G', 'Fast 3G'] as const
type ProfileName = (typeof PROFILES)[number]
type Mode = 'cold' | 'warm'
type Policy = 'on' | 'off'

/** How long each wait of one page load may take: every wait is bounded and says why it gave up. */
export interface LoadLimits {
  /** Navigation start → marker. */
  markerMs: number
  /** Marker → images in (network quiet). */
  imagesMs: number
  /** No network event at all for this long while requests are in flight = the load is stuck. */
  stallMs: number
  /** Nothing in flight and no network event for this long, and still no marker = the page will not set it. */
  idleMs: number
}
/** No more network for this long = the page's images are in (or not coming: tap to load). */
const QUIET_MS = 1500
const POLL_MS = 100

export type LoadFailure = 'no-marker' | 'idle' | 'stalled' | 'timeout' | 'http-error' | 'page-error' | 'crashed' | 'error'

/** What a request carried: the app's code (HTML, JS, CSS, fonts, icons), API data (JSON), or photos (`/api/media/`). */
export type TransferKind = 'code' | 'data' | 'images'

/** The kind of a request by its URL (see TransferKind). */
export function transferKind(url: string): TransferKind {
  const { pathname } = new URL(url)
  if (pathname.startsWith('/api/media/')) return 'images'
  if (pathname.startsWith('/api/')) return 'data'
  return 'code'
}

/** One request that went to the network during the measured load, in the order it finished. */
export interface Transfer {
  /** Path and query (same origin). */
  path: string
  kind: TransferKind
  /** Encoded bytes on the wire, headers included (CDP encodedDataLength). */
  bytes: number
}

/** Bytes per kind, summed over transfers. */
export function bytesByKind(transfers: readonly Transfer[]): Record<TransferKind, number> {
  const out: Record<TransferKind, number> = { code: 0, data: 0, images: 0 }
  for (const t of transfers) out[t.kind] += t.bytes
  return out
}

export interface LoadSample {
  bytes: number
  /** Every request that finished while counting, with its bytes: the breakdown of `bytes`. */
  transfers: Transfer[]
  /** Requests that went to the network (not answered from the HTTP cache). */
  requests: number
  cachedRequests: number
  firstScreenMs: number | null
  /**
   * Chromium's first-contentful-paint (else first-paint), ms from navigation start: when
   * anything at all is on screen — on a slow link, the placeholder the HTML carries
   * (tools/taro-config/index.html) long before the first screen.
   */
  firstPaintMs: number | null
  imagesMs: number | null
  mediaBytes: number
  mediaRequests: number
  /** Photos the page's API answers named (photo objects with a ThumbHash): does this page show images at all? */
  photosInData: number
  /** The images phase ended at its deadline or stalled with photos still coming. */
  imagesCutShort?: boolean
  failure?: LoadFailure
  error?: string
  /** A first attempt that failed for a reason that may pass (a stall, a crash) before this sample. */
  retriedAfter?: string
}

/** Photo objects in an API answer: anything with a string `id` and `thumbhash` (MediaMeta / PhotoRef). */
export function countPhotos(value: unknown): number {
  if (Array.isArray(value)) return value.reduce((n: number, v) => n + countPhotos(v), 0)
  if (!value || typeof value !== 'object') return 0
  const o = value as Record<string, unknown>
  const self = typeof o.id === 'string' && typeof o.thumbhash === 'string' ? 1 : 0
  return self + Object.values(o).reduce((n: number, v) => n + countPhotos(v), 0)
}

/**
 * Records, in the page, when the first ready marker appears: `performance.now()` is ms since this
 * document's navigation started, so polling adds nothing to the figure. Runs before the app's code.
 */
const MARKER_WATCH = `(() => {
  const check = () => {
    if (window.__tyFirstScreenAt === undefined && document.querySelector('${FIRST_SCREEN_READY}')) window.__tyFirstScreenAt = performance.now()
  }
  new MutationObserver(check).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['${FIRST_SCREEN_ATTRIBUTE}'] })
})()`

interface MarkerState {
  at: number | null
  /** The attribute's value on the first element that has it; null when no element has it. */
  value: string | null
}

const readMarker = (page: Page): Promise<MarkerState> =>
  page.evaluate(`({ at: window.__tyFirstScreenAt ?? null, value: document.querySelector('[${FIRST_SCREEN_ATTRIBUTE}]')?.getAttribute('${FIRST_SCREEN_ATTRIBUTE}') ?? null })`) as Promise<MarkerState>

/** Chromium's paint timing for this document: first-contentful-paint, else first-paint; null before any. */
const readFirstPaint = (page: Page): Promise<number | null> =>
  page
    .evaluate(
      `(() => { const p = Object.fromEntries(performance.getEntriesByType('paint').map((e) => [e.name, e.startTime])); const ms = p['first-contentful-paint'] ?? p['first-paint']; return ms === undefined ? null : Math.round(ms) })()`,
    )
    .then((v) => (typeof v === 'number' ? v : null))
    .catch(() => null)

class LoadError extends Error {
  constructor(
    readonly failure: LoadFailure,
    message: string,
  ) {
    super(message)
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
const seconds = (ms: number) => `${Math.round(ms / 100) / 10} s`

export async function loadOnce(browser: Browser, origin: string, app: string, profile: NetworkProfile, mode: Mode, policy: Policy, limits: LoadLimits): Promise<LoadSample> {
  const url = `${origin}/${app}/${policy === 'off' ? IMAGE_POLICY_OFF_QUERY : ''}`
  const context = await browser.newContext({ viewport: { width: 375, height: 667 }, deviceScaleFactor: 2, isMobile: true })
  const sample: LoadSample = { bytes: 0, transfers: [], requests: 0, cachedRequests: 0, firstScreenMs: null, firstPaintMs: null, imagesMs: null, mediaBytes: 0, mediaRequests: 0, photosInData: 0 }
  // What the network is doing, from CDP: the stall, idle and quiet checks read it.
  const inflight = new Map<string, string>()
  let counting = false
  let lastEvent = Date.now()
  /** The last event of a request for the app's code (anything but /api/): priming waits on these only. */
  let lastCodeEvent = Date.now()
  let lastMedia: number | null = null
  let crashed = false
  let broken: string | null = null
  try {
    await context.addInitScript(MARKER_WATCH)
    const page = await context.newPage()
    page.on('crash', () => (crashed = true))
    page.on('pageerror', (e) => {
      // A chunk that cannot load means a page that cannot render: no use waiting for it.
      if (/ChunkLoadError|Loading (CSS )?chunk/.test(`${e.name} ${e.message}`)) broken ??= `${e.name}: ${e.message.split('\n')[0]}`
    })
    const cdp = await context.newCDPSession(page)
    await cdp.send('Network.enable')
    cdp.on('Network.requestWillBeSent', (e: { requestId: string; request: { url: string } }) => {
      if (e.request.url.startsWith('data:')) return
      lastEvent = Date.now()
      if (!e.request.url.includes('/api/')) lastCodeEvent = lastEvent
      inflight.set(e.requestId, e.request.url)
      if (counting) sample.requests++
    })
    cdp.on('Network.requestServedFromCache', (e: { requestId: string }) => {
      if (!counting || !inflight.has(e.requestId)) return
      sample.requests--
      sample.cachedRequests++
    })
    cdp.on('Network.responseReceived', (e: { requestId: string; response: { url: string; status: number } }) => {
      lastEvent = Date.now()
      // The build's own files and the page itself must arrive: a 404 or 503 here is a build
      // that is missing or half replaced, and the page will never show its first screen.
      const { pathname } = new URL(e.response.url)
      if (counting && e.response.status >= 400 && pathname.startsWith(`/${app}/`)) broken ??= `GET ${pathname} answered ${e.response.status}`
    })
    cdp.on('Network.dataReceived', () => (lastEvent = Date.now()))
    cdp.on('Network.loadingFinished', (e: { requestId: string; encodedDataLength: number }) => {
      const u = inflight.get(e.requestId)
      inflight.delete(e.requestId)
      lastEvent = Date.now()
      if (u !== undefined && !u.includes('/api/')) lastCodeEvent = lastEvent
      if (u === undefined || !counting) return
      sample.bytes += e.encodedDataLength
      const { pathname, search } = new URL(u)
      sample.transfers.push({ path: pathname + search, kind: transferKind(u), bytes: e.encodedDataLength })
      if (u.includes('/api/media/')) {
        sample.mediaBytes += e.encodedDataLength
        sample.mediaRequests++
        lastMedia = Date.now()
      }
    })
    cdp.on('Network.loadingFailed', (e: { requestId: string }) => {
      const u = inflight.get(e.requestId)
      inflight.delete(e.requestId)
      lastEvent = Date.now()
      if (u !== undefined && !u.includes('/api/')) lastCodeEvent = lastEvent
    })
    page.on('response', (res) => {
      if (!counting || !res.url().includes('/api/') || !(res.headers()['content-type'] ?? '').includes('json')) return
      res.json().then(
        (body: unknown) => (sample.photosInData += countPhotos(body)),
        () => undefined,
      )
    })
    /** Waits until no request for the app's code is in flight or has moved for `quietMs` (bounded; true when it got there). */
    const codeQuiet = async (quietMs: number, deadline: number): Promise<boolean> => {
      while (Date.now() < deadline) {
        if (![...inflight.values()].some((u) => !u.includes('/api/')) && Date.now() - lastCodeEvent >= quietMs) return true
        await sleep(POLL_MS)
      }
      return false
    }
    const inFlightNow = () => [...inflight.values()].map((u) => new URL(u).pathname).join(', ')

    if (mode === 'warm') {
      // Prime the HTTP cache with the code only (API blocked), unthrottled, as WeChat keeps the
      // package; done when the code has been quiet for a second (the page chunks are in). The
      // SDK keeps retrying the blocked API calls meanwhile: those are not waited for.
      await cdp.send('Network.setBlockedURLs', { urls: ['*/api/*'] })
      await page.goto(url, { waitUntil: 'load', timeout: limits.markerMs })
      if (!(await codeQuiet(1000, Date.now() + limits.markerMs))) throw new LoadError('timeout', `priming the cache: still loading after ${seconds(limits.markerMs)} (${inFlightNow()})`)
      await page.goto('about:blank')
      await cdp.send('Network.setBlockedURLs', { urls: [] })
    } else {
      await cdp.send('Network.setCacheDisabled', { cacheDisabled: true })
    }
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: profile.latencyMs,
      downloadThroughput: (profile.downKbps * 1000) / 8,
      uploadThroughput: (profile.upKbps * 1000) / 8,
    })
    inflight.clear()
    counting = true
    const t0 = Date.now()
    lastEvent = t0
    await page.goto(url, { waitUntil: 'commit', timeout: limits.markerMs })

    // Wait for the marker; give up early, saying why, when the page cannot get there.
    for (;;) {
      const marker = await readMarker(page).catch(() => ({ at: null, value: null }))
      if (marker.at !== null) {
        sample.firstScreenMs = Math.round(marker.at)
        sample.firstPaintMs = await readFirstPaint(page)
        break
      }
      const now = Date.now()
      if (crashed) throw new LoadError('crashed', 'the page crashed (its renderer is gone)')
      if (broken) throw new LoadError('http-error', `${broken}: the H5 build is missing or incomplete`)
      if (inflight.size > 0 && now - lastEvent >= limits.stallMs) throw new LoadError('stalled', `no network progress for ${seconds(limits.stallMs)} with ${inflight.size} request(s) in flight (${inFlightNow()})`)
      if (inflight.size === 0 && now - lastEvent >= limits.idleMs) {
        throw marker.value === null
          ? new LoadError('no-marker', `the page went quiet for ${seconds(limits.idleMs)} and no element has ${FIRST_SCREEN_ATTRIBUTE}: the app does not set the first-screen marker`)
          : new LoadError('idle', `the page went quiet for ${seconds(limits.idleMs)} with ${FIRST_SCREEN_ATTRIBUTE}="${marker.value}", never "ready"`)
      }
      if (now - t0 >= limits.markerMs) throw new LoadError('timeout', `no ${FIRST_SCREEN_READY} within ${seconds(limits.markerMs)} (${FIRST_SCREEN_ATTRIBUTE}: ${marker.value ?? 'absent'}; in flight: ${inFlightNow() || 'nothing'})`)
      await sleep(POLL_MS)
    }

    // Then the images: until the network is quiet, bounded, and not past a stall.
    const deadline = Date.now() + limits.imagesMs
    while (Date.now() < deadline && !crashed) {
      const now = Date.now()
      if (inflight.size === 0 && now - lastEvent >= QUIET_MS) break
      if (inflight.size > 0 && now - lastEvent >= limits.stallMs) break
      await sleep(POLL_MS)
    }
    sample.imagesCutShort = [...inflight.values()].some((u) => u.includes('/api/media/'))
    const mediaDone: number | null = lastMedia
    sample.imagesMs = mediaDone === null ? null : mediaDone - t0
  } catch (e) {
    sample.failure = e instanceof LoadError ? e.failure : 'error'
    sample.error = (e as Error).message.split('\n')[0]
  } finally {
    await context.close().catch(() => undefined)
  }
  return sample
}

/** Failures that may not recur (a stuck transfer, a crashed renderer, a timeout): worth one more try. */
const MAY_PASS: ReadonlySet<LoadFailure> = new Set(['stalled', 'crashed', 'timeout', 'error'])

async function loadWithRetry(...args: Parameters<typeof loadOnce>): Promise<LoadSample> {
  const first = await loadOnce(...args)
  if (!first.failure || !MAY_PASS.has(first.failure)) return first
  return { ...(await loadOnce(...args)), retriedAfter: first.error }
}

/**
 * Issue #17's goals for the H5 first screen, checked in every run: for the market and the clinic
 * (the home pages with data and photos), a cold first screen of at most 100 KB on the wire,
 * data and images included (measured on Fast 3G, where photos load by themselves; on 2G they wait
 * for a tap), and at most 25 s on 2G; a warm first screen (code cached) of at most 20 KB.
 */
export const FIRST_SCREEN_GOALS: { apps: readonly string[]; coldBytes: number; cold2gMs: number; warmBytes: number; bytesProfile: ProfileName } = { apps: ['market', 'clinic'], coldBytes: 100 * 1024, cold2gMs: 25_000, warmBytes: 20 * 1024, bytesProfile: 'Fast 3G' }

/** Each kind's median over the samples given (null when there are none). */
export function medianByKind(samples: readonly Pick<LoadSample, 'transfers'>[]): Record<TransferKind, number | null> {
  const kinds = samples.map((s) => bytesByKind(s.transfers))
  return { code: median(kinds.map((k) => k.code)), data: median(kinds.map((k) => k.data)), images: median(kinds.map((k) => k.images)) }
}

/** What firstScreenGoals reads of a cell. */
export type GoalCell = Pick<Cell, 'app' | 'profile' | 'mode' | 'bytes' | 'firstScreenMs' | 'byKind'>

/**
 * The goals' lines for the report: a headline per goal app with its cold first-screen bytes
 * against the 100 KB goal, and a note per goal app and cell that has a goal, saying the split
 * (code / data / images) and whether it was met. Cells that did not run (2G in a quick run) are left out.
 */
export function firstScreenGoals(cells: readonly GoalCell[]): { headlines: Headline[]; notes: string[] } {
  const headlines: Headline[] = []
  const notes: string[] = []
  const kb = (b: number | null) => (b == null ? '—' : `${(b / 1024).toFixed(1)} KB`)
  const verdict = (value: number | null, goal: number, unit: 'B' | 'ms') => {
    if (value == null) return 'no figure (the load failed)'
    const over = value - goal
    const show = (v: number) => (unit === 'B' ? kb(v) : `${(v / 1000).toFixed(1)} s`)
    return over <= 0 ? `met (${show(-over)} to spare)` : `**not met** (${show(over)} over)`
  }
  for (const app of FIRST_SCREEN_GOALS.apps) {
    const cold = cells.find((c) => c.app === app && c.mode === 'cold' && c.profile === FIRST_SCREEN_GOALS.bytesProfile)
    if (cold) {
      headlines.push({ metric: `${app} cold first screen: bytes incl. data and images (${cold.profile})`, value: cold.bytes, baseline: FIRST_SCREEN_GOALS.coldBytes, unit: 'B', baselineLabel: `goal ≤ ${FIRST_SCREEN_GOALS.coldBytes / 1024} KB` })
      notes.push(
        `Goal, ${app} cold first screen ≤ ${FIRST_SCREEN_GOALS.coldBytes / 1024} KB (${cold.profile}): ${kb(cold.bytes)} = code ${kb(cold.byKind.code)} + data ${kb(cold.byKind.data)} + images ${kb(cold.byKind.images)} — ${verdict(cold.bytes, FIRST_SCREEN_GOALS.coldBytes, 'B')}.`,
      )
    }
    const cold2g = cells.find((c) => c.app === app && c.mode === 'cold' && c.profile === '2G')
    if (cold2g) notes.push(`Goal, ${app} cold first screen on 2G ≤ ${FIRST_SCREEN_GOALS.cold2gMs / 1000} s: ${cold2g.firstScreenMs == null ? '—' : `${(cold2g.firstScreenMs / 1000).toFixed(1)} s`} for ${kb(cold2g.bytes)} — ${verdict(cold2g.firstScreenMs, FIRST_SCREEN_GOALS.cold2gMs, 'ms')}.`)
    for (const warm of cells.filter((c) => c.app === app && c.mode === 'warm')) {
      notes.push(`Goal, ${app} warm first screen ≤ ${FIRST_SCREEN_GOALS.warmBytes / 1024} KB (${warm.profile}): ${kb(warm.bytes)} = code ${kb(warm.byKind.code)} + data ${kb(warm.byKind.data)} + images ${kb(warm.byKind.images)} — ${verdict(warm.bytes, FIRST_SCREEN_GOALS.warmBytes, 'B')}.`)
    }
  }
  return { headlines, notes }
}

interface Cell {
  app: string
  profile: ProfileName
  mode: Mode
  runs: number
  errors: string[]
  retried: string[]
  bytes: number | null
  requests: number | null
  cachedRequests: number | null
  firstScreenMs: number | null
  firstPaintMs: number | null
  imagesMs: number | null
  mediaBytes: number | null
  /** Median bytes per kind (each kind's median over the successful runs). */
  byKind: Record<TransferKind, number | null>
  samples: LoadSample[]
  /** The same page with the image policy off (one load: bytes do not vary between runs). */
  off: LoadSample | null
}

export const firstScreenBenchmark: Benchmark = {
  name: 'first-screen',
  title: 'First screen on slow links (H5)',
  async run(ctx) {
    const runs = ctx.quick ? 1 : Number(process.env.BENCH_RUNS ?? 3)
    const profiles: ProfileName[] = ctx.quick ? ['Fast 3G'] : [...PROFILES]
    // Quick: Fast 3G only, a home page shows in ~3 s cold. Full: 2G cold takes ~40 s, and with the
    // policy off its photos another ~30 s.
    const limits: LoadLimits = ctx.quick ? { markerMs: 30_000, imagesMs: 20_000, stallMs: 15_000, idleMs: 10_000 } : { markerMs: 120_000, imagesMs: 150_000, stallMs: 30_000, idleMs: 20_000 }
    const notes: string[] = []
    const env = await startApiEnv({ seed: true, seedClinic: true, withApps: true, buildWaitMs: ctx.quick ? 30_000 : 180_000, log: ctx.log })
    const apps = APPS.filter((a) => env.apps.some((x) => x.name === a))
    for (const s of env.skippedApps) notes.push(`${s.name} skipped: ${s.why}.`)
    const browser = await chromium.launch({ executablePath: chromiumPath(), headless: true, args: CHROMIUM_ARGS })
    try {
      // An app whose page never sets the marker fails once, clearly, and is not loaded again.
      const noMarker = new Map<string, string>()
      const measure = async (app: string, profile: ProfileName, mode: Mode, policy: Policy, n: number): Promise<LoadSample[]> => {
        const samples: LoadSample[] = []
        for (let i = 0; i < n && !noMarker.has(app); i++) {
          const s = await loadWithRetry(browser, env.origin, app, NETWORK_PROFILES[profile], mode, policy, limits)
          if (s.failure === 'no-marker' && s.error) noMarker.set(app, s.error)
          samples.push(s)
        }
        return samples
      }
      const jobs = apps.flatMap((app) => profiles.flatMap((profile) => (['cold', 'warm'] as Mode[]).map((mode) => ({ app, profile, mode }))))
      // Two pages load at a time, each throttled on its own.
      const cells: Cell[] = await pool(jobs, 2, async ({ app, profile, mode }) => {
        const samples = await measure(app, profile, mode, 'on', runs)
        const ok = samples.filter((s) => !s.failure)
        const cell: Cell = {
          app,
          profile,
          mode,
          runs: samples.length,
          errors: samples.filter((s) => s.error).map((s) => s.error as string),
          retried: samples.filter((s) => s.retriedAfter).map((s) => s.retriedAfter as string),
          bytes: median(ok.map((s) => s.bytes)),
          requests: median(ok.map((s) => s.requests)),
          cachedRequests: median(ok.map((s) => s.cachedRequests)),
          firstScreenMs: median(ok.map((s) => s.firstScreenMs)),
          firstPaintMs: median(ok.map((s) => s.firstPaintMs)),
          imagesMs: median(ok.map((s) => s.imagesMs)),
          mediaBytes: median(ok.map((s) => s.mediaBytes)),
          byKind: medianByKind(ok),
          samples,
          off: null,
        }
        ctx.log(`${app} ${profile} ${mode}: first paint ${cell.firstPaintMs ?? '—'} ms, first screen ${cell.firstScreenMs ?? '—'} ms, ${cell.bytes ?? '—'} B in ${cell.requests ?? '—'} requests${cell.errors.length ? ` (${cell.errors.length} failed: ${cell.errors[0]})` : ''}`)
        return cell
      })
      // The same pages with the image policy off — for the apps whose home page shows photos.
      const withPhotos: string[] = apps.filter((app) => cells.some((c) => c.app === app && c.samples.some((s) => s.photosInData > 0 || s.mediaRequests > 0)))
      await pool(
        cells.filter((c) => withPhotos.includes(c.app) && c.firstScreenMs !== null),
        2,
        async (cell) => {
          cell.off = (await measure(cell.app, cell.profile, cell.mode, 'off', 1))[0] ?? null
          const off = cell.off
          ctx.log(`${cell.app} ${cell.profile} ${cell.mode}, image policy off: ${off?.failure ? `failed: ${off.error}` : `${off?.bytes} B, images in ${off?.imagesMs ?? '—'} ms`}`)
        },
      )

      const kb = (b: number | null | undefined) => (b == null ? '—' : (b / 1024).toFixed(1))
      const s1 = (ms: number | null | undefined) => (ms == null ? '—' : (ms / 1000).toFixed(1))
      const offBytes = (c: Cell) => (c.off && !c.off.failure ? c.off.bytes : null)
      const rows = cells.map((c) => [
        c.app,
        c.profile,
        c.mode,
        s1(c.firstPaintMs),
        c.firstScreenMs == null ? (noMarker.has(c.app) ? 'no marker' : 'failed') : s1(c.firstScreenMs),
        s1(c.imagesMs),
        kb(c.bytes),
        kb(c.byKind.code),
        kb(c.byKind.data),
        kb(c.byKind.images),
        c.requests == null ? '—' : `${c.requests} (+${c.cachedRequests ?? 0} cached)`,
        c.off ? kb(offBytes(c)) : '—',
        c.off ? s1(c.off.imagesMs) + (c.off.imagesCutShort ? ' (cut short)' : '') : '—',
        c.bytes && offBytes(c) ? `${((offBytes(c) as number) / c.bytes).toFixed(2)}×` : '—',
        `${c.samples.filter((s) => !s.failure).length}/${c.runs}`,
      ])
      const groups: ChartGroup[] = apps.flatMap((app) =>
        (['cold', 'warm'] as Mode[]).map((mode) => ({
          label: `${app} ${mode}`,
          bars: cells.filter((c) => c.app === app && c.mode === mode).map((c) => ({ series: c.profile, value: c.firstScreenMs ?? limits.markerMs })),
        })),
      )
      const headlines: Headline[] = []
      for (const c of cells.filter((x) => x.profile === (ctx.quick ? 'Fast 3G' : '2G'))) {
        headlines.push({ metric: `${c.app} ${c.profile} ${c.mode}: first paint`, value: c.firstPaintMs, baseline: null, unit: 'ms', baselineLabel: '—' })
        const timeGoal = c.mode === 'cold' && c.profile === '2G' && FIRST_SCREEN_GOALS.apps.includes(c.app)
        headlines.push({ metric: `${c.app} ${c.profile} ${c.mode}: first screen`, value: c.firstScreenMs, baseline: timeGoal ? FIRST_SCREEN_GOALS.cold2gMs : null, unit: 'ms', baselineLabel: timeGoal ? `goal ≤ ${FIRST_SCREEN_GOALS.cold2gMs / 1000} s` : '—' })
        if (c.off) headlines.push({ metric: `${c.app} ${c.profile} ${c.mode}: bytes`, value: c.bytes, baseline: offBytes(c), unit: 'B', baselineLabel: 'image policy off' })
      }
      notes.push(
        `First paint: Chromium's \`first-contentful-paint\` (else \`first-paint\`) from the Performance API, ms from navigation start — when anything is on screen (the HTML's own placeholder: app name, skeleton, 正在加载…), read when the marker appears.`,
        `Marker: the first element with \`${FIRST_SCREEN_READY}\` in the document, timed in the page from navigation start (not \`load\`; the contract is in tools/bench/README.md). Images in: the last \`/api/media/\` response to finish before ${QUIET_MS / 1000} s of network quiet ("—": none loaded by themselves, e.g. tap-to-load on 2G).`,
        `Median of ${runs} run(s) per cell; viewport 375×667 at DPR 2; two pages load at a time (each throttled on its own). Warm = HTTP cache primed with the code while /api/* was blocked, then reloaded: only data and images travel. Bytes = encoded bytes on the wire incl. headers (CDP); code = the HTML, scripts, stylesheets and icons, data = \`/api/\` answers, images = \`/api/media/\` (each column the median of its own).`,
        `Policy off = the same page opened with \`${IMAGE_POLICY_OFF_QUERY}\`: the SDK's NetImage then shows each photo as a plain image of \`/api/media/:id\` (the API's default, 640 px q75 JPEG), at once, with no lazy loading, no placeholder and no tap on 2G; one load per cell (bytes do not vary between runs), for the apps whose home page shows photos${withPhotos.length ? ` (${withPhotos.join(', ')})` : ': none this run'}. Ratio = bytes off ÷ on.`,
        `Every wait is bounded: the marker ${seconds(limits.markerMs)}, the images ${seconds(limits.imagesMs)}; a load gives up early on a crashed page, a 4xx/5xx for the app's own files, ${seconds(limits.stallMs)} without network progress, or ${seconds(limits.idleMs)} of quiet without the marker. A stall, crash or timeout is retried once. The H5 builds are served from a copy taken at the start, so a rebuild during the run cannot change them.`,
      )
      const goals = firstScreenGoals(cells)
      headlines.push(...goals.headlines)
      notes.push(...goals.notes)
      for (const [app, why] of noMarker) notes.push(`**${app}: ${why}.**`)
      const retried = cells.flatMap((c) => c.retried.map((r) => `${c.app} ${c.profile} ${c.mode}: ${r}`))
      if (retried.length) notes.push(`Retried after: ${retried.join('; ')}.`)
      const failed = cells.filter((c) => c.firstScreenMs == null)
      const offFailed = cells.filter((c) => c.off?.failure)
      const problems = [
        ...env.skippedApps.filter((s) => !s.why.startsWith('not built')).map((s) => `${s.name}: ${s.why}`),
        ...[...noMarker.keys()].map((app) => `${app}: no ${FIRST_SCREEN_ATTRIBUTE} marker`),
        ...failed.filter((c) => !noMarker.has(c.app)).map((c) => `${c.app} ${c.profile} ${c.mode}: ${c.errors[c.errors.length - 1] ?? 'no first screen'}`),
        ...offFailed.map((c) => `${c.app} ${c.profile} ${c.mode} (policy off): ${c.off?.error}`),
      ]
      return {
        ok: problems.length === 0 && cells.length > 0,
        error: problems.length ? problems.join('; ') : cells.length ? undefined : 'no app built for H5',
        headlines,
        charts: [{ title: 'Time to first screen (median, ms)', unit: 'ms', groups }],
        table: { columns: ['app', 'profile', 'mode', 'first paint s', 'first screen s', 'images in s', 'KB', 'code KB', 'data KB', 'images KB', 'requests', 'policy off KB', 'policy off images in s', 'policy off ÷ on', 'runs ok'], rows },
        notes,
        data: cells,
      }
    } finally {
      await browser.close()
      await env.close()
    }
  },
}
