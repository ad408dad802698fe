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
import { idNumber } from './flaky'
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

async function startApiProcess(root: string, env: Record<string, string>, script = 'serve-api.ts'): Promise<{ url: string; child: ChildProcess; ready: Record<string, unknown> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, '..', script)], {
    cwd: path.join(root, 'tools', 'bench'),
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'inherit', 'pipe'],
  })
  // Never outlive the run (a quick run past its time limit exits at once).
  const orphaned = () => child.kill('SIGKILL')
  process.once('exit', orphaned)
  child.once('exit', () => process.off('exit', orphaned))
  const ready = await new Promise<Record<string, unknown>>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the API did not start within 120 s')), 120_000)
    let buf = ''
    child.stdio[3]?.on('data', (c: Buffer) => {
      buf += c.toString()
      const line = buf.split('\n')[0]
      if (buf.includes('\n') && line) {
        clearTimeout(timer)
        resolve(JSON.parse(line) as Record<string, unknown>)
      }
    })
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`the API exited with ${code}`))
    })
  })
  return { url: ready.url as string, child, ready }
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

// ---------------------------------------------------------------- several API processes on one PostgreSQL

interface RaceCheck {
  processes: number
  /** Which load ran meanwhile. */
  during: string
  kind: 'oversell' | 'double booking'
  ok: boolean
  /** What the database says afterwards, and the answers. */
  detail: string
  /** The load was still running when the check's last answer came. */
  underLoad: boolean
}

const RACE_BUYERS = 30
const RACE_UNITS = 5
const RACE_PATIENTS = 20

async function json<T>(res: Response, what: string): Promise<T> {
  const text = await res.text()
  if (!res.ok) throw new Error(`${what}: ${res.status} ${text.slice(0, 300)}`)
  return JSON.parse(text) as T
}

/** Everyone the multi-process runs need, logged in once (sessions live in the database, valid on every process). */
interface World {
  loadBuyers: string[]
  raceBuyers: string[]
  patients: { token: string; patientId: string }[]
  loadProduct: { id: string; pickupPointId: string }
  /** Products kept for the oversell checks, one per check, and a pickup point of each one's shop. */
  raceProducts: { id: string; pickupPointId: string }[]
  /** Bookable text-consultation slots, one per double-booking check. */
  raceSlots: string[]
}

async function prepareWorld(url: string, loginUrl: string, db: pg.Client, loadBuyers: number, checks: number): Promise<World> {
  const products = (await json<{ items: { id: string; shopId: string }[] }>(await fetch(`${url}/api/market/products?size=50`), 'products')).items
  const pickup = new Map<string, string>()
  const withPoint = async (p: { id: string; shopId: string }) => {
    if (!pickup.has(p.shopId)) {
      const { shop } = await json<{ shop: { pickupPoints: { id: string }[] } }>(await fetch(`${url}/api/market/shops/${p.shopId}`), 'shop')
      pickup.set(p.shopId, shop.pickupPoints[0]?.id ?? '')
    }
    return { id: p.id, pickupPointId: pickup.get(p.shopId) as string }
  }
  const usable = []
  for (const p of products) {
    const x = await withPoint(p)
    if (x.pickupPointId) usable.push(x)
  }
  if (usable.length < checks + 1) throw new Error(`the seeded market has ${usable.length} products with a pickup point; ${checks + 1} needed`)
  const [loadProduct, ...raceProducts] = usable.slice(0, checks + 1) as [World['loadProduct'], ...World['raceProducts']]
  // The load's product never runs out (a buyer's unpaid holds are limited to half of it).
  await db.query('update market_products set stock = 1000000 where id = $1', [loadProduct.id])
  const doctors = (await json<{ items: { id: string }[] }>(await fetch(`${url}/api/clinic/doctors?size=50`), 'doctors')).items
  const raceSlots: string[] = []
  for (const d of doctors) {
    const detail = await json<{ doctor: { fees?: { text?: number | null } }; schedule: { id: string; bookable: boolean }[] }>(await fetch(`${url}/api/clinic/doctors/${d.id}`), 'doctor')
    if (detail.doctor.fees?.text === null) continue
    // One slot per doctor: the checks never share a doctor's day either.
    const slot = detail.schedule.find((s) => s.bookable)
    if (slot) raceSlots.push(slot.id)
    if (raceSlots.length >= checks) break
  }
  if (raceSlots.length < checks) throw new Error(`the seeded clinic has ${raceSlots.length} doctors with a bookable text slot; ${checks} needed`)
  const buyers: string[] = []
  for (let i = 0; i < loadBuyers + RACE_BUYERS; i++) buyers.push(await login(loginUrl, `多进程买家${i}`))
  const patients: World['patients'] = []
  for (let i = 0; i < RACE_PATIENTS; i++) {
    const token = await login(loginUrl, `多进程病人${i}`)
    const { patient } = await json<{ patient: { id: string } }>(
      await fetch(`${url}/api/clinic/patients`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ name: `村民${i}`, relation: '本人', idNumber: idNumber('19620315', 300 + i) }) }),
      'patient',
    )
    patients.push({ token, patientId: patient.id })
  }
  return { loadBuyers: buyers.slice(0, loadBuyers), raceBuyers: buyers.slice(loadBuyers), patients, loadProduct, raceProducts, raceSlots }
}

