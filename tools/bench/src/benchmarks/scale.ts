// `scale`: the catalogue's cost as it grows — 10k, 100k and 1M products on SQLite and on PostgreSQL
// (BENCH_SCALE_SIZES / BENCH_SCALE_PG_SIZES change them), with their shops, sellers, orders, search
// index, and doctors with a week of slots (one per 100 products). Every size is grown first (each
// its own database and API); then each measurement is taken at every size back to back, so sizes
// compare under the same load. Per size: p50/p99 of the product list (first page and a deep page at
// 90 %, each sort), search (common and rare words of 1 and 2 characters, two words, the oldest
// product by its number), a product page, order creation and a clinic booking over HTTP through the
// real API; how long /healthz takes while five deep-page and search requests run at once (against
// /healthz alone); and the list's query itself, keyset (cursor) against the old OFFSET pagination —
// the baseline, measured in the same run at the same size, once with migration 0017's price indexes
// and once without them.
// Full runs only: growing the catalogue takes minutes, too long for npm test's quick run.
import { spawnSync } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { sql, type Kysely } from 'kysely'
import { encodeCursor, growCatalogue, marketDb, searchQuery, SEARCH_CANDIDATES, SEARCH_WALK_ROWS } from '@tianyuan/api'
import { login, startApiEnv, type ApiEnv } from '../api-env'
import type { Benchmark, ChartGroup, Headline } from '../types'

type Sort = 'newest' | 'price_asc' | 'price_desc'
const SORTS: Sort[] = ['newest', 'price_asc', 'price_desc']

export interface ScaleCell {
  database: string
  size: number
  /** e.g. "list newest first page (HTTP)", "list price_asc deep page: keyset (SQL)". */
  what: string
  p50: number
  p99: number
  samples: number
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))
  return sorted[i] as number
}

/** Runs `fn` `n` times one after another (after 3 warm-ups, 1 when n < 10), `before` untimed before each (warm-ups too); p50/p99 in ms, two decimals. */
async function time(n: number, fn: (i: number) => Promise<void>, before?: () => Promise<void>): Promise<{ p50: number; p99: number; samples: number }> {
  // Warm-ups as the timed runs (after `before`): else two of three are read-cache hits. One only
  // for the few-sample baselines (seconds each at 1M).
  for (let i = 0; i < (n >= 10 ? 3 : 1); i++) {
    if (before) await before()
    await fn(-1 - i)
  }
  const ms: number[] = []
  for (let i = 0; i < n; i++) {
    if (before) await before()
    const t0 = performance.now()
    await fn(i)
    ms.push(performance.now() - t0)
  }
  ms.sort((a, b) => a - b)
  const round = (x: number) => Math.round(x * 100) / 100
  return { p50: round(percentile(ms, 50)), p99: round(percentile(ms, 99)), samples: n }
}

/** Answers the API's read cache gave from memory (X-Cache: hit) during the timed reads: should stay 0. */
let cacheHits = 0

async function getOk(url: string, headers: Record<string, string> = {}): Promise<unknown> {
  const res = await fetch(url, { headers })
  if (!res.ok) throw new Error(`${url}: ${res.status} ${await res.text()}`)
  if (res.headers.get('x-cache') === 'hit') cacheHits++
  return res.json()
}

/** A valid 18-digit ID number (GB 11643 check digit) for the bench's patient. */
function idNumber(first17: string): string {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
  const sum = [...first17].reduce((acc, d, i) => acc + Number(d) * (weights[i] ?? 0), 0)
  return first17 + ('10X98765432'[sum % 11] ?? '0')
}

