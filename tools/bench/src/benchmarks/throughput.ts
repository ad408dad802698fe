// 5. API throughput: autocannon on a catalogue read (GET /api/market/products) and an
// authenticated write (PUT /api/market/cart with a fresh Idempotency-Key), on SQLite and on
// PostgreSQL; baseline in the same run: GET /healthz (no database: the framework's ceiling).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import autocannon from 'autocannon'
import pg from 'pg'
import { login } from '../api-env'
import type { Benchmark, ChartGroup, Headline } from '../types'

interface RouteResult {
  database: string
  route: string
  requestsPerSecond: number
  p50: number
  p99: number
  non2xx: number
  /** Answers by status code, e.g. { "200": 11000, "409": 3 }. */
  statuses: Record<string, number>
  errors: number
}

async function startApiProcess(root: string, env: Record<string, string>): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, '..', 'serve-api.ts')], {
    cwd: path.join(root, 'tools', 'bench'),
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'inherit', 'pipe'],
  })
  // Never outlive the run (a quick run past its time limit exits at once).
  const orphaned = () => child.kill('SIGKILL')
  process.once('exit', orphaned)
  child.once('exit', () => process.off('exit', orphaned))
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the API did not start within 120 s')), 120_000)
    let buf = ''
    child.stdio[3]?.on('data', (c: Buffer) => {
      buf += c.toString()
      const line = buf.split('\n')[0]
      if (buf.includes('\n') && line) {
        clearTimeout(timer)
        resolve((JSON.parse(line) as { url: string }).url)
      }
    })
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`the API exited with ${code}`))
    })
  })
  return { url, child }
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return
  child.kill('SIGTERM')
  await Promise.race([new Promise((r) => child.once('exit', r)), new Promise((r) => setTimeout(r, 15_000))])
  if (child.exitCode === null) child.kill('SIGKILL')
}

async function measure(database: string, route: string, options: autocannon.Options, duration: number, connections: number): Promise<RouteResult> {
  await autocannon({ ...options, connections, duration: Math.max(1, Math.round(duration / 5)) })
  const r = await autocannon({ ...options, connections, duration })
  const statuses = Object.fromEntries(Object.entries(r.statusCodeStats ?? {}).map(([code, v]) => [code, (v as { count: number }).count]))
  return { database, route, requestsPerSecond: Math.round(r.requests.average), p50: r.latency.p50, p99: r.latency.p99, non2xx: r.non2xx, statuses, errors: r.errors + r.timeouts }
}

async function runOn(root: string, database: string, databaseUrl: string | undefined, duration: number, connections: number): Promise<RouteResult[]> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tianyuan-bench-tp-'))
  // 40 buyers log in from 127.0.0.1 within seconds: above the per-IP login limit (30 a minute) meant for the real world.
  const { url, child } = await startApiProcess(root, { DATA_DIR: dataDir, LOGIN_LIMIT_PER_IP_PER_MINUTE: '1000', ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}) })
  try {
    // One buyer per connection, as many villagers writing their own carts (one user's cart from 20
    // connections at once is not a thing a phone does); twice as many buyers as connections, so
    // requests the warm-up leaves in flight never meet the measured run's on one cart.
    const tokens: string[] = []
    for (let i = 0; i < 2 * connections; i++) tokens.push(await login(url, `压测买家${i}`))
    const products = (await (await fetch(`${url}/api/market/products?size=5`)).json()) as { items: { id: string }[] }
    const productId = products.items[0]?.id
    if (!productId) throw new Error('no products seeded')
    const out: RouteResult[] = []
    out.push(await measure(database, 'baseline: GET /healthz', { url: `${url}/healthz` }, duration, connections))
    out.push(await measure(database, 'catalogue read: GET /api/market/products', { url: `${url}/api/market/products` }, duration, connections))
    // setupClient runs once per connection (a counter in setupRequest gave requests i and i + 20
    // the same buyer on two connections: concurrent merges of one cart, 500s on PostgreSQL).
    let connectionsSeen = 0
    let n = 0
    const cartRequest = (token: string): autocannon.Request => ({
      method: 'PUT',
      path: '/api/market/cart',
      headers: { 'content-type': 'application/json' },
      setupRequest: (req) => {
        const i = n++
        return { ...req, headers: { ...req.headers, authorization: `Bearer ${token}`, 'idempotency-key': randomUUID() }, body: JSON.stringify({ items: [{ productId, quantity: 1 + (i % 5) }] }) }
      },
    })
    out.push(
      await measure(
        database,
        'write: PUT /api/market/cart + Idempotency-Key',
        {
          url,
          requests: [cartRequest(tokens[0] as string)],
          setupClient: (client) => client.setRequests([cartRequest(tokens[connectionsSeen++ % tokens.length] as string)]),
        },
        duration,
        connections,
      ),
    )
    return out
  } finally {
    await stop(child)
    fs.rmSync(dataDir, { recursive: true, force: true })
  }
}