/** RACE_BUYERS buyers order 1 unit each of a product with RACE_UNITS left, buyer i through process i % n: sold must never exceed the stock. */
async function oversellCheck(db: pg.Client, processes: string[], world: World, product: World['raceProducts'][number]): Promise<Omit<RaceCheck, 'processes' | 'during' | 'underLoad'>> {
  await db.query('update market_products set stock = $2 where id = $1', [product.id, RACE_UNITS])
  const answers = await Promise.all(
    world.raceBuyers.map(async (token, i) => {
      const res = await fetch(`${processes[i % processes.length]}/api/market/orders`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': randomUUID() },
        body: JSON.stringify({ items: [{ productId: product.id, quantity: 1 }], delivery: { kind: 'pickup', pickupPointId: product.pickupPointId } }),
      })
      await res.arrayBuffer()
      return res.status
    }),
  )
  const sold = Number((await db.query<{ n: string | null }>('select sum(quantity) as n from market_order_items where product_id = $1', [product.id])).rows[0]?.n ?? 0)
  const stock = Number((await db.query<{ stock: number }>('select stock from market_products where id = $1', [product.id])).rows[0]?.stock)
  const created = answers.filter((s) => s === 201).length
  const ok = sold <= RACE_UNITS && sold === created && sold + stock === RACE_UNITS && answers.every((s) => s === 201 || s === 409)
  return { kind: 'oversell', ok, detail: `${RACE_BUYERS} buyers, ${RACE_UNITS} units: ${created} orders (201), ${answers.filter((s) => s === 409).length} × 409; sold ${sold}, stock left ${stock}${answers.some((s) => s !== 201 && s !== 409) ? `; other answers: ${answers.filter((s) => s !== 201 && s !== 409).join(', ')}` : ''}` }
}

/** RACE_PATIENTS patients book one slot made to hold one place, patient i through process i % n: exactly one booking. */
async function doubleBookingCheck(db: pg.Client, processes: string[], world: World, slotId: string): Promise<Omit<RaceCheck, 'processes' | 'during' | 'underLoad'>> {
  await db.query('update clinic_slots set capacity = 1 where id = $1', [slotId])
  const answers = await Promise.all(
    world.patients.map(async (p, i) => {
      const res = await fetch(`${processes[i % processes.length]}/api/clinic/appointments`, {
        method: 'POST',
        headers: { authorization: `Bearer ${p.token}`, 'content-type': 'application/json', 'idempotency-key': randomUUID() },
        body: JSON.stringify({ slotId, patientId: p.patientId, mode: 'text', symptoms: '高血压复诊，最近血压 150/95，想调一下药', followUp: true }),
      })
      await res.arrayBuffer()
      return res.status
    }),
  )
  const rows = Number((await db.query<{ n: string }>('select count(*) as n from clinic_appointments where slot_id = $1', [slotId])).rows[0]?.n)
  const booked = Number((await db.query<{ booked: number }>('select booked from clinic_slots where id = $1', [slotId])).rows[0]?.booked)
  const created = answers.filter((s) => s === 201).length
  const ok = rows === 1 && booked === 1 && created === 1 && answers.every((s) => s === 201 || s === 409)
  return { kind: 'double booking', ok, detail: `${RACE_PATIENTS} patients, 1 place: ${created} booking (201), ${answers.filter((s) => s === 409).length} × 409; ${rows} row(s), booked ${booked}${answers.some((s) => s !== 201 && s !== 409) ? `; other answers: ${answers.filter((s) => s !== 201 && s !== 409).join(', ')}` : ''}` }
}

/**
 * Catalogue reads and order creation through the cluster's balancer at each process count, on one
 * database (seeded and logged into at the first count), with an oversell and a double-booking
 * check against the processes directly while each load runs.
 */
