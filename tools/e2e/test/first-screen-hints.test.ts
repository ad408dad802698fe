// The H5 page's first-screen hints (tools/taro-config/first-screen-hints.js) in Chromium, for each
// app: on a first visit to the home page the HTML itself starts the home page's chunk and its API
// reads while the app's code loads, and the app then uses each of them exactly once; a later visit
// (answers kept on the phone, revalidated by ETag) and another route load as they always did.
import type { CDPSession } from 'playwright-core'
import { e2eTest, type AppName, type E2E } from '../src/fixture'
import { waitForFirstScreen } from '../src/smoke'

const APPS: AppName[] = ['market', 'clinic', 'classroom', 'microloan']

interface Sent {
  url: string
  /** The script that sent it (the page's HTML for the inline hints, a /js/ file for the app), or the parser. */
  from: string
  ifNoneMatch: boolean
}

async function recordRequests(t: E2E): Promise<{ sent: Sent[]; cdp: CDPSession }> {
  const cdp = await t.context.newCDPSession(t.page)
  await cdp.send('Network.enable')
  const sent: Sent[] = []
  cdp.on('Network.requestWillBeSent', (e: { request: { url: string; headers: Record<string, string> }; initiator: { type: string; url?: string; stack?: { callFrames: { url: string }[] } } }) => {
    if (e.request.url.startsWith('data:')) return
    const from = e.initiator.stack?.callFrames.find((f) => f.url)?.url ?? e.initiator.url ?? e.initiator.type
    const ifNoneMatch = Object.keys(e.request.headers).some((h) => h.toLowerCase() === 'if-none-match')
    sent.push({ url: e.request.url, from, ifNoneMatch })
  })
  return { sent, cdp }
}

const isApiRead = (url: string) => new URL(url).pathname.startsWith('/api/') && !new URL(url).pathname.startsWith('/api/media/')
const isCode = (url: string) => /\.(js|css)$/.test(new URL(url).pathname)
const pathOf = (url: string) => new URL(url).pathname + new URL(url).search
const counts = (urls: string[]) => urls.reduce<Record<string, number>>((m, u) => ({ ...m, [u]: (m[u] ?? 0) + 1 }), {})

describe('first-screen hints in the H5 page', () => {
  for (const app of APPS) {
    e2eTest(`${app}: a first visit's home page starts its chunk and its reads from the HTML, and uses each once`, async (t) => {
      const { sent } = await recordRequests(t)
      await t.openApp(app)
      await waitForFirstScreen(t)
      // Whatever the first screen asked for is in; the photos may still be coming.
      await t.page.waitForLoadState('networkidle')

      const home = new URL(`/${app}/`, t.baseUrl).href
      const reads = sent.filter((s) => isApiRead(s.url))
      expect(reads.length).toBeGreaterThan(0)
      // Every read the first screen needed was sent by the HTML (its inline script), not by the app
      // after its code had run, and none went out twice.
      expect(reads.map((s) => [pathOf(s.url), s.from])).toEqual(reads.map((s) => [pathOf(s.url), home]))
      expect(Object.values(counts(reads.map((s) => s.url))).every((n) => n === 1)).toBe(true)
      // …and the app took every one of them (none left waiting, none the config lists in vain).
      await expect(t.page.evaluate('Object.keys(window.__tyFirstScreenData || { missing: 1 })')).resolves.toEqual([])
      // The home page's chunk was preloaded from the HTML and not fetched again when the router asked for it.
      const code = sent.filter((s) => isCode(s.url))
      expect(code.some((s) => s.from === home && /\/js\//.test(s.url))).toBe(true)
      expect(Object.entries(counts(code.map((s) => pathOf(s.url)))).filter(([, n]) => n > 1)).toEqual([])

      // A later visit: the answers are on the phone now, so the SDK revalidates them itself (ETag → 304).
      sent.length = 0
      await t.openApp(app)
      await waitForFirstScreen(t)
      await t.page.waitForLoadState('networkidle')
      const later = sent.filter((s) => isApiRead(s.url))
      expect(later.length).toBeGreaterThan(0)
      expect(later.every((s) => s.from !== home)).toBe(true)
      expect(later.some((s) => s.ifNoneMatch)).toBe(true)
      await expect(t.page.evaluate('window.__tyFirstScreenData === undefined')).resolves.toBe(true)
    })
  }

  e2eTest('another route (a shared link) neither preloads the home page nor fetches its reads', async (t) => {
    const { sent } = await recordRequests(t)
    await t.openApp('market', 'pkg/pages/about/index')
    await t.page.getByText(/平台不加价/).waitFor()
    await t.page.waitForLoadState('networkidle')
    await expect(t.page.evaluate('document.querySelectorAll("link[rel=preload]").length')).resolves.toBe(0)
    await expect(t.page.evaluate('window.__tyFirstScreenData === undefined')).resolves.toBe(true)
    const home = new URL('/market/', t.baseUrl).href
    expect(sent.filter((s) => s.from.startsWith(home) && !isCode(s.url) && s.url !== home)).toEqual([])
  })
})