/** A PostgreSQL URL: TEST_DATABASE_URL, else (full runs) the throwaway cluster test-postgres.sh starts. */
function postgresUrl(root: string, quick: boolean): { url?: string; why: string } {
  if (process.env.TEST_DATABASE_URL) return { url: process.env.TEST_DATABASE_URL, why: 'TEST_DATABASE_URL' }
  if (quick) return { why: 'quick run without TEST_DATABASE_URL: PostgreSQL skipped' }
  const r = spawnSync(path.join(root, 'apps/api/scripts/test-postgres.sh'), [], { encoding: 'utf8', timeout: 120_000 })
  const url = r.stdout?.trim().split('\n').pop()
  if (r.status === 0 && url?.startsWith('postgres')) return { url, why: 'apps/api/scripts/test-postgres.sh' }
  return { why: `PostgreSQL not available (test-postgres.sh: ${(r.stderr || r.error?.message || 'failed').trim().split('\n').pop()})` }
}

export const throughputBenchmark: Benchmark = {
  name: 'throughput',
  title: 'API throughput (autocannon)',
  async run(ctx) {
    const duration = ctx.quick ? 1 : 10
    const connections = 20
    const results: RouteResult[] = await runOn(ctx.root, 'SQLite', undefined, duration, connections)
    const notes: string[] = []
    const pgUrl = postgresUrl(ctx.root, ctx.quick)
    if (pgUrl.url) {
      // A database of our own in that cluster (the tests use schemas in it), dropped afterwards.
      const name = `tianyuan_bench_${Date.now()}`
      const admin = new pg.Client({ connectionString: pgUrl.url })
      await admin.connect()
      try {
        await admin.query(`create database ${name}`)
        const u = new URL(pgUrl.url)
        u.pathname = `/${name}`
        results.push(...(await runOn(ctx.root, 'PostgreSQL', u.toString(), duration, connections)))
        notes.push(`PostgreSQL from ${pgUrl.why}, a fresh database dropped afterwards (the cluster is left running).`)
      } finally {
        await admin.query(`drop database if exists ${name} with (force)`).catch(() => undefined)
        await admin.end()
      }
    } else notes.push(pgUrl.why)
    notes.push(`${connections} connections, ${duration} s per route after a ${Math.max(1, Math.round(duration / 5))} s warm-up; the API in its own process (request logs at info to /dev/null), autocannon in this one — both on the same machine's cores. Market demo data seeded (60 products); the write: one logged-in buyer per connection, never two requests for one cart at once (the warm-up writes other buyers' carts).`)
    const groups: ChartGroup[] = [...new Set(results.map((r) => r.route))].map((route) => ({ label: route.split(':')[0] ?? route, bars: results.filter((r) => r.route === route).map((r) => ({ series: r.database, value: r.requestsPerSecond })) }))
    const headlines: Headline[] = []
    for (const db of [...new Set(results.map((r) => r.database))]) {
      const base = results.find((r) => r.database === db && r.route.startsWith('baseline'))
      for (const r of results.filter((x) => x.database === db && !x.route.startsWith('baseline'))) {
        headlines.push({ metric: `${db}: ${r.route.split(':')[0]} req/s`, value: r.requestsPerSecond, baseline: base?.requestsPerSecond ?? null, unit: 'req/s', baselineLabel: '/healthz', lowerIsBetter: false })
      }
    }
    const bad = results.filter((r) => r.non2xx > 0 || r.requestsPerSecond === 0)
    return {
      ok: bad.length === 0,
      error: bad.length ? `non-2xx answers or nothing served: ${bad.map((r) => `${r.database} ${r.route}`).join(', ')}` : pgUrl.url ? undefined : pgUrl.why,
      headlines,
      charts: [{ title: 'Requests per second (higher is better)', unit: 'req/s', groups }],
      table: {
        columns: ['database', 'route', 'req/s', 'p50 ms', 'p99 ms', 'non-2xx', 'statuses', 'errors'],
        rows: results.map((r) => [r.database, r.route, r.requestsPerSecond, r.p50, r.p99, r.non2xx, Object.entries(r.statuses).map(([c, k]) => `${c}: ${k}`).join(', '), r.errors]),
      },
      notes,
      data: results,
    }
  },
}
