import type { ErrorBody, ProductPage } from '@tianyuan/contracts'
import { describeEachDatabase, type TestDatabase } from '../../testing/databases'
import { createHarness, removeMediaDir, type Harness } from '../../testing/harness'
import * as searchIndexMigration from '../../platform/db/migrations/0018_catalogue_search'
import { growCatalogue } from './grow'
import { marketDb } from './schema'
import { termsOf, type SearchFields } from './search-terms'
import { json, newSeller, publish, type TestSeller } from './testing'

// The search index (market_search_terms, migration 0018) kept in step with the products: what a
// seller writes is found by 1- and 2-character words at once, and edits, renames and delisting
// change what is found. The big-catalogue side (age, cost, plans) is in ceiling.test.ts.

describeEachDatabase('market search index', (fresh) => {
  let database: TestDatabase
  let h: Harness
  let seller: TestSeller

  beforeAll(async () => {
    database = await fresh()
    h = await createHarness(database)
    seller = await newSeller(h, '谷咀村老张家果园')
  })
  afterAll(async () => {
    await h.close()
    removeMediaDir(h)
    await database.drop()
  })

  const search = async (q: string, more = '') => json<ProductPage>(await h.request('GET', `/api/market/products?q=${encodeURIComponent(q)}${more}`), 200)
  const titles = (page: ProductPage) => page.items.map((p) => p.title).sort()
  /** The index rows of a product, as the database holds them. */
  const byCodeUnit = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)
  const postings = async (id: string) =>
    (await marketDb(h.db.kysely).selectFrom('market_search_terms').select(['term', 'tier']).where('product_id', '=', id).execute()).map((r) => `${r.term} ${r.tier}`).sort(byCodeUnit)
  /** What the index should hold for these fields: each term with the first field it is in. */
  const expected = (fields: SearchFields, id = '') => [...termsOf(fields)].map(([term, tier]) => `${term} ${tier}${id}`).sort(byCodeUnit)
  /** A product's fields, as the database holds them. */
  const fieldsOf = async (id: string): Promise<SearchFields> =>
    marketDb(h.db.kysely)
      .selectFrom('market_products as p')
      .innerJoin('market_shops as s', 's.id', 'p.shop_id')
      .select(['p.title', 'p.origin', 'p.grade', 's.name as shopName'])
      .where('p.id', '=', id)
      .executeTakeFirstOrThrow()

  test('a new product is found by one and two characters, by mixed words, and Latin letters in any case', async () => {
    const potato = await publish(h, seller, { title: '高山土豆 Holland', origin: '甘肃定西', grade: '特级', categoryId: 'vegetables' })
    await publish(h, seller, { title: '五寨小米', origin: '山西五寨', grade: '一级', categoryId: 'grain' })
    expect(titles(await search('豆'))).toEqual(['高山土豆 Holland'])
    expect(titles(await search('土豆'))).toEqual(['高山土豆 Holland'])
    expect(titles(await search('米'))).toEqual(['五寨小米'])
    expect(titles(await search('定西 土豆'))).toEqual(['高山土豆 Holland'])
    expect(titles(await search('hOLLand'))).toEqual(['高山土豆 Holland'])
    // Every word must be in the product: one that is not (西瓜) leaves nothing, even beside one that is.
    expect(titles(await search('土豆 西瓜'))).toEqual([])
    // Pairs across a space are not words of the product ("豆 H" is two words, each found).
    expect(titles(await search('豆H'))).toEqual([])
    // The shop's name is searchable too (tier 3, after title, origin and grade matches).
    expect(titles(await search('谷咀'))).toEqual(['五寨小米', '高山土豆 Holland'])
    expect(await postings(potato.id)).toEqual(expected({ title: '高山土豆 Holland', origin: '甘肃定西', grade: '特级', shopName: '谷咀村老张家果园' }))
    // Title first: 土 is in the title (tier 0); 甘 only in the origin (1); 特 only in the grade (2); 咀 only in the shop's name (3).
    expect((await postings(potato.id)).filter((t) => /^(土|甘|特|咀) /.test(t))).toEqual(['咀 3', '土 0', '特 2', '甘 1'].sort(byCodeUnit))
  })

  test('an edit, a shop rename and delisting change what is found, in the same request', async () => {
    const p = await publish(h, seller, { title: '恩施富硒茶', origin: '湖北恩施', grade: '特级', categoryId: 'specialty' })
    expect(titles(await search('硒'))).toEqual(['恩施富硒茶'])
    await json(await h.request('PATCH', `/api/market/seller/products/${p.id}`, { token: seller.token, json: { title: '恩施玉露', origin: '湖北宣恩' } }), 200)
    expect(titles(await search('硒'))).toEqual([])
    expect(titles(await search('施'))).toEqual(['恩施玉露'])
    expect(titles(await search('玉露'))).toEqual(['恩施玉露'])
    expect(titles(await search('宣恩'))).toEqual(['恩施玉露'])
    await json(await h.request('PATCH', '/api/market/seller/shop', { token: seller.token, json: { name: '宣恩茶农合作社' } }), 200)
    expect(titles(await search('谷咀'))).toEqual([])
    expect(titles(await search('合作社'))).toEqual(['五寨小米', '恩施玉露', '高山土豆 Holland'])
    expect(await postings(p.id)).toEqual(expected({ title: '恩施玉露', origin: '湖北宣恩', grade: '特级', shopName: '宣恩茶农合作社' }))
    await json(await h.request('POST', `/api/market/seller/products/${p.id}/unlist`, { token: seller.token }), 200)
    expect(titles(await search('玉露'))).toEqual([])
    await json(await h.request('PATCH', `/api/market/seller/products/${p.id}`, { token: seller.token, json: { status: 'on_sale' } }), 200)
    expect(titles(await search('玉露'))).toEqual(['恩施玉露'])
  })

  test('two edits of one product at once leave its index equal to its final text', async () => {
    const p = await publish(h, seller, { title: '山地核桃', origin: '云南漾濞', grade: '一级', categoryId: 'nuts' })
    const edits = ['纸皮核桃', '薄壳山核桃', '漾濞大泡核桃', '野生核桃仁']
    await Promise.all(edits.map((title) => h.request('PATCH', `/api/market/seller/products/${p.id}`, { token: seller.token, json: { title } }).then((r) => json(r, 200))))
    expect(await postings(p.id)).toEqual(expected(await fieldsOf(p.id)))
  })

  test('paging a search follows the cursor across pages, each product once', async () => {
    for (let i = 0; i < 7; i++) await publish(h, seller, { title: `红枣 ${i}号`, origin: '新疆温宿', grade: '一级', categoryId: 'specialty', priceFen: 500 + i })
    const seen: string[] = []
    let cursor: string | null = null
    do {
      const page: ProductPage = await search('枣', `&size=3&sort=price_asc${cursor ? `&cursor=${cursor}` : ''}`)
      seen.push(...page.items.map((p) => p.title))
      cursor = page.nextCursor
    } while (cursor)
    expect(seen).toEqual(Array.from({ length: 7 }, (_, i) => `红枣 ${i}号`))
  })

  test('migration 0018 backfills the index from the products already there (more than one batch)', async () => {
    await growCatalogue(h.db.kysely, { products: 1_200, now: h.clock.now() - 3_600_000 })
    const all = async () =>
      (await marketDb(h.db.kysely).selectFrom('market_search_terms').select(['term', 'tier', 'product_id']).execute()).map((r) => `${r.term} ${r.tier} ${r.product_id}`).sort(byCodeUnit)
    const written = await all()
    const products = await marketDb(h.db.kysely).selectFrom('market_products').select('id').execute()
    const want: string[] = []
    for (const p of products) want.push(...expected(await fieldsOf(p.id), ` ${p.id}`))
    expect(written).toEqual(want.sort(byCodeUnit))
    // As a database from before 0018 would be: no index; then the migration.
    await database.migratingByHand(() => searchIndexMigration.down(h.db.kysely))
    await searchIndexMigration.up(h.db.kysely)
    expect(await all()).toEqual(written)
    expect(titles(await search(' 1199号'))).toHaveLength(1)
  })

  test('bad search input is a 400 in Chinese', async () => {
    for (const qs of [`q=${encodeURIComponent('苹'.repeat(41))}`, `q=${encodeURIComponent('枣')}&cursor=abc`, `q=${encodeURIComponent('枣')}&page=0`]) {
      const res = await h.request('GET', `/api/market/products?${qs}`)
      expect(res.status).toBe(400)
      expect(((await res.json()) as ErrorBody).message).toMatch(/[\u4e00-\u9fff]/)
    }
  })
})
