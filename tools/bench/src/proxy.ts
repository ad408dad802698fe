// A user-space HTTP proxy on 127.0.0.1 that loses requests or responses and adds delay, between
// a client and the real API. Decisions come from a seeded RNG, so a run can be replayed.
import http from 'node:http'
import type { AddressInfo } from 'node:net'

/** mulberry32: a small seeded PRNG, uniform in [0, 1). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export interface FaultPlan {
  /** Share of exchanges lost, 0–1: half of them before the API sees the request, half after it answered. */
  dropRate: number
  /** Added one-way delay, ms: base + uniform jitter. */
  delayMs: number
  jitterMs: number
}

export type Fate = 'pass' | 'drop-request' | 'drop-response'

/**
 * One exchange's fate: one draw decides loss (a request lost on the way up, or a response lost
 * on the way down, equally likely), so the loss rate is exactly `dropRate` in expectation.
 */
export function decideFate(random: () => number, dropRate: number): Fate {
  const r = random()
  if (r >= dropRate) return 'pass'
  return r < dropRate / 2 ? 'drop-request' : 'drop-response'
}

export interface ProxyStats {
  exchanges: number
  droppedRequests: number
  droppedResponses: number
  passed: number
}

export interface FlakyProxy {
  url: string
  stats: ProxyStats
  close(): Promise<void>
}

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'proxy-connection'])

/** Starts the proxy in front of `upstream` (http://127.0.0.1:port); loopback only. */
export async function startFlakyProxy(upstream: string, plan: FaultPlan, random: () => number): Promise<FlakyProxy> {
  const target = new URL(upstream)
  if (target.hostname !== '127.0.0.1' && target.hostname !== 'localhost') throw new Error('the flaky proxy only forwards to loopback')
  const stats: ProxyStats = { exchanges: 0, droppedRequests: 0, droppedResponses: 0, passed: 0 }
  const delay = () => new Promise<void>((r) => setTimeout(r, plan.delayMs + random() * plan.jitterMs))
  const server = http.createServer((req, res) => {
    stats.exchanges++
    const fate = decideFate(random, plan.dropRate)
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      void (async () => {
        await delay()
        if (fate === 'drop-request') {
          stats.droppedRequests++
          req.socket.destroy()
          return
        }
        const headers: http.OutgoingHttpHeaders = {}
        for (const [k, v] of Object.entries(req.headers)) if (!HOP_BY_HOP.has(k) && v !== undefined) headers[k] = v
        headers.host = target.host
        const up = http.request({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers, agent: false }, (upRes) => {
          const body: Buffer[] = []
          upRes.on('data', (c: Buffer) => body.push(c))
          upRes.on('end', () => {
            void (async () => {
              await delay()
              if (fate === 'drop-response') {
                // The API has done the work; the phone never hears of it.
                stats.droppedResponses++
                req.socket.destroy()
                return
              }
              stats.passed++
              const out: http.OutgoingHttpHeaders = {}
              for (const [k, v] of Object.entries(upRes.headers)) if (!HOP_BY_HOP.has(k) && v !== undefined) out[k] = v
              res.writeHead(upRes.statusCode ?? 502, out)
              res.end(Buffer.concat(body))
            })()
          })
        })
        up.on('error', () => req.socket.destroy())
        up.end(Buffer.concat(chunks))
      })()
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    stats,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
