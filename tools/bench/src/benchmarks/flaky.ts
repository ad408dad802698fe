// 4. Flaky network: a scripted session of market orders through a lossy, slow proxy on loopback,
// once with the SDK (retries + Idempotency-Keys + offline queue) and once as plain single
// requests (the same-run baseline); completed actions, duplicates in the database, time.
import { sql } from 'kysely'
import { createApiClient, type ApiClient } from '../../../../packages/sdk/src/request/client'
import { login, startApiEnv, type ApiEnv } from '../api-env'
import { createNodePlatform } from '../node-platform'
import { seededRandom, startFlakyProxy, type FaultPlan } from '../proxy'
import type { Benchmark, ChartGroup, Headline } from '../types'

interface Target {
  productId: string
  pickupPointId: string
}

export interface SessionResult {
  client: 'sdk' | 'plain'
  dropRate: number
  actions: number
  /** The client was told it worked (the SDK: done at once, or sent later from its queue). */
  completed: number
  /** Left in the SDK's queue or failed after the bounded flushes. */
  notCompleted: number
  /** Distinct actions with an order in the database. */
  inDatabase: number
  /** Rows beyond one per action: must be 0. */
  duplicates: number
  /** Orders that exist though the client was told it failed (a villager would tap again). */
  doneButReportedFailed: number
  ms: number
  proxy: { exchanges: number; droppedRequests: number; droppedResponses: number }
}

const USERS = 10

async function targets(env: ApiEnv, count: number): Promise<Target[]> {
  const list = (await (await fetch(`${env.origin}/api/market/products?size=50`)).json()) as { items: { id: string; shopId: string; stock: number }[] }
  const out: Target[] = []
  for (const p of list.items.filter((x) => x.stock >= 50).slice(0, count)) {
    const shop = (await (await fetch(`${env.origin}/api/market/shops/${p.shopId}`)).json()) as { pickupPoints?: { id: string }[]; shop?: { pickupPoints?: { id: string }[] } }
    const point = (shop.pickupPoints ?? shop.shop?.pickupPoints ?? [])[0]
    if (point) out.push({ productId: p.id, pickupPointId: point.id })
  }
  if (!out.length) throw new Error('no product with a pickup point in the seeded market')
  return out
}

async function countRows(env: ApiEnv, prefix: string): Promise<Map<string, number>> {
  const r = await sql<{ note: string; n: number | string }>`select note, count(*) as n from market_orders where note like ${`${prefix}%`} group by note`.execute(env.api.db.kysely)
  return new Map(r.rows.map((x) => [x.note, Number(x.n)]))
}

async function session(env: ApiEnv, kind: 'sdk' | 'plain', dropRate: number, actions: number, tokens: string[], goods: Target[], seed: number): Promise<SessionResult> {
  const plan: FaultPlan = { dropRate, delayMs: 100, jitterMs: 100 }
  const proxy = await startFlakyProxy(env.origin, plan, seededRandom(seed))
  const prefix = `bench-${kind}-${dropRate}-${seed}-`
  const told = new Map<string, boolean>()
  const t0 = Date.now()
  const clients: ApiClient[] = []
  const plainPlatform = createNodePlatform()
  try {
    await Promise.all(
      tokens.map(async (token, u) => {
        const client =
          kind === 'sdk'
            ? createApiClient({ platform: createNodePlatform(), baseUrl: `${proxy.url}/api`, namespace: `bench-${u}`, authHeaders: () => ({ authorization: `Bearer ${token}` }), random: seededRandom(seed + u) })
            : null
        if (client) clients.push(client)
        const mine = Array.from({ length: actions }, (_, i) => i).filter((i) => i % tokens.length === u)
        for (const i of mine) {
          const g = goods[i % goods.length] as Target
          const note = `${prefix}${i}`
          const body = { items: [{ productId: g.productId, quantity: 1 }], delivery: { kind: 'pickup', pickupPointId: g.pickupPointId }, note }
          if (client) {
            try {
              const r = await client.mutate({ method: 'POST', path: '/market/orders', body, queueable: true, label: note })
              told.set(note, r.status === 'done')
              if (r.status === 'queued') told.set(note, false)
            } catch {
              told.set(note, false)
            }
          } else {
            try {
              // The same transport as the SDK's (node:http, a connection per request), without the SDK.
              const res = await plainPlatform.request({ url: `${proxy.url}/api/market/orders`, method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body), timeoutMs: 10_000 }).result
              told.set(note, res.status === 201)
            } catch {
              told.set(note, false)
            }
          }
        }
      }),
    )
    // What the SDK queued (every attempt lost) is sent when the network allows: give it at most 3 flushes.
    for (let round = 0; round < 3 && clients.some((c) => c.queue.pending().length); round++) {
      await Promise.all(
        clients.map(async (c) => {
          const sent = new Set<string>()
          const off = c.queue.subscribe((ch) => {
            if (ch.kind === 'sent' && ch.entry.label) sent.add(ch.entry.label)
          })
          await c.queue.flush()
          off()
          for (const label of sent) told.set(label, true)
        }),
      )
    }
    const ms = Date.now() - t0
    const rows = await countRows(env, prefix)
    let duplicates = 0
    let doneButReportedFailed = 0
    for (const [note, n] of rows) {
      duplicates += n - 1
      if (!told.get(note)) doneButReportedFailed++
    }
    const completed = [...told.values()].filter(Boolean).length
    return {
      client: kind,
      dropRate,
      actions,
      completed,
      notCompleted: actions - completed,
      inDatabase: rows.size,
      duplicates,
      doneButReportedFailed,
      ms,
      proxy: { exchanges: proxy.stats.exchanges, droppedRequests: proxy.stats.droppedRequests, droppedResponses: proxy.stats.droppedResponses },
    }
  } finally {
    for (const c of clients) c.dispose()
    await proxy.close()
  }
}

