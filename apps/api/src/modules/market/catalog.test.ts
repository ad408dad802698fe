import type { CategoriesResponse, ErrorBody, ProductPage, ProductResponse, ShopResponse } from '@tianyuan/contracts'
import { sql } from 'kysely'
import { describeEachDatabase, type TestDatabase } from '../../testing/databases'
import { createHarness, removeMediaDir, type Harness } from '../../testing/harness'
import { searchQuery } from './catalog'
import { marketDb } from './schema'
import { json, newSeller, publish, type TestSeller } from './testing'

describeEachDatabase('market catalogue and search', (fresh) => {
  let database: TestDatabase
  let h: Harness
  let apples: TestSeller
  let eggs: TestSeller

  beforeAll(async () => {
    database = await fresh()
    h = await createHarness(database)
    apples = await newSeller(h, '凤栖镇老张果园')
    eggs = await newSeller(h, '椒园镇农家小店')
    // Created one clock tick apart so "newest" has a defined order.
    const items: [TestSeller, Parameters<typeof publish>[2]][] = [
      [apples, { title: '洛川红富士苹果', grade: '特级', origin: '陕西省洛川县凤栖镇', priceFen: 880 }],
      [apples, { title: '洛川苹果 次果', grade: '二级', origin: '陕西省洛川县凤栖镇', priceFen: 350 }],
      [apples, { title: '100%纯苹果醋', categoryId: 'specialty', origin: '陕西省洛川县', priceFen: 2500, unit: '箱' }],
      [apples, { title: 'Fuji 苹果_礼盒', categoryId: 'fruit', origin: '陕西洛川', priceFen: 6800, unit: '箱' }],
      [eggs, { title: '散养土鸡蛋', categoryId: 'eggs_meat', origin: '湖北省恩施州宣恩县椒园镇', priceFen: 120, unit: '斤' }],
      [eggs, { title: '恩施富硒茶', categoryId: 'specialty', origin: '湖北省恩施州', priceFen: 9900 }],
    ]
    for (const [seller, overrides] of items) {
      await publish(h, seller, overrides)
      h.clock.advance(1000)
    }
  })
  afterAll(async () => {
    await h.close()
    removeMediaDir(h)
    await database.drop()
  })

  const search = async (qs: string) => json<ProductPage>(await h.request('GET', `/api/market/products?${qs}`), 200)
  const titles = (page: ProductPage) => page.items.map((p) => p.title)

  test('categories are there on a fresh database, in order', async () => {
    const { items } = await json<CategoriesResponse>(await h.request('GET', '/api/market/categories'), 200)
    expect(items.map((c) => c.id)).toEqual(['fruit', 'vegetables', 'grain', 'eggs_meat', 'nuts', 'fungi', 'specialty'])
    expect(items[0]?.name).toBe('新鲜水果')
  })

  test('Chinese substring search on title and origin; several words must all match', async () => {
    expect(titles(await search(`q=${encodeURIComponent('苹果')}`)).sort()).toEqual(['100%纯苹果醋', 'Fuji 苹果_礼盒', '洛川红富士苹果', '洛川苹果 次果'].sort())
    expect(titles(await search(`q=${encodeURIComponent('恩施')}`)).sort()).toEqual(['恩施富硒茶', '散养土鸡蛋'].sort())
    expect(titles(await search(`q=${encodeURIComponent('洛川县凤栖镇')}`)).sort()).toEqual(['洛川红富士苹果', '洛川苹果 次果'].sort())
    expect(titles(await search(`q=${encodeURIComponent('洛川 特级')}`))).toEqual(['洛川红富士苹果'])
    expect(titles(await search(`q=${encodeURIComponent('鸡蛋')}`))).toEqual(['散养土鸡蛋'])
    expect(titles(await search(`q=${encodeURIComponent('西瓜')}`))).toEqual([])
  })

  test('LIKE wildcards in the query are plain characters; Latin letters ignore case', async () => {
    expect(titles(await search(`q=${encodeURIComponent('%')}`))).toEqual(['100%纯苹果醋'])
    expect(titles(await search(`q=${encodeURIComponent('_')}`))).toEqual(['Fuji 苹果_礼盒'])
    expect(titles(await search(`q=${encodeURIComponent('fuji')}`))).toEqual(['Fuji 苹果_礼盒'])
    expect(titles(await search(`q=${encodeURIComponent('\\')}`))).toEqual([])
  })

  test('filter by category and by shop', async () => {
    expect(titles(await search('category=specialty')).sort()).toEqual(['100%纯苹果醋', '恩施富硒茶'].sort())
    expect(titles(await search(`category=fruit&q=${encodeURIComponent('礼盒')}`))).toEqual(['Fuji 苹果_礼盒'])
    expect(titles(await search(`shop=${eggs.shop.id}`)).sort()).toEqual(['恩施富硒茶', '散养土鸡蛋'].sort())
  })

  test('sort newest, price up, price down; pages with hasMore', async () => {
    expect(titles(await search('sort=newest'))).toEqual(['恩施富硒茶', '散养土鸡蛋', 'Fuji 苹果_礼盒', '100%纯苹果醋', '洛川苹果 次果', '洛川红富士苹果'])
    expect((await search('sort=price_asc')).items.map((p) => p.priceFen)).toEqual([120, 350, 880, 2500, 6800, 9900])
    expect((await search('sort=price_desc')).items.map((p) => p.priceFen)).toEqual([9900, 6800, 2500, 880, 350, 120])
    const first = await search('sort=price_asc&size=4&page=1')
    const second = await search('sort=price_asc&size=4&page=2')
    expect(first.hasMore).toBe(true)
    expect(second.hasMore).toBe(false)
    expect([...first.items, ...second.items].map((p) => p.priceFen)).toEqual([120, 350, 880, 2500, 6800, 9900])
  })

  test('page size is capped; bad query values → 400 naming the field', async () => {
    for (const qs of ['size=51', 'size=0', 'page=0', 'page=abc', 'sort=cheapest', 'q=' + 'x'.repeat(41), 'color=red']) {
      const res = await h.request('GET', `/api/market/products?${qs}`)
      expect(res.status).toBe(400)
      const body = (await res.json()) as ErrorBody
      expect(body.message).toMatch(/「(size|page|sort|q|color)」/)
    }
  })

  test('unlisted products leave search and their page (404) — but their seller still sees them', async () => {
    const product = await publish(h, apples, { title: '待下架的苹果' })
    expect(titles(await search(`q=${encodeURIComponent('待下架')}`))).toEqual(['待下架的苹果'])
    await json(await h.request('POST', `/api/market/seller/products/${product.id}/unlist`, { token: apples.token }), 200)
    expect(titles(await search(`q=${encodeURIComponent('待下架')}`))).toEqual([])
    expect((await h.request('GET', `/api/market/products/${product.id}`)).status).toBe(404)
    const own = await json<ProductResponse>(await h.request('GET', `/api/market/products/${product.id}`, { token: apples.token }), 200)
    expect(own.product.status).toBe('unlisted')
  })

  test('a product page has its photos (with thumbhash), the shop and its pickup points', async () => {
    const page = await search(`q=${encodeURIComponent('红富士')}`)
    const product = page.items[0]
    expect(product?.photos[0]).toMatchObject({ id: apples.photo.id, thumbhash: apples.photo.thumbhash })
    expect(product?.shopName).toBe('凤栖镇老张果园')
    const { shop } = await json<ShopResponse>(await h.request('GET', `/api/market/shops/${apples.shop.id}`), 200)
    expect(shop.pickupPoints.map((p) => p.name)).toEqual(['谷咀村村委会'])
    expect((await h.request('GET', '/api/market/shops/nope-not-a-shop')).status).toBe(404)
  })

  test('title matches come before origin, grade and shop-name matches (and keep the chosen sort among them)', async () => {
    // A shop named after eggs sells bacon and tea: a search for 鸡蛋 shows the eggs first.
    const farm = await newSeller(h, '向家土鸡蛋')
    await publish(h, farm, { title: '土家腊肉', categoryId: 'eggs_meat', origin: '湖北省恩施州', priceFen: 100 })
    h.clock.advance(1000)
    await publish(h, farm, { title: '恩施富硒绿茶', categoryId: 'specialty', origin: '湖北省恩施州', priceFen: 110 })
    h.clock.advance(1000)
    const found = titles(await search(`q=${encodeURIComponent('鸡蛋')}`))
    expect(found[0]).toBe('散养土鸡蛋')
    expect(found.slice(1).sort()).toEqual(['土家腊肉', '恩施富硒绿茶'].sort())
    expect(titles(await search(`q=${encodeURIComponent('鸡蛋')}&sort=price_asc`))).toEqual(['散养土鸡蛋', '土家腊肉', '恩施富硒绿茶'])
    // Origin above shop name: 恩施 is in the tea's title, in the eggs' origin, and only in this shop's name.
    const yuanShop = await newSeller(h, '恩施老乡腊肉铺')
    await publish(h, yuanShop, { title: '烟熏腊肠', categoryId: 'eggs_meat', origin: '湖南省湘西州', priceFen: 10 })
    h.clock.advance(1000)
    const enshi = titles(await search(`q=${encodeURIComponent('恩施')}&sort=price_asc`))
    expect(enshi.indexOf('恩施富硒绿茶')).toBeLessThan(enshi.indexOf('散养土鸡蛋'))
    expect(enshi.indexOf('散养土鸡蛋')).toBeLessThan(enshi.indexOf('烟熏腊肠'))
    expect(enshi[enshi.length - 1]).toBe('烟熏腊肠')
    // Tidy up for the tests after this one.
    for (const p of (await search(`shop=${farm.shop.id}`)).items.concat((await search(`shop=${yuanShop.shop.id}`)).items)) {
      const owner = p.shopId === farm.shop.id ? farm : yuanShop
      await json(await h.request('POST', `/api/market/seller/products/${p.id}/unlist`, { token: owner.token }), 200)
    }
  })

  test('renaming the shop keeps search in step', async () => {
    await json(await h.request('PATCH', '/api/market/seller/shop', { token: eggs.token, json: { name: '黄坪村张大姐' } }), 200)
    expect(titles(await search(`q=${encodeURIComponent('张大姐')}`)).sort()).toEqual(['恩施富硒茶', '散养土鸡蛋'].sort())
  })

  test('a page of the newest products is read in order from an index, not sorted after reading every product', async () => {
    const db = h.db.kysely
    if (database.kind === 'sqlite') {
      // The listing's own queries (everything, one category), as SQLite plans them.
      for (const options of [{}, { category: 'fruit' }]) {
        const query = searchQuery(marketDb(db), options).compile()
        const plan = await db.executeQuery<{ detail: string }>({ ...query, sql: `explain query plan ${query.sql}` })
        const steps = plan.rows.map((r) => r.detail)
        expect(steps.join('\n')).not.toContain('TEMP B-TREE')
        expect(steps.some((d) => /USING (COVERING )?INDEX market_products_(listing|category)/.test(d))).toBe(true)
      }
    } else {
      // Tiny tables are scanned whatever the indexes: check the indexes themselves.
      const defs = await sql<{ indexdef: string }>`select indexdef from pg_indexes where schemaname = current_schema() and indexname in ('market_products_listing', 'market_products_category') order by indexname`.execute(db)
      expect(defs.rows.map((r) => r.indexdef.replace(/^.*\(/, '('))).toEqual(['(category_id, status, created_at DESC, id)', '(status, created_at DESC, id)'])
    }
  })
})
