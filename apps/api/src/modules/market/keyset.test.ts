import type { ErrorBody, ProductPage, ProductSort } from '@tianyuan/contracts'
import { sql } from 'kysely'
import { describeEachDatabase, type TestDatabase } from '../../testing/databases'
import { createHarness, removeMediaDir, type Harness } from '../../testing/harness'
import { searchQuery } from './catalog'
import { decodeCursor } from './cursor'
import { growCatalogue } from './grow'
import { marketDb } from './schema'
import { json, newSeller, publish, type TestSeller } from './testing'

// Keyset (cursor) pagination of GET /api/market/products: every sort walked to its end, with
// writes between pages; bad cursors; and the deep page's query plan on each database.

const PRODUCTS = 3_000
const SORTS: ProductSort[] = ['newest', 'price_asc', 'price_desc']

type Row = { id: string; price_fen: number | string; created_at: number | string }

/** The sort's order, as the API promises it (ties by id: ascending, descending for price_desc). */
function ordered(rows: Row[], sort: ProductSort): string[] {
  const key = (r: Row) => Number(sort === 'newest' ? r.created_at : r.price_fen)
  const byId = (a: Row, b: Row) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  return [...rows]
    .sort((a, b) => {
      if (sort === 'newest') return key(b) - key(a) || byId(a, b)
      if (sort === 'price_asc') return key(a) - key(b) || byId(a, b)
      return key(b) - key(a) || byId(b, a)
    })
    .map((r) => r.id)
}