export const flakyBenchmark: Benchmark = {
  name: 'flaky',
  title: 'Flaky network: 100 market orders through a lossy proxy',
  async run(ctx) {
    const actions = ctx.quick ? 10 : 100
    const rates = ctx.quick ? [0.3] : [0.1, 0.3, 0.5]
    const env = await startApiEnv({ seed: true })
    try {
      const tokens: string[] = []
      for (let u = 0; u < USERS; u++) tokens.push(await login(env.origin, `买家${u}`))
      const goods = await targets(env, 20)
      const results: SessionResult[] = []
      for (const rate of rates) {
        for (const kind of ['plain', 'sdk'] as const) {
          const r = await session(env, kind, rate, actions, tokens, goods, 1000 + Math.round(rate * 100))
          ctx.log(`${kind} at ${rate * 100} % loss: ${r.completed}/${r.actions} completed, ${r.inDatabase} in the database, ${r.duplicates} duplicates, ${(r.ms / 1000).toFixed(1)} s`)
          results.push(r)
        }
      }
      const headlines: Headline[] = []
      const groups: ChartGroup[] = rates.map((rate) => ({
        label: `${rate * 100} % loss`,
        bars: results.filter((r) => r.dropRate === rate).map((r) => ({ series: r.client === 'sdk' ? 'SDK: completed' : 'plain: completed', value: r.completed })),
      }))
      for (const rate of rates) {
        const sdk = results.find((r) => r.dropRate === rate && r.client === 'sdk') as SessionResult
        const plain = results.find((r) => r.dropRate === rate && r.client === 'plain') as SessionResult
        headlines.push({ metric: `${rate * 100} % loss: orders completed of ${actions}`, value: sdk.completed, baseline: plain.completed, unit: '', baselineLabel: 'plain requests', lowerIsBetter: false })
        headlines.push({ metric: `${rate * 100} % loss: duplicate orders in the database (SDK)`, value: sdk.duplicates, baseline: plain.duplicates, unit: '', baselineLabel: 'plain requests' })
      }
      const dupes = results.filter((r) => r.client === 'sdk').reduce((a, r) => a + r.duplicates, 0)
      return {
        ok: dupes === 0,
        error: dupes ? `${dupes} duplicate orders reached the database` : undefined,
        headlines,
        charts: [{ title: `Orders completed of ${actions} (higher is better)`, unit: '', groups, limit: { label: 'all', value: actions } }],
        table: {
          columns: ['loss', 'client', 'completed', 'not completed', 'in database', 'duplicates', 'done but told failed', 'time s', 'exchanges', 'dropped req/resp'],
          rows: results.map((r) => [`${r.dropRate * 100} %`, r.client, r.completed, r.notCompleted, r.inDatabase, r.duplicates, r.doneButReportedFailed, (r.ms / 1000).toFixed(1), r.proxy.exchanges, `${r.proxy.droppedRequests}/${r.proxy.droppedResponses}`]),
        },
        notes: [
          `${USERS} villagers in parallel, ${actions} orders in all (one product, pickup), through an HTTP proxy on 127.0.0.1 that adds 100–200 ms each way and loses the given share of exchanges: half before the API sees the request, half after it has answered (the order exists, the phone never hears). Seeded RNG: the same losses every run.`,
          'SDK = createApiClient (default retry policy: 4 retries, full-jitter backoff from 1 s; an Idempotency-Key made once per order) over a Node Platform adapter; orders it could not send are queued and flushed at most 3 times. Plain = one request per order over the same node:http transport, no key, no retry.',
          '"done but told failed": orders that exist although the client saw an error — the villager would tap again and, without a key, order twice.',
        ],
        data: results,
      }
    } finally {
      await env.close()
    }
  },
}