/**
 * Doctors (one hospital, the 慢病 department) with a week of slots from tomorrow, morning and
 * afternoon, five places each — multi-row INSERTs, one transaction per 500 doctors.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the clinic's tables are not in the API's exported schema type; plain rows here
async function growClinic(kysely: Kysely<any>, doctors: number, now: number): Promise<void> {
  const hospital = { id: randomUUID(), name: `规模测试卫生院${now}`, level: 'township', county: '陕西省延安市洛川县', address: '凤栖镇北街 12 号' }
  await kysely.insertInto('clinic_hospitals').values(hospital).execute()
  const day = 86_400_000
  const shanghaiMidnight = Math.floor((now + 8 * 3_600_000) / day) * day - 8 * 3_600_000
  for (let done = 0; done < doctors; done += 500) {
    const rows = Array.from({ length: Math.min(500, doctors - done) }, (_, i) => ({
      id: randomUUID(),
      user_id: null,
      hospital_id: hospital.id,
      department_id: 'chronic',
      name: `规模医生${done + i}`,
      title: '主治医师',
      specialty: '高血压、糖尿病复诊',
      intro: '',
      fee_text_fen: 1000,
      fee_phone_fen: 2000,
      fee_video_fen: 3000,
      photo_media_id: null,
      rating_sum: 0,
      rating_count: 0,
      search_text: `规模医生${done + i} 主治医师 高血压、糖尿病复诊 ${hospital.name} 慢病`,
      created_at: now,
    }))
    const slots = rows.flatMap((d) =>
      Array.from({ length: 7 }, (_, k) => k + 1).flatMap((k) =>
        (['morning', 'afternoon'] as const).map((period) => {
          const midnight = shanghaiMidnight + k * day
          const date = new Date(midnight + 8 * 3_600_000).toISOString().slice(0, 10)
          const startsAt = midnight + (period === 'morning' ? 8 : 14) * 3_600_000
          return { id: randomUUID(), doctor_id: d.id, date, period, starts_at: startsAt, ends_at: startsAt + 4 * 3_600_000, capacity: 5, booked: 0 }
        }),
      ),
    )
    await kysely.transaction().execute(async (trx) => {
      await trx.insertInto('clinic_doctors').values(rows).execute()
      for (let i = 0; i < slots.length; i += 1_000) await trx.insertInto('clinic_slots').values(slots.slice(i, i + 1_000)).execute()
    })
  }
}

/** One grown catalogue with its API running, and what the timed requests need from it. */
interface Grown {
  database: string
  size: number
  env: ApiEnv
  kysely: ApiEnv['api']['db']['kysely']
  origin: string
  /** The list's URL. */
  base: string
  deepAt: number
  positions: Record<Sort, { key: number; id: string }>
  /** Product ids for the product page, and product + pickup point pairs for orders. */
  productIds: string[]
  orderTargets: { id: string; point: string }[]
  buyerToken: string
  patientToken: string
  patientId: string
  slotIds: string[]
  /** A write no answer depends on: empties the API's read cache before a timed read. */
  uncached: () => Promise<void>
}

type Timing = { p50: number; p99: number; samples: number }
/** A measurement taken at every size back to back (so the sizes compare under the same load). */
type Step = (g: Grown, samples: number) => Promise<[what: string, timing: Timing][]>

