// Network profiles from shared/notes/weak-network.md, applied to one page through CDP
// `Network.emulateNetworkConditions` (latency and throughput per request; no packet loss).
import type { CDPSession, Page } from 'playwright-core'

export interface NetworkProfile {
  /** Shown in test names and reports. */
  label: string
  offline: boolean
  /** Added round-trip latency, ms. */
  latencyMs: number
  /** kbit/s; -1 = not throttled. */
  downKbps: number
  upKbps: number
}

export const NETWORK_PROFILES = {
  /** WebPageTest 2G. */
  '2G': { label: '2G (35/32 kbps, 1300 ms)', offline: false, latencyMs: 1300, downKbps: 35, upKbps: 32 },
  /** Chrome DevTools "Slow 3G": 500 kbps × 0.8, 400 ms × 5. */
  'Slow 3G': { label: 'Slow 3G (400/400 kbps, 2000 ms)', offline: false, latencyMs: 2000, downKbps: 400, upKbps: 400 },
  /** Chrome DevTools "Fast 3G" (Lighthouse's slow 4G): 1.6 Mbps × 0.9, 750 kbps × 0.9, 150 ms × 3.75. */
  'Fast 3G': { label: 'Fast 3G (1440/675 kbps, 562 ms)', offline: false, latencyMs: 562.5, downKbps: 1440, upKbps: 675 },
  offline: { label: 'offline', offline: true, latencyMs: 0, downKbps: 0, upKbps: 0 },
  /** No throttling (to go back after one of the others). */
  none: { label: 'no throttling', offline: false, latencyMs: 0, downKbps: -1, upKbps: -1 },
} as const satisfies Record<string, NetworkProfile>

export type NetworkProfileName = keyof typeof NETWORK_PROFILES

const bytesPerSecond = (kbps: number): number => (kbps < 0 ? -1 : (kbps * 1000) / 8)

const sessions = new WeakMap<Page, CDPSession>()

/** Applies a profile to this page (and its same-origin frames) from now on. */
export async function setNetwork(page: Page, profile: NetworkProfileName | NetworkProfile): Promise<void> {
  const p: NetworkProfile = typeof profile === 'string' ? NETWORK_PROFILES[profile] : profile
  let cdp = sessions.get(page)
  if (!cdp) {
    cdp = await page.context().newCDPSession(page)
    await cdp.send('Network.enable')
    sessions.set(page, cdp)
  }
  await cdp.send('Network.emulateNetworkConditions', {
    offline: p.offline,
    latency: p.latencyMs,
    downloadThroughput: bytesPerSecond(p.downKbps),
    uploadThroughput: bytesPerSecond(p.upKbps),
  })
}
