// `scale`: the catalogue's cost as it grows — 10k and 100k products (1M with BENCH_SCALE_SIZES),
// with their shops, sellers and orders, on SQLite and PostgreSQL. Per size: p50/p99 of the product
// list (first page and a deep page at 90 %, each sort), search, a product page and order creation
// over HTTP through the real API; and the list's query itself, keyset (cursor) against the old
// OFFSET pagination — the baseline, measured in the same run at the same size, once with
// migration 0017's price indexes and once without them (the catalogue as it was before).
// Full runs only: growing 100k products takes minutes, too long for npm test's quick run.
import { spawnSync } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import path from 'node:path'
import pg from 'pg'
import { sql } from 'kysely'
import { encodeCursor, growCatalogue, marketDb, searchQuery, SEARCH_SCAN_ROWS } from '@tianyuan/api'
import { login, startApiEnv } from '../api-env'
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

/** Runs `fn` `n` times one after another (after 3 warm-ups); p50/p99 in ms, two decimals. */
async function time(n: number, fn: (i: number) => Promise<void>): Promise<{ p50: number; p99: number; samples: number }> {
  for (let i = 0; i < 3; i++) await fn(-1 - i)
  const ms: number[] = []
  for (let i = 0; i < n; i++) {
    const t0 = performance.now()
    await fn(i)
    ms.push(performance.now() - t0)
  }
  ms.sort((a, b) => a - b)
  const round = (x: number) => Math.round(x * 100) / 100
  return { p50: round(percentile(ms, 50)), p99: round(percentile(ms, 99)), samples: n }
}

async function getOk(url: string, headers: Record<string, string> = {}): Promise<unknown> {
  const res = await fetch(url, { headers })
  if (!res.ok) throw new Error(`${url}: ${res.status} ${await res.text()}`)
  return res.json()
}

