import type { ProductPage } from '@tianyuan/contracts'
import { describeEachDatabase, type TestDatabase } from '../../testing/databases'
import { createHarness, removeMediaDir, type Harness } from '../../testing/harness'
import { SEARCH_SCAN_ROWS } from './catalog'
import { growCatalogue } from './grow'
import { json } from './testing'

// A ceiling on what one catalogue request may cost. better-sqlite3 runs each statement on the
// process's only thread and has no statement timeout (no progress handler in v12), so a request
// that reads the whole table stalls every other — /healthz included. What bounds it: offsets
// (`page=`) stop at MAX_PRODUCT_OFFSET rows (keyset.test.ts), lists read one page from an index at
// any depth (keyset.test.ts checks the plans), and a search reads at most SEARCH_SCAN_ROWS products
// (here). How long /healthz waits meanwhile is a timing, measured by the scale bench, not asserted here.

// Just past the search's scan ceiling: products older than the newest SEARCH_SCAN_ROWS exist.
const PRODUCTS = SEARCH_SCAN_ROWS + 500

describeEachDatabase('market catalogue: no request can stall the others', (fresh) => {
  let database: TestDatabase
  let h: Harness

  beforeAll(async () => {
    database = await fresh()
    h = await createHarness(database)
    await growCatalogue(h.db.kysely, { products: PRODUCTS, now: h.clock.now() - 60_000 })
  }, 300_000)
  afterAll(async () => {
    await h.close()
    removeMediaDir(h)
    await database.drop()
  })

  test('a search finds among the newest SEARCH_SCAN_ROWS products on sale (older ones need more words or a category)', async () => {
    // Titles carry their number: "…N号"; product N was created N seconds before the newest.
    const newest = await json<ProductPage>(await h.request('GET', `/api/market/products?q=${encodeURIComponent(` ${SEARCH_SCAN_ROWS - 1}号`)}`), 200)
    expect(newest.items.some((p) => p.title.endsWith(` ${SEARCH_SCAN_ROWS - 1}号`))).toBe(true)
    const older = await json<ProductPage>(await h.request('GET', `/api/market/products?q=${encodeURIComponent(` ${PRODUCTS - 1}号`)}`), 200)
    expect(older.items.some((p) => p.title.endsWith(` ${PRODUCTS - 1}号`))).toBe(false)
  })
})
