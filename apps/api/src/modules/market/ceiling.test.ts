import type { ProductPage } from '@tianyuan/contracts'
import { sql } from 'kysely'
import { describeEachDatabase, type TestDatabase } from '../../testing/databases'
import { createHarness, removeMediaDir, type Harness } from '../../testing/harness'
import { SEARCH_CANDIDATES, SEARCH_WALK_ROWS, searchPlan, searchQuery } from './catalog'
import { growCatalogue } from './grow'
import { marketDb } from './schema'
import { json } from './testing'

// A ceiling on what one catalogue request may cost. better-sqlite3 runs each statement on the
// process's only thread and has no statement timeout (no progress handler in v12), so a request
// that reads the whole table stalls every other — /healthz included. What bounds it: offsets
// (`page=`) stop at MAX_PRODUCT_OFFSET rows and lists read one page from an index at any depth
// (keyset.test.ts); a search reads the postings of a rare term (≤ SEARCH_CANDIDATES) or walks the
// listing at most SEARCH_WALK_ROWS products per request (here). How long /healthz waits meanwhile
// is a timing, measured by the scale bench, not asserted here.

// More products than the old scan ceiling (the newest 20,000), and more than both bounds.
const PRODUCTS = 20_500

describeEachDatabase('market catalogue: no request can stall the others', (fresh) => {
  let database: TestDatabase
  let h: Harness

  beforeAll(async () => {
    database = await fresh()
    h = await createHarness(database)
    await growCatalogue(h.db.kysely, { products: PRODUCTS, now: h.clock.now() - 60_000 })
    if (database.kind === 'postgres') await sql`analyze`.execute(h.db.kysely)
  }, 300_000)
  afterAll(async () => {
    await h.close()
    removeMediaDir(h)
    await database.drop()
  })

  const search = async (qs: string) => json<ProductPage>(await h.request('GET', `/api/market/products?${qs}`), 200)

  test('a search finds a product whatever its age (the oldest of all, by its number)', async () => {
    // Titles carry their number: "…N号"; product N was created N seconds before the newest.
    for (const n of [PRODUCTS - 1, 20_001, 7]) {
      const page = await search(`q=${encodeURIComponent(` ${n}号`)}`)
      expect(page.items.map((p) => p.title).filter((t) => t.endsWith(` ${n}号`))).toHaveLength(1)
    }
  })

  test('a rare term is answered from its postings: the plan starts from the index, never a scan of the products', async () => {
    const words = ['20499号']
    const plan = await searchPlan(marketDb(h.db.kysely), words)
    expect(plan.kind).toBe('postings')
    const term = plan.kind === 'postings' ? plan.term : ''
    const query = searchQuery(marketDb(h.db.kysely), { q: words[0], term, size: 20 }).compile()
    if (database.kind === 'sqlite') {
      const detail = (await h.db.kysely.executeQuery<{ detail: string }>({ ...query, sql: `explain query plan ${query.sql}` })).rows.map((r) => r.detail).join('\n')
      expect(detail).toMatch(/SEARCH t USING PRIMARY KEY \(term=\?\)/)
      expect(detail).not.toMatch(/SCAN (p|s|t)\b/)
    } else {
      const detail = (await h.db.kysely.executeQuery<{ 'QUERY PLAN': string }>({ ...query, sql: `explain ${query.sql}` })).rows.map((r) => r['QUERY PLAN']).join('\n')
      // An index scan (plain or bitmap) of the term's postings, then of the products by primary key.
      expect(detail).toMatch(/Index (Only )?Scan (using|on) market_search_terms_pk[^\n]*\n\s+Index Cond: \(term = /)
      expect(detail).toMatch(/Index Scan (using|on) market_products_pkey[^\n]*\n\s+Index Cond: \(id = ANY/)
      expect(detail).not.toMatch(/Seq Scan on market_products/)
    }
  })

  test('a common one-character word (号, in every title) fills its page from the listing, in order', async () => {
    expect(await searchPlan(marketDb(h.db.kysely), ['号'])).toEqual({ kind: 'walk' })
    const page = await search(`q=${encodeURIComponent('号')}&sort=price_asc&size=20`)
    expect(page.items).toHaveLength(20)
    const prices = page.items.map((p) => p.priceFen)
    expect(prices).toEqual([...prices].sort((a, b) => a - b))
    expect(page.nextCursor).not.toBeNull()
  })

  test('common words whose best fields are known start at that rank: 省 特 (an origin and a grade) fills its first page', async () => {
    expect(await searchPlan(marketDb(h.db.kysely), ['省', '特'])).toEqual({ kind: 'walk' })
    // 省 is in every origin (tier 1), 特 only in the grade 特级 (tier 2): every match ranks 3, and the
    // walk starts there (ranks 0–2 would hold nothing).
    const page = await search(`q=${encodeURIComponent('省 特')}&size=50`)
    expect(page.items).toHaveLength(50)
    expect(page.items.every((p) => p.grade === '特级')).toBe(true)
  })

  test('common words that never meet: each request stops after SEARCH_WALK_ROWS products, and the walk ends', async () => {
    // 特 (特级) and 二 (二级) are each in a third of the products' grades, never in one together.
    expect(SEARCH_WALK_ROWS).toBeLessThan(PRODUCTS)
    expect(await searchPlan(marketDb(h.db.kysely), ['特', '二'])).toEqual({ kind: 'walk' })
    const q = encodeURIComponent('特 二')
    const first = await search(`q=${q}&size=50`)
    // A scan of the whole table would have answered "nothing, no more pages"; the walk stopped at its budget.
    expect(first.items).toHaveLength(0)
    expect(first.hasMore).toBe(true)
    let cursor = first.nextCursor
    let requests = 1
    while (cursor && requests < 100) {
      const page = await search(`q=${q}&size=50&cursor=${cursor}`)
      expect(page.items).toHaveLength(0)
      cursor = page.nextCursor
      requests++
    }
    // Ranks 4–6 (each word at best a grade: tier 2) of 20,500 products at 10,000 a request: the walk ends.
    expect(cursor).toBeNull()
    expect(requests).toBeLessThanOrEqual(Math.ceil((3 * PRODUCTS) / SEARCH_WALK_ROWS) + 3)
  }, 120_000)

  test('a walk goes through every match once, in order, across pages and budgets', async () => {
    const q = encodeURIComponent('省 特')
    const ids: string[] = []
    let cursor: string | null = null
    let requests = 0
    do {
      const page: ProductPage = await search(`q=${q}&size=50${cursor ? `&cursor=${cursor}` : ''}`)
      ids.push(...page.items.map((p) => p.id))
      cursor = page.nextCursor
      requests++
    } while (cursor && requests < 1_000)
    const expectedIds = (
      await marketDb(h.db.kysely).selectFrom('market_products').select('id').where('grade', '=', '特级').where('status', '=', 'on_sale').orderBy('created_at', 'desc').orderBy('id').execute()
    ).map((r) => r.id)
    expect(expectedIds.length).toBeGreaterThan(SEARCH_CANDIDATES)
    expect(ids).toEqual(expectedIds)
    // The matches 50 at a time, a few pages cut short where a request's budget ended.
    expect(requests).toBeLessThanOrEqual(Math.ceil(expectedIds.length / 50) + Math.ceil(PRODUCTS / SEARCH_WALK_ROWS) + 4)
  }, 120_000)
})