/** Starts the API on a fresh database, grows it to `size` products, and prepares the timed requests. */
async function grow(database: string, databaseUrl: string | undefined, size: number, samples: number, log: (m: string) => void): Promise<{ grown: Grown; growCell: ScaleCell }> {
  const env = await startApiEnv({ databaseUrl })
  try {
    const kysely = env.api.db.kysely
    const t0 = Date.now()
    await growCatalogue(kysely, { products: size, onProgress: (n) => n % 100_000 === 0 && log(`  ${database}: grown ${n.toLocaleString('en')}`) })
    const doctors = Math.max(10, Math.round(size / 100))
    await growClinic(kysely, doctors, Date.now())
    // PostgreSQL's autovacuum would analyze the new rows soon after; SQLite's statistics exist only
    // where someone runs ANALYZE, and the API never does, so it plans without them as in production.
    if (database === 'PostgreSQL') await sql`analyze`.execute(kysely)
    const seconds = (Date.now() - t0) / 1000
    log(`${database}: grew ${size.toLocaleString('en')} products (+ ${Math.ceil(size / 50)} shops, ${Math.ceil(size / 2)} orders, ${doctors} doctors with ${doctors * 14} slots) in ${seconds.toFixed(1)} s (load ${loadavg()})`)
    const growCell: ScaleCell = { database, size, what: 'grow (s)', p50: Math.round(seconds * 10) / 10, p99: 0, samples: 1 }
    const db = marketDb(kysely)
    const deepAt = Math.floor(size * 0.9)
    const positions = {} as Record<Sort, { key: number; id: string }>
    for (const sort of SORTS) {
      const row = (await searchQuery(db, { sort, size: 1, page: deepAt + 1 }).execute())[0]
      if (!row) throw new Error(`no row at ${deepAt} for ${sort}`)
      positions[sort] = { key: Number(sort === 'newest' ? row.created_at : row.price_fen), id: row.id }
    }
    const productIds = (await db.selectFrom('market_products').select('id').where('status', '=', 'on_sale').orderBy('id').limit(samples + 3).offset(Math.floor(size / 3)).execute()).map((r) => r.id)
    const orderTargets = await db.selectFrom('market_products as p').innerJoin('market_pickup_points as pp', 'pp.shop_id', 'p.shop_id').select(['p.id', 'pp.id as point']).orderBy('p.id').limit(samples + 3).offset(Math.floor(size / 2)).execute()
    const buyerToken = await login(env.origin, `scale-buyer-${size}`)
    // A clinic booking: one patient, a different slot each time (the slots of doctors a third of the way in).
    const patientToken = await login(env.origin, `scale-patient-${size}`)
    const patientRes = await fetch(`${env.origin}/api/clinic/patients`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${patientToken}` },
      body: JSON.stringify({ name: '王大爷', relation: '本人', idNumber: idNumber(`33010219650315${String(size % 1000).padStart(3, '0')}`) }),
    })
    if (patientRes.status !== 201) throw new Error(`patient: ${patientRes.status} ${await patientRes.text()}`)
    const patientId = ((await patientRes.json()) as { patient: { id: string } }).patient.id
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the clinic's tables, as in growClinic
    const slotIds = (await (kysely as Kysely<any>).selectFrom('clinic_slots').select('id').orderBy('id').limit(Math.min(samples, 200) + 3).offset(Math.floor((doctors * 14) / 3)).execute()).map((r: { id: string }) => r.id)
    // The API keeps public reads in memory while the catalogue is unchanged (platform/http/read-cache);
    // this bench measures what a read costs the database, so before each timed read a write empties it.
    const uncached = async () => {
      await sql`update market_categories set sort = sort where id = 'fruit'`.execute(kysely)
    }
    const grown: Grown = { database, size, env, kysely, origin: env.origin, base: `${env.origin}/api/market/products`, deepAt, positions, productIds, orderTargets, buyerToken, patientToken, patientId, slotIds, uncached }
    return { grown, growCell }
  } catch (e) {
    await env.close()
    throw e
  }
}

const FILTER = JSON.stringify([[], null, null])
const deepCursor = (g: Grown, sort: Sort, pageSize: number) => encodeCursor({ sort, rank: null, page: Math.floor(g.deepAt / pageSize) + 2, ...g.positions[sort] }, FILTER)
const getTimed = (g: Grown, samples: number, url: (i: number) => string) => time(samples, (i) => getOk(url(i)).then(() => undefined), g.uncached)

/** Every measurement, in the order taken; each one at every size before the next. */
function steps(): Step[] {
  const list: Step[] = []
  // Over HTTP, as a phone asks.
  for (const sort of SORTS) {
    list.push(async (g, n) => [[`list ${sort}, first page (HTTP)`, await getTimed(g, n, () => `${g.base}?sort=${sort}&size=20`)]])
    list.push(async (g, n) => [[`list ${sort}, deep page at 90 % (HTTP, cursor)`, await getTimed(g, n, () => `${g.base}?sort=${sort}&size=20&cursor=${deepCursor(g, sort, 20)}`)]])
  }
  // Common words (苹果, 米: one product in twelve), rare ones (菱, 菱角: one in 10,000), two words, the oldest product.
  const searches: [string, (size: number) => string][] = [
    ['search 苹果, common, 2 characters', () => '苹果'],
    ['search 米, common, 1 character', () => '米'],
    ['search 菱角, rare, 2 characters', () => '菱角'],
    ['search 菱, rare, 1 character', () => '菱'],
    ['search 洛川县 特级, two words, price_asc', () => '洛川县 特级'],
    ['search the oldest product by number', (size) => ` ${size - 1}号`],
  ]
  for (const [what, q] of searches) {
    const sortBy = what.includes('price_asc') ? '&sort=price_asc' : ''
    list.push(async (g, n) => [[`${what} (HTTP)`, await getTimed(g, n, () => `${g.base}?q=${encodeURIComponent(q(g.size))}&size=20${sortBy}`)]])
  }
  list.push(async (g, n) => [['product page (HTTP)', await getTimed(g, n, (i) => `${g.origin}/api/market/products/${g.productIds[(i + g.productIds.length) % g.productIds.length]}`)]])
  list.push(async (g, n) => {
    const timing = await time(Math.min(n, 200), async (i) => {
      const p = g.orderTargets[(i + g.orderTargets.length) % g.orderTargets.length]
      const res = await fetch(`${g.origin}/api/market/orders`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${g.buyerToken}`, 'idempotency-key': randomUUID() },
        body: JSON.stringify({ items: [{ productId: p?.id, quantity: 1 }], delivery: { kind: 'pickup', pickupPointId: p?.point } }),
      })
      // (startApiEnv lifts the buyer's unpaid-order quota to 1,000: more than the samples.)
      if (res.status !== 201) throw new Error(`order: ${res.status} ${await res.text()}`)
      await res.arrayBuffer()
    })
    return [['order creation (HTTP)', timing]]
  })
  list.push(async (g, n) => {
    const timing = await time(Math.min(n, 200), async (i) => {
      const res = await fetch(`${g.origin}/api/clinic/appointments`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${g.patientToken}`, 'idempotency-key': randomUUID() },
        body: JSON.stringify({ slotId: g.slotIds[i + 3], patientId: g.patientId, mode: 'text', symptoms: '高血压复诊，想调一下药', followUp: true }),
      })
      if (res.status !== 201) throw new Error(`booking: ${res.status} ${await res.text()}`)
      await res.arrayBuffer()
    })
    return [['booking (HTTP)', timing]]
  })
  // /healthz while five of the dearest catalogue requests run at once (SQLite: one thread), against /healthz alone.
  list.push(async (g) => {
    const healthz = async () => {
      const t = performance.now()
      await getOk(`${g.origin}/healthz`)
      return performance.now() - t
    }
    const alone: number[] = []
    for (let i = 0; i < 20; i++) alone.push(await healthz())
    const stalled: number[] = []
    for (let round = 0; round < 10; round++) {
      await g.uncached()
      const heavy = [
        ...SORTS.map((sort) => getOk(`${g.base}?sort=${sort}&size=50&cursor=${deepCursor(g, sort, 50)}`)),
        getOk(`${g.base}?q=${encodeURIComponent('米')}&size=50&sort=price_desc`),
        getOk(`${g.base}?q=${encodeURIComponent('省 特')}&size=50`),
      ]
      await new Promise((r) => setTimeout(r, 1))
      stalled.push(await healthz())
      await Promise.all(heavy)
    }
    const pct = (xs: number[]) => {
      const sorted = [...xs].sort((a, b) => a - b)
      return { p50: Math.round(percentile(sorted, 50) * 100) / 100, p99: Math.round(percentile(sorted, 99) * 100) / 100, samples: xs.length }
    }
    return [
      ['/healthz alone (baseline)', pct(alone)],
      ['/healthz during 5 deep-page/search requests', pct(stalled)],
    ]
  })
  // The list's query alone (rows, no photos or JSON): keyset against the old OFFSET.
  // The OFFSET baselines cost seconds each at 100k and more at 1M: fewer samples there.
  const baselineSamples = (g: Grown, n: number) => (g.size >= 1_000_000 ? 3 : Math.max(10, Math.round(n / (g.size >= 100_000 ? 5 : 2))))
  for (const sort of SORTS) {
    list.push(async (g, n) => {
      const db = marketDb(g.kysely)
      const position = { sort, rank: null, page: 2, ...g.positions[sort] }
      return [
        [`list ${sort}, deep page: keyset (SQL)`, await time(n, () => searchQuery(db, { sort, size: 20 }, position).execute().then(() => undefined))],
        [`list ${sort}, deep page: OFFSET baseline (SQL)`, await time(baselineSamples(g, n), () => searchQuery(db, { sort, size: 20, page: Math.floor(g.deepAt / 20) + 1 }).execute().then(() => undefined))],
      ]
    })
  }
  // The catalogue as it was before migration 0017: no index in price order (last: it drops them).
  list.push(async (g, n) => {
    const db = marketDb(g.kysely)
    await sql`drop index market_products_category_price`.execute(g.kysely)
    await sql`drop index market_products_price`.execute(g.kysely)
    const out: [string, Timing][] = []
    for (const sort of ['price_asc', 'price_desc'] as const) {
      out.push([`list ${sort}, first page: before 0017 (SQL)`, await time(baselineSamples(g, n), () => searchQuery(db, { sort, size: 20 }).execute().then(() => undefined))])
      out.push([`list ${sort}, deep page: OFFSET before 0017 (SQL)`, await time(baselineSamples(g, n), () => searchQuery(db, { sort, size: 20, page: Math.floor(g.deepAt / 20) + 1 }).execute().then(() => undefined))])
    }
    return out
  })
  return list
}

const loadavg = () => os.loadavg().map((x) => x.toFixed(1)).join(' / ')

/** TEST_DATABASE_URL, else the throwaway cluster apps/api/scripts/test-postgres.sh starts (as the throughput bench). */
function postgresUrl(root: string): string | undefined {
  if (process.env.TEST_DATABASE_URL) return process.env.TEST_DATABASE_URL
  const r = spawnSync(path.join(root, 'apps/api/scripts/test-postgres.sh'), [], { encoding: 'utf8', timeout: 120_000 })
  const url = r.stdout?.trim().split('\n').pop()
  return r.status === 0 && url?.startsWith('postgres') ? url : undefined
}

export const scaleBenchmark: Benchmark = {
  name: 'scale',
  title: 'Catalogue at scale: list, search, product page, order (keyset vs OFFSET)',
  async run(ctx) {
    if (ctx.quick) {
      return { headlines: [], charts: [], notes: ['Skipped in the quick run: growing the catalogue takes minutes (run `npm run bench -- --only scale`).'], data: null }
    }
    const parse = (v: string) => v.split(',').map(Number).filter((n) => n > 0)
    const sizes = parse(process.env.BENCH_SCALE_SIZES ?? '10000,100000,1000000')
    // 1M on both: growCatalogue grows it in minutes (tools/bench/README.md gives the times).
    const pgSizes = parse(process.env.BENCH_SCALE_PG_SIZES ?? '10000,100000,1000000')
    const samples = Number(process.env.BENCH_SCALE_SAMPLES ?? 100)
    const notes: string[] = []
    const cells: ScaleCell[] = []
    const pgUrl = postgresUrl(ctx.root)
    let admin: pg.Client | null = null
    if (pgUrl) {
      admin = new pg.Client({ connectionString: pgUrl })
      await admin.connect()
    } else notes.push('PostgreSQL skipped: no TEST_DATABASE_URL, and apps/api/scripts/test-postgres.sh could not start its cluster.')
    // Every size of both databases is grown first and kept running; then each measurement is taken
    // at every size back to back, so a ratio between sizes is not a change in the machine's load.
    const grown: Grown[] = []
    const databases: string[] = []
    try {
      const t0 = Date.now()
      for (const size of sizes) {
        const { grown: g, growCell } = await grow('SQLite', undefined, size, samples, ctx.log)
        grown.push(g)
        cells.push(growCell)
      }
      for (const size of admin && pgUrl ? pgSizes : []) {
        const name = `tianyuan_scale_${Date.now()}`
        await admin?.query(`create database ${name}`)
        databases.push(name)
        const u = new URL(pgUrl as string)
        u.pathname = `/${name}`
        const { grown: g, growCell } = await grow('PostgreSQL', u.toString(), size, samples, ctx.log)
        grown.push(g)
        cells.push(growCell)
      }
      ctx.log(`scale: grew everything in ${((Date.now() - t0) / 1000).toFixed(0)} s; measuring (load ${loadavg()})`)
      const t1 = Date.now()
      for (const step of steps()) {
        for (const g of grown) {
          for (const [what, r] of await step(g, samples)) {
            cells.push({ database: g.database, size: g.size, what, ...r })
            ctx.log(`${g.database} ${g.size.toLocaleString('en')}: ${what} p50 ${r.p50} ms, p99 ${r.p99} ms`)
          }
        }
      }
      notes.push(`Growing took ${((t1 - t0) / 1000).toFixed(0)} s in all, measuring ${((Date.now() - t1) / 1000).toFixed(0)} s; load average when measuring ended: ${loadavg()}.`)
    } finally {
      for (const g of grown) await g.env.close().catch(() => undefined)
      for (const name of databases) await admin?.query(`drop database if exists ${name} with (force)`).catch(() => undefined)
      await admin?.end()
    }
    notes.push(`Read cache: every timed read was preceded by an untimed write, so it was computed; answers from memory during them: ${cacheHits}.`)
    notes.push(`Sizes ${sizes.map((s) => s.toLocaleString('en')).join(', ')} products (50 per shop, one delivered order per two products); ${samples} requests per HTTP cell one after another (fewer for the slow baselines), 3 warm-ups. Deep page = 90 % of the way down. Search: a rare term's postings (≤ ${SEARCH_CANDIDATES.toLocaleString('en')}) or, for all-common words, at most ${SEARCH_WALK_ROWS.toLocaleString('en')} listing rows per request. PostgreSQL sizes: ${pgSizes.map((s) => s.toLocaleString('en')).join(', ')}. Each measurement was taken at every size and database back to back (a shared 2-core machine: compare sizes within a run).`)
    notes.push('Baselines: "OFFSET baseline" is the old page-number query with today\'s indexes; "before 0017" drops migration 0017\'s price indexes first — the catalogue as it was.')
    const headlines: Headline[] = []
    const find = (db: string, size: number, what: string) => cells.find((c) => c.database === db && c.size === size && c.what === what)
    for (const db of [...new Set(cells.map((c) => c.database))]) {
      for (const size of [...new Set(cells.filter((c) => c.database === db).map((c) => c.size))]) {
        const keyset = find(db, size, 'list price_asc, deep page: keyset (SQL)')
        const offset = find(db, size, 'list price_asc, deep page: OFFSET before 0017 (SQL)')
        if (keyset && offset) headlines.push({ metric: `${db} ${size.toLocaleString('en')}: deep page by price, p99`, value: keyset.p99, baseline: offset.p99, unit: 'ms', baselineLabel: 'OFFSET, no price index' })
      }
    }
    const groups: ChartGroup[] = cells
      .filter((c) => /deep page: (keyset|OFFSET before 0017)/.test(c.what) && c.what.includes('price_asc'))
      .reduce<ChartGroup[]>((acc, c) => {
        const label = `${c.database} ${c.size.toLocaleString('en')}`
        let g = acc.find((x) => x.label === label)
        if (!g) acc.push((g = { label, bars: [] }))
        g.bars.push({ series: c.what.includes('keyset') ? 'keyset' : 'OFFSET (before)', value: c.p99 })
        return acc
      }, [])
    return {
      headlines,
      charts: [{ title: 'Deep page sorted by price, p99 (lower is better)', unit: 'ms', groups }],
      table: { columns: ['database', 'products', 'what', 'p50 ms', 'p99 ms', 'samples'], rows: cells.map((c) => [c.database, c.size, c.what, c.p50, c.p99, c.samples]) },
      notes,
      data: cells,
    }
  },
}