async function runProcesses(root: string, databaseUrl: string, counts: number[], duration: number, connections: number): Promise<{ results: RouteResult[]; checks: RaceCheck[] }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tianyuan-bench-procs-'))
  const db = new pg.Client({ connectionString: databaseUrl })
  await db.connect()
  const results: RouteResult[] = []
  const checks: RaceCheck[] = []
  let world: World | undefined
  let nextCheck = 0
  try {
    for (const n of counts) {
      const env = {
        DATA_DIR: dataDir,
        DATABASE_URL: databaseUrl,
        API_PROCESSES: String(n),
        LOGIN_LIMIT_PER_IP_PER_MINUTE: '100000',
        // Load buyers order again and again without paying: the per-buyer unpaid limits are lifted (still checked on every order).
        MARKET_UNPAID_ORDERS_PER_BUYER: '1000',
        CLINIC_UNPAID_BOOKINGS_PER_ACCOUNT: '1000',
      }
      const { url, child, ready } = await startApiProcess(root, env, 'serve-api-cluster.ts')
      try {
        const processes = (ready.processes as { url: string }[]).map((p) => p.url)
        // Logins through one process's own port (the sandbox that issues a code must be the one asked for it).
        world ??= await prepareWorld(url, processes[0] as string, db, 2 * connections, 2 * counts.length)
        const w = world
        const label = `PostgreSQL ×${n} process${n > 1 ? 'es' : ''}`
        const underLoad = async (during: string, load: Promise<RouteResult>) => {
          let loadDone = false
          const finished = load.then((r) => ((loadDone = true), r))
          // Into the measured run (after measure's warm-up), then both checks at once.
          await new Promise((r) => setTimeout(r, Math.max(1, Math.round(duration / 5)) * 1000 + Math.min(2000, duration * 300)))
          const i = nextCheck++
          const both = await Promise.all([oversellCheck(db, processes, w, w.raceProducts[i] as World['raceProducts'][number]), doubleBookingCheck(db, processes, w, w.raceSlots[i] as string)])
          for (const c of both) checks.push({ ...c, processes: n, during, underLoad: !loadDone })
          results.push(await finished)
        }
        await underLoad('catalogue read', measure(label, 'catalogue read: GET /api/market/products', { url: `${url}/api/market/products` }, duration, connections))
        let connectionsSeen = 0
        const orderRequest = (token: string): autocannon.Request => ({
          method: 'POST',
          path: '/api/market/orders',
          headers: { 'content-type': 'application/json' },
          setupRequest: (req) => ({
            ...req,
            headers: { ...req.headers, authorization: `Bearer ${token}`, 'idempotency-key': randomUUID() },
            body: JSON.stringify({ items: [{ productId: w.loadProduct.id, quantity: 1 }], delivery: { kind: 'pickup', pickupPointId: w.loadProduct.pickupPointId } }),
          }),
        })
        await underLoad(
          'order creation',
          measure(
            label,
            'order creation: POST /api/market/orders + Idempotency-Key',
            { url, requests: [orderRequest(w.loadBuyers[0] as string)], setupClient: (client) => client.setRequests([orderRequest(w.loadBuyers[connectionsSeen++ % w.loadBuyers.length] as string)]) },
            duration,
            connections,
          ),
        )
      } finally {
        await stop(child)
      }
    }
  } finally {
    await db.end()
    fs.rmSync(dataDir, { recursive: true, force: true })
  }
  return { results, checks }
}

