import type { ProductPage } from '@tianyuan/contracts'
import { describeEachDatabase, type TestDatabase } from '../testing/databases'
import { createHarness, removeMediaDir, type Harness } from '../testing/harness'
import { createDiskStorage } from '../platform/media/storage'
import { normalizeUpload } from '../platform/media/images'
import { marketIsEmpty, seedMarket, SEED_MARKET_PICTURES, SEED_MARKET_PRODUCTS, SEED_MARKET_SELLERS } from './market'
import { renderPicture, type PictureKind } from './pictures'

describeEachDatabase('market seed data', (fresh) => {
  let database: TestDatabase
  let h: Harness

  beforeAll(async () => {
    database = await fresh()
    h = await createHarness(database)
  })
  afterAll(async () => {
    await h.close()
    removeMediaDir(h)
    await database.drop()
  })

  test('a dozen sellers and about 60 products, each with a picture of itself, through the real services; a second run adds nothing', async () => {
    const deps = { db: h.db.kysely, storage: createDiskStorage(h.mediaDir), now: h.clock.now }
    expect(await marketIsEmpty(h.db.kysely)).toBe(true)
    expect(await seedMarket(deps)).toEqual({ sellers: SEED_MARKET_SELLERS, products: SEED_MARKET_PRODUCTS })
    expect(SEED_MARKET_SELLERS).toBe(12)
    expect(SEED_MARKET_PRODUCTS).toBe(60)
    expect(await marketIsEmpty(h.db.kysely)).toBe(false)
    expect(await seedMarket(deps)).toEqual({ sellers: 0, products: 0 })

    const page = (await (await h.request('GET', `/api/market/products?size=50&q=${encodeURIComponent('洛川')}`)).json()) as ProductPage
    expect(page.items.length).toBeGreaterThanOrEqual(5)
    const product = page.items[0]
    expect(product?.photos.length).toBeGreaterThan(0)
    expect(product?.photos[0]?.thumbhash).toMatch(/^[A-Za-z0-9+/=]+$/)
    // Variants render from the uploaded originals.
    const variant = await h.request('GET', `/api/media/${product?.photos[0]?.id}?w=320`)
    expect(variant.status).toBe(200)
    expect(variant.headers.get('content-type')).toBe('image/jpeg')
    // Sold-out demo products are listed with stock 0; every harvest date is a real past day.
    const all = (await (await h.request('GET', '/api/market/products?size=50&sort=price_asc')).json()) as ProductPage
    expect(all.hasMore).toBe(true)
    for (const p of all.items) expect(p.harvestDate <= '2026-11-28').toBe(true)

    // Every product shows the illustration of what it is (not a field, a cat or a ladybird), as the
    // media service stored it: compared by the thumbhash the upload of that illustration gets.
    const expected = new Map<PictureKind, string>()
    for (const kind of new Set(SEED_MARKET_PICTURES.map((p) => p.picture))) {
      expected.set(kind, (await normalizeUpload(await renderPicture(kind), 'image/jpeg', 40_000_000)).thumbhash)
    }
    const listed: ProductPage['items'] = []
    for (let page = 1; ; page++) {
      const body = (await (await h.request('GET', `/api/market/products?size=50&page=${page}`)).json()) as ProductPage
      listed.push(...body.items)
      if (!body.hasMore) break
    }
    expect(listed).toHaveLength(SEED_MARKET_PRODUCTS)
    for (const p of listed) {
      const kind = SEED_MARKET_PICTURES.find((s) => s.title === p.title)?.picture as PictureKind
      expect({ title: p.title, photos: p.photos.map((photo) => photo.thumbhash) }).toEqual({ title: p.title, photos: [expected.get(kind)] })
    }
  })
})