describeEachDatabase('market catalogue: keyset pagination', (fresh) => {
  let database: TestDatabase
  let h: Harness
  let seller: TestSeller

  beforeAll(async () => {
    database = await fresh()
    h = await createHarness(database)
    seller = await newSeller(h, '规模测试果园')
    await growCatalogue(h.db.kysely, { products: PRODUCTS, now: h.clock.now() - 60_000 })
    if (database.kind === 'postgres') await sql`analyze`.execute(h.db.kysely)
  }, 120_000)
  afterAll(async () => {
    await h.close()
    removeMediaDir(h)
    await database.drop()
  })

  const list = async (qs: string) => json<ProductPage>(await h.request('GET', `/api/market/products?${qs}`), 200)
  const onSale = async (category?: string) => {
    let q = marketDb(h.db.kysely).selectFrom('market_products').select(['id', 'price_fen', 'created_at']).where('status', '=', 'on_sale')
    if (category) q = q.where('category_id', '=', category)
    return (await q.execute()) as Row[]
  }

  /** Follows nextCursor to the end; `between` runs after each page. */
  async function walk(qs: string, between?: (page: number) => Promise<void>): Promise<ProductPage[]> {
    const pages: ProductPage[] = []
    let cursor: string | null = null
    do {
      const page: ProductPage = await list(`${qs}${cursor ? `&cursor=${cursor}` : ''}`)
      pages.push(page)
      expect(page.page).toBe(pages.length)
      expect(page.hasMore).toBe(page.nextCursor !== null)
      cursor = page.nextCursor
      if (between) await between(pages.length)
    } while (cursor && pages.length < 1_000)
    return pages
  }

  test.each(SORTS)('walking every page of %s returns every product on sale exactly once, in order', async (sort) => {
    const pages = await walk(`sort=${sort}&size=50`)
    const ids = pages.flatMap((p) => p.items.map((i) => i.id))
    expect(ids).toEqual(ordered(await onSale(), sort))
    expect(pages.length).toBe(Math.ceil(ids.length / 50))
  }, 120_000)

  test.each(SORTS)('a category walked by %s, and a search walked page by page, are complete and in order', async (sort) => {
    const pages = await walk(`sort=${sort}&size=37&category=grain`)
    expect(pages.flatMap((p) => p.items.map((i) => i.id))).toEqual(ordered(await onSale('grain'), sort))
    // Search: title matches first (matchRank), each tier in the sort's order; the cursor carries the tier.
    const word = encodeURIComponent('小米')
    const searched = (await walk(`sort=${sort}&size=9&q=${word}`)).flatMap((p) => p.items)
    expect(new Set(searched.map((p) => p.id)).size).toBe(searched.length)
    expect(searched.length).toBeGreaterThan(100)
    expect(searched.every((p) => p.title.includes('小米'))).toBe(true)
    const asOnePage = (await json<ProductPage>(await h.request('GET', `/api/market/products?sort=${sort}&size=50&q=${word}`), 200)).items
    expect(searched.slice(0, 50).map((p) => p.id)).toEqual(asOnePage.map((p) => p.id))
  }, 120_000)

  test.each(SORTS)('%s: products added and re-priced between pages never break the walk', async (sort) => {
    const before = await onSale()
    const repriced = new Set<string>()
    let added: string[] = []
    const pages = await walk(`sort=${sort}&size=50`, async (n) => {
      if (n !== 3) return
      // A new product (newest: ahead of the cursor only by time — it is newer, so before it) and
      // prices changed on rows both behind and ahead of the cursor.
      h.clock.advance(1000)
      added = [(await publish(h, seller, { title: `新上架 ${sort}`, priceFen: 1 })).id, (await publish(h, seller, { title: `新上架贵 ${sort}`, priceFen: 10_000_000 })).id]
      const order = ordered(before, sort)
      for (const id of [order[10], order[2000]]) {
        if (!id) continue
        repriced.add(id)
        await marketDb(h.db.kysely).updateTable('market_products').set({ price_fen: 55_555 }).where('id', '=', id).execute()
      }
    })
    const shown = pages.flatMap((p) => p.items)
    const ids = shown.map((p) => p.id)
    // Every product on sale for the whole walk with its key unchanged: exactly once, in order.
    const steady = ordered(before, sort).filter((id) => !repriced.has(id))
    expect(ids.filter((id) => !repriced.has(id) && !added.includes(id))).toEqual(steady)
    // Rows as shown are in the sort's order across page boundaries (each at the key it had then).
    const keys = shown.map((p) => (sort === 'newest' ? Date.parse(p.createdAt) : p.priceFen))
    for (let i = 1; i < keys.length; i++) {
      const [a, b] = [keys[i - 1] as number, keys[i] as number]
      if (sort === 'price_asc') expect(b).toBeGreaterThanOrEqual(a)
      else expect(b).toBeLessThanOrEqual(a)
    }
    // What was added ahead of the cursor is shown once; behind it (already passed), not at all.
    for (const id of added) expect(ids.filter((x) => x === id).length).toBeLessThanOrEqual(1)
    if (sort === 'price_asc') expect(ids).toContain(added[1])
    if (sort === 'price_desc') expect(ids).toContain(added[0])
    if (sort === 'newest') expect(ids.some((id) => added.includes(id))).toBe(false)
    // Tidy up for the next sort.
    for (const id of added) await json(await h.request('POST', `/api/market/seller/products/${id}/unlist`, { token: seller.token }), 200)
  }, 120_000)

  test('a cursor the server did not make, for another list, or with page= is a 400 in Chinese', async () => {
    const first = await list('sort=price_asc&size=10')
    const cursor = first.nextCursor ?? ''
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/)
    const flip = (s: string, at: number) => s.slice(0, at) + (s[at] === 'A' ? 'B' : 'A') + s.slice(at + 1)
    const bad = [
      'not-a-cursor',
      cursor.slice(0, -3),
      flip(cursor, 8),
      flip(cursor, cursor.length - 2),
      Buffer.from('[1,"price_asc",null,100,"x",2]0123456789').toString('base64url'),
      'a%2Bb',
      'x'.repeat(401),
    ]
    for (const c of bad) {
      const res = await h.request('GET', `/api/market/products?sort=price_asc&size=10&cursor=${c}`)
      expect(res.status).toBe(400)
      expect(((await res.json()) as ErrorBody).message).toMatch(/翻页位置无效|「cursor」/)
    }
    // Made for another sort or another filter: refused rather than answered with the wrong list.
    for (const qs of ['sort=price_desc', 'sort=newest', 'sort=price_asc&category=fruit', `sort=price_asc&q=${encodeURIComponent('小米')}`]) {
      const res = await h.request('GET', `/api/market/products?${qs}&size=10&cursor=${cursor}`)
      expect(res.status).toBe(400)
      expect(((await res.json()) as ErrorBody).message).toContain('翻页位置无效')
    }
    const both = await h.request('GET', `/api/market/products?sort=price_asc&size=10&page=2&cursor=${cursor}`)
    expect(both.status).toBe(400)
    expect(((await both.json()) as ErrorBody).message).toContain('「page」和「cursor」只能用一个')
    // A cursor's page is a public read like the first: ETag, and 304 for a phone whose copy is current.
    const tagged = await h.request('GET', `/api/market/products?sort=price_asc&size=10&cursor=${cursor}`)
    const etag = tagged.headers.get('etag') ?? ''
    expect(etag).not.toBe('')
    expect((await h.request('GET', `/api/market/products?sort=price_asc&size=10&cursor=${cursor}`, { headers: { 'if-none-match': etag } })).status).toBe(304)
    // The same cursor again gives the same page (a retry on a weak network is safe).
    expect((await list(`sort=price_asc&size=10&cursor=${cursor}`)).items).toEqual((await list(`sort=price_asc&size=10&cursor=${cursor}`)).items)
    expect(decodeCursor(cursor, JSON.stringify([[], null, null]), 'price_asc').page).toBe(2)
  })

  test('page= still works near the start (older app versions) and is refused deep, where an offset costs every row it skips', async () => {
    const byPage = await list('sort=price_asc&size=20&page=3')
    const byCursor = await list(`sort=price_asc&size=20&cursor=${(await list(`sort=price_asc&size=20&cursor=${(await list('sort=price_asc&size=20')).nextCursor}`)).nextCursor}`)
    expect(byPage.items.map((p) => p.id)).toEqual(byCursor.items.map((p) => p.id))
    expect(byPage.page).toBe(3)
    expect(byPage.nextCursor).not.toBeNull()
    const deep = await h.request('GET', '/api/market/products?sort=price_asc&size=20&page=100')
    expect(deep.status).toBe(400)
    expect(((await deep.json()) as ErrorBody).message).toMatch(/「page」太靠后了.*nextCursor/)
  })

  test.each(SORTS)('a deep page sorted by %s is read from an index from the cursor on (no sort of the whole table)', async (sort) => {
    for (const category of [undefined, 'grain']) {
      // The position of a deep page (page 50 of the whole list, page 10 of a category's), as the API's own cursor carries it.
      const depth = category ? 180 : 2_450
      const row = (await marketDb(h.db.kysely)
        .selectFrom('market_products')
        .select(['id', 'price_fen', 'created_at'])
        .where('id', '=', ordered(await onSale(category), sort)[depth] ?? '')
        .executeTakeFirstOrThrow()) as Row
      const position = { sort, rank: null, key: Number(sort === 'newest' ? row.created_at : row.price_fen), id: row.id, page: 10 }
      const query = searchQuery(marketDb(h.db.kysely), { sort, size: 20, category }, position).compile()
      const index = category ? (sort === 'newest' ? 'market_products_category' : 'market_products_category_price') : sort === 'newest' ? 'market_products_listing' : 'market_products_price'
      if (database.kind === 'sqlite') {
        const plan = (await h.db.kysely.executeQuery<{ detail: string }>({ ...query, sql: `explain query plan ${query.sql}` })).rows.map((r) => r.detail).join('\n')
        expect(plan).not.toContain('TEMP B-TREE')
        expect(plan).toMatch(new RegExp(`SEARCH p USING INDEX ${index} \\((category_id=\\? AND )?status=\\? AND (price_fen|created_at)[<>]\\?\\)`))
      } else {
        const plan = (await h.db.kysely.executeQuery<{ 'QUERY PLAN': string }>({ ...query, sql: `explain ${query.sql}` })).rows.map((r) => r['QUERY PLAN']).join('\n')
        expect(plan).not.toMatch(/\bSort\b/)
        // With a category, the planner may also walk the whole list's index of this sort and filter the category.
        const indexes = sort === 'newest' ? 'market_products_(category|listing)' : 'market_products_(category_)?price'
        expect(plan).toMatch(new RegExp(`Index Scan (Backward )?using ${category ? indexes : index} on market_products p`))
        expect(plan).toMatch(/Index Cond: .*(price_fen|created_at) [<>]=/)
      }
    }
  })
})