async function measureSize(database: string, databaseUrl: string | undefined, size: number, samples: number, log: (m: string) => void): Promise<ScaleCell[]> {
  const env = await startApiEnv({ databaseUrl })
  const cells: ScaleCell[] = []
  const cell = (what: string, r: { p50: number; p99: number; samples: number }) => {
    cells.push({ database, size, what, ...r })
    log(`${database} ${size.toLocaleString('en')}: ${what} p50 ${r.p50} ms, p99 ${r.p99} ms`)
  }
  try {
    const kysely = env.api.db.kysely
    const t0 = Date.now()
    await growCatalogue(kysely, { products: size, onProgress: (n) => n % 100_000 === 0 && log(`  grown ${n.toLocaleString('en')}`) })
    if (database === 'PostgreSQL') await sql`analyze`.execute(kysely)
    log(`${database}: grew ${size.toLocaleString('en')} products (+ ${Math.ceil(size / 50)} shops, ${Math.ceil(size / 2)} orders) in ${((Date.now() - t0) / 1000).toFixed(1)} s`)
    cells.push({ database, size, what: 'grow (s)', p50: Math.round((Date.now() - t0) / 100) / 10, p99: 0, samples: 1 })
    const db = marketDb(kysely)
    const base = `${env.origin}/api/market/products`
    const deepAt = Math.floor(size * 0.9)
    const positions: Record<Sort, { key: number; id: string }> = {} as never
    for (const sort of SORTS) {
      const row = (await searchQuery(db, { sort, size: 1, page: deepAt + 1 }).execute())[0]
      if (!row) throw new Error(`no row at ${deepAt} for ${sort}`)
      positions[sort] = { key: Number(sort === 'newest' ? row.created_at : row.price_fen), id: row.id }
    }
    const filter = JSON.stringify([[], null, null])

    // Over HTTP, as a phone asks.
    for (const sort of SORTS) {
      cell(`list ${sort}, first page (HTTP)`, await time(samples, () => getOk(`${base}?sort=${sort}&size=20`).then(() => undefined)))
      const cursor = encodeCursor({ sort, rank: null, page: Math.floor(deepAt / 20) + 2, ...positions[sort] }, filter)
      cell(`list ${sort}, deep page at 90 % (HTTP, cursor)`, await time(samples, () => getOk(`${base}?sort=${sort}&size=20&cursor=${cursor}`).then(() => undefined)))
    }
    cell('search 苹果 (HTTP)', await time(samples, () => getOk(`${base}?q=${encodeURIComponent('苹果')}&size=20`).then(() => undefined)))
    cell('search 洛川县 特级 (HTTP)', await time(samples, () => getOk(`${base}?q=${encodeURIComponent('洛川县 特级')}&sort=price_asc&size=20`).then(() => undefined)))
    const ids = (await db.selectFrom('market_products').select('id').where('status', '=', 'on_sale').orderBy('id').limit(samples + 3).offset(Math.floor(size / 3)).execute()).map((r) => r.id)
    cell('product page (HTTP)', await time(samples, (i) => getOk(`${env.origin}/api/market/products/${ids[(i + ids.length) % ids.length]}`).then(() => undefined)))
    const token = await login(env.origin, `scale-buyer-${size}`)
    const products = (await db.selectFrom('market_products as p').innerJoin('market_pickup_points as pp', 'pp.shop_id', 'p.shop_id').select(['p.id', 'pp.id as point']).orderBy('p.id').limit(samples + 3).offset(Math.floor(size / 2)).execute())
    const orders = Math.min(samples, 200)
    cell('order creation (HTTP)', await time(orders, async (i) => {
      const p = products[(i + products.length) % products.length]
      const res = await fetch(`${env.origin}/api/market/orders`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'idempotency-key': randomUUID() },
        body: JSON.stringify({ items: [{ productId: p?.id, quantity: 1 }], delivery: { kind: 'pickup', pickupPointId: p?.point } }),
      })
      // (startApiEnv lifts the buyer's unpaid-order quota to 1,000: more than the samples.)
      if (res.status !== 201) throw new Error(`order: ${res.status} ${await res.text()}`)
      await res.arrayBuffer()
    }))

    // The list's query alone (rows, no photos or JSON): keyset against the old OFFSET.
    const baselineSamples = Math.max(10, Math.round(samples / (size >= 100_000 ? 5 : 2)))
    for (const sort of SORTS) {
      const position = { sort, rank: null, page: 2, ...positions[sort] }
      cell(`list ${sort}, deep page: keyset (SQL)`, await time(samples, () => searchQuery(db, { sort, size: 20 }, position).execute().then(() => undefined)))
      cell(`list ${sort}, deep page: OFFSET baseline (SQL)`, await time(baselineSamples, () => searchQuery(db, { sort, size: 20, page: Math.floor(deepAt / 20) + 1 }).execute().then(() => undefined)))
    }
    // The catalogue as it was before migration 0017: no index in price order.
    await sql`drop index market_products_category_price`.execute(kysely)
    await sql`drop index market_products_price`.execute(kysely)
    for (const sort of ['price_asc', 'price_desc'] as const) {
      cell(`list ${sort}, first page: before 0017 (SQL)`, await time(baselineSamples, () => searchQuery(db, { sort, size: 20 }).execute().then(() => undefined)))
      cell(`list ${sort}, deep page: OFFSET before 0017 (SQL)`, await time(baselineSamples, () => searchQuery(db, { sort, size: 20, page: Math.floor(deepAt / 20) + 1 }).execute().then(() => undefined)))
    }
    return cells
  } finally {
    await env.close()
  }
}

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
    const sizes = (process.env.BENCH_SCALE_SIZES ?? '10000,100000').split(',').map(Number).filter((n) => n > 0)
    const samples = Number(process.env.BENCH_SCALE_SAMPLES ?? 100)
    const notes: string[] = []
    const cells: ScaleCell[] = []
    const pgUrl = postgresUrl(ctx.root)
    let admin: pg.Client | null = null
    if (pgUrl) {
      admin = new pg.Client({ connectionString: pgUrl })
      await admin.connect()
    } else notes.push('PostgreSQL skipped: no TEST_DATABASE_URL, and apps/api/scripts/test-postgres.sh could not start its cluster.')
    try {
      for (const size of sizes) {
        cells.push(...(await measureSize('SQLite', undefined, size, samples, ctx.log)))
        if (admin && pgUrl) {
          const name = `tianyuan_scale_${Date.now()}`
          await admin.query(`create database ${name}`)
          try {
            const u = new URL(pgUrl)
            u.pathname = `/${name}`
            cells.push(...(await measureSize('PostgreSQL', u.toString(), size, samples, ctx.log)))
          } finally {
            await admin.query(`drop database if exists ${name} with (force)`).catch(() => undefined)
          }
        }
      }
    } finally {
      await admin?.end()
    }
    const loadavg = (await import('node:os')).loadavg().map((x) => x.toFixed(1)).join(' / ')
    notes.push(`Sizes ${sizes.map((s) => s.toLocaleString('en')).join(', ')} products (50 per shop, one delivered order per two products); ${samples} requests per HTTP cell one after another (fewer for the slow baselines), 3 warm-ups. Deep page = 90 % of the way down. Search reads at most ${SEARCH_SCAN_ROWS.toLocaleString('en')} products (the newest on sale). Load average at the end: ${loadavg} (a shared 2-core machine).`)
    notes.push('Baselines: "OFFSET baseline" is the old page-number query with today\'s indexes; "before 0017" drops migration 0017\'s price indexes first — the catalogue as it was.')
    const headlines: Headline[] = []
    const find = (db: string, size: number, what: string) => cells.find((c) => c.database === db && c.size === size && c.what === what)
    for (const db of [...new Set(cells.map((c) => c.database))]) {
      for (const size of sizes) {
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