/** "1,2,4" → [1, 2, 4]; "none" or "0" → []; unset → the default. */
function processCountsFrom(value: string | undefined, fallback: number[]): number[] {
  if (value === undefined || value.trim() === '') return fallback
  if (/^(none|0)$/i.test(value.trim())) return []
  const counts = value.split(',').map((v) => Number(v.trim()))
  if (counts.some((n) => !Number.isInteger(n) || n < 1 || n > 16)) throw new Error(`BENCH_PROCESSES must be counts from 1 to 16 separated by commas, or none: ${value}`)
  return counts
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
    const checks: RaceCheck[] = []
    // BENCH_PROCESSES="1,2,4" chooses the process counts ("none": skip that part). The quick run
    // skips it: npm test's API suite already races orders and bookings across two API processes
    // (apps/api/src/several-processes.test.ts), and a cluster under load adds about a minute to CI.
    const processCounts = processCountsFrom(process.env.BENCH_PROCESSES, ctx.quick ? [] : [1, 2, 4])
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
        // Several API processes on one database (another fresh one): full runs compare 1, 2 and 4.
        if (processCounts.length) {
          await admin.query(`create database ${name}_procs`)
          u.pathname = `/${name}_procs`
          // At least 3 s per load, so the race checks (a second or two under load) run inside it in a quick run too.
          const several = await runProcesses(ctx.root, u.toString(), processCounts, Math.max(3, duration), connections)
          results.push(...several.results)
          checks.push(...several.checks)
        } else notes.push(`Several API processes: skipped (${ctx.quick ? 'quick run; BENCH_PROCESSES=2 to include them' : 'BENCH_PROCESSES=none'}).`)
      } finally {
        await admin.query(`drop database if exists ${name} with (force)`).catch(() => undefined)
        await admin.query(`drop database if exists ${name}_procs with (force)`).catch(() => undefined)
        await admin.end()
      }
    } else notes.push(pgUrl.why)
    if (checks.length) {
      notes.push(
        `Several API processes (${processCounts.join(', ')}): node:cluster workers of tools/bench/src/serve-api-cluster.ts, each the whole API with its own pool, scheduler and catalogue cache, on one PostgreSQL database; the balancer is the cluster's primary handing each new connection to the next worker (round-robin), autocannon against it (${Math.max(3, duration)} s per load after a warm-up; the order load's buyers, one per connection, order one unit of a product that never runs out). While each load runs, an oversell check (${RACE_BUYERS} buyers ordering the last ${RACE_UNITS} units of one product) and a double-booking check (${RACE_PATIENTS} patients booking one slot with one place) send request i straight to process i mod n (each worker's own port); the run fails unless sold never exceeds stock and exactly one booking is made.`,
      )
      for (const c of checks) notes.push(`${c.ok ? 'held' : 'FAILED'} — ${c.kind}, ${c.processes} process${c.processes > 1 ? 'es' : ''}, during ${c.during}${c.underLoad ? '' : ' (the load had ended before the last answer)'}: ${c.detail}`)
    }
    notes.push(`${connections} connections, ${duration} s per route after a ${Math.max(1, Math.round(duration / 5))} s warm-up; the API in its own process (request logs at info to /dev/null), autocannon in this one — both on the same machine's cores. Market demo data seeded (60 products); the write: one logged-in buyer per connection, never two requests for one cart at once (the warm-up writes other buyers' carts).`)
    const groups: ChartGroup[] = [...new Set(results.map((r) => r.route))].map((route) => ({ label: route.split(':')[0] ?? route, bars: results.filter((r) => r.route === route).map((r) => ({ series: r.database, value: r.requestsPerSecond })) }))
    const headlines: Headline[] = []
    for (const db of [...new Set(results.map((r) => r.database))].filter((d) => !d.includes('×'))) {
      const base = results.find((r) => r.database === db && r.route.startsWith('baseline'))
      for (const r of results.filter((x) => x.database === db && !x.route.startsWith('baseline'))) {
        headlines.push({ metric: `${db}: ${r.route.split(':')[0]} req/s`, value: r.requestsPerSecond, baseline: base?.requestsPerSecond ?? null, unit: 'req/s', baselineLabel: '/healthz', lowerIsBetter: false })
      }
    }
    // Several processes: each count against 1 process in the same run.
    for (const r of results.filter((x) => x.database.includes('×') && !x.database.includes('×1 '))) {
      const one = results.find((x) => x.database.includes('×1 ') && x.route === r.route)
      headlines.push({ metric: `${r.database}: ${r.route.split(':')[0]} req/s`, value: r.requestsPerSecond, baseline: one?.requestsPerSecond ?? null, unit: 'req/s', baselineLabel: '1 process', lowerIsBetter: false })
    }
    const bad = results.filter((r) => r.non2xx > 0 || r.requestsPerSecond === 0)
    const broken = checks.filter((c) => !c.ok)
    const problems = [
      ...(bad.length ? [`non-2xx answers or nothing served: ${bad.map((r) => `${r.database} ${r.route}`).join(', ')}`] : []),
      ...broken.map((c) => `${c.kind} check failed with ${c.processes} processes during ${c.during}: ${c.detail}`),
    ]
    return {
      ok: problems.length === 0,
      error: problems.length ? problems.join('; ') : pgUrl.url ? undefined : pgUrl.why,
      headlines,
      charts: [{ title: 'Requests per second (higher is better)', unit: 'req/s', groups }],
      table: {
        columns: ['database', 'route', 'req/s', 'p50 ms', 'p99 ms', 'non-2xx', 'statuses', 'errors'],
        rows: results.map((r) => [r.database, r.route, r.requestsPerSecond, r.p50, r.p99, r.non2xx, Object.entries(r.statuses).map(([c, k]) => `${c}: ${k}`).join(', '), r.errors]),
      },
      notes,
      data: { routes: results, raceChecks: checks },
    }
  },
}
