import type { ErrorBody, Order, ProductPage, ProductResponse, ShopResponse } from '@tianyuan/contracts'
import { describeEachDatabase, type TestDatabase } from '../../testing/databases'
import { createHarness, removeMediaDir, type Harness } from '../../testing/harness'
import { json, newBuyer, newSeller, orderRequest, publish, type TestBuyer, type TestSeller } from './testing'

// The catalogue's read cache (platform/http/read-cache) with two API instances on one database:
// each instance keeps its own answers in memory, and a change made through either — a new price,
// a product off sale, stock sold — must be in the very next read from the other. A second
// instance is a second app with its own connection (pool), as a second process would have.
describeEachDatabase('market: catalogue read cache across API instances', (fresh, kind) => {
  let database: TestDatabase
  let a: Harness
  let b: Harness
  let seller: TestSeller
  let buyer: TestBuyer
  let productId: string

  beforeAll(async () => {
    database = await fresh()
    a = await createHarness(database)
    b = await a.restart()
    seller = await newSeller(a, '凤栖镇老张果园')
    buyer = await newBuyer(a)
    productId = (await publish(a, seller, { title: '洛川红富士苹果', priceFen: 880, stock: 50 })).id
    await publish(a, seller, { title: '洛川苹果 次果', priceFen: 350 })
  })
  afterAll(async () => {
    await b.close()
    await a.close()
    removeMediaDir(a)
    await database.drop()
  })

  const list = async (h: Harness, qs = 'sort=newest') => {
    const res = await h.request('GET', `/api/market/products?${qs}`)
    return { cache: res.headers.get('x-cache'), etag: res.headers.get('etag'), page: await json<ProductPage>(res, 200) }
  }
  const apple = (page: ProductPage) => page.items.find((p) => p.id === productId)
  /**
   * Reads until the answer comes from memory. SQLite: the first or second read (the first may
   * compute it; only a and b use the file). PostgreSQL: the version is the cluster's snapshot, which other test files' writes in
   * the same cluster move too, so a few reads may be needed; never more than 20.
   */
  const fromMemory = async (h: Harness, qs?: string) => {
    for (let i = 0; i < (kind === 'sqlite' ? 2 : 20); i++) {
      const r = await list(h, qs)
      if (r.cache === 'hit') return r
    }
    throw new Error('the catalogue was never answered from memory')
  }

  test('a repeated read comes from memory, with the same answer and ETag', async () => {
    const first = await list(a, 'sort=newest&size=20')
    const again = await fromMemory(a, 'sort=newest&size=20')
    expect(again.page).toEqual(first.page)
    expect(again.etag).toBe(first.etag)
    // Another spelling of the same query is the same entry; another query is not.
    expect((await fromMemory(a, 'size=20&sort=newest')).page).toEqual(first.page)
    expect((await list(a, 'sort=price_asc&size=7')).cache).toBe('miss')
  })

  test('a price changed through one instance is in the next read from the other', async () => {
    expect(apple((await list(b)).page)?.priceFen).toBe(880)
    expect(apple((await fromMemory(b)).page)?.priceFen).toBe(880)
    const res = await a.request('PATCH', `/api/market/seller/products/${productId}`, { token: seller.token, json: { priceFen: 990 } })
    expect(res.status).toBe(200)
    expect(apple((await list(b)).page)?.priceFen).toBe(990)
    expect(apple((await list(a)).page)?.priceFen).toBe(990)
    const page = await json<ProductResponse>(await b.request('GET', `/api/market/products/${productId}`), 200)
    expect(page.product.priceFen).toBe(990)
  })

  test('a change through the instance that kept the answer is in its own next read too', async () => {
    expect(apple((await fromMemory(a)).page)?.title).toBe('洛川红富士苹果')
    await json<ProductResponse>(await a.request('PATCH', `/api/market/seller/products/${productId}`, { token: seller.token, json: { title: '洛川红富士苹果 80果' } }), 200)
    expect(apple((await list(a)).page)?.title).toBe('洛川红富士苹果 80果')
  })

  test('stock sold through one instance shows on the other (list and product page)', async () => {
    expect(apple((await fromMemory(a)).page)?.stock).toBe(50)
    await json<ProductResponse>(await a.request('GET', `/api/market/products/${productId}`), 200)
    const order = await b.request('POST', '/api/market/orders', { token: buyer.token, json: orderRequest(buyer, [{ productId, quantity: 3 }]) })
    expect((await json<{ order: Order }>(order, 201)).order.status).toBe('pending_payment')
    expect(apple((await list(a)).page)?.stock).toBe(47)
    expect((await json<ProductResponse>(await a.request('GET', `/api/market/products/${productId}`), 200)).product.stock).toBe(47)
  })

  test('a shop renamed through one instance is in the other’s list and shop page', async () => {
    expect((await fromMemory(a)).page.items[0]?.shopName).toBe('凤栖镇老张果园')
    await json<ShopResponse>(await a.request('GET', `/api/market/shops/${seller.shop.id}`), 200)
    await json<ShopResponse>(await b.request('PATCH', '/api/market/seller/shop', { token: seller.token, json: { name: '老张家苹果园' } }), 200)
    expect((await list(a)).page.items.every((p) => p.shopName === '老张家苹果园')).toBe(true)
    expect((await json<ShopResponse>(await a.request('GET', `/api/market/shops/${seller.shop.id}`), 200)).shop.name).toBe('老张家苹果园')
  })

  test('a product taken off sale through one instance is gone from the other at once; only its seller still sees it', async () => {
    expect(apple((await fromMemory(b)).page)).toBeDefined()
    expect((await b.request('GET', `/api/market/products/${productId}`)).status).toBe(200)
    if (kind === 'sqlite') expect((await b.request('GET', `/api/market/products/${productId}`)).headers.get('x-cache')).toBe('hit')
    await json<ProductResponse>(await a.request('POST', `/api/market/seller/products/${productId}/unlist`, { token: seller.token }), 200)
    expect(apple((await list(b)).page)).toBeUndefined()
    const gone = await b.request('GET', `/api/market/products/${productId}`)
    expect(gone.status).toBe(404)
    expect((await json<ErrorBody>(gone)).code).toBe('NOT_FOUND')
    // The seller's own view of an unlisted product is never kept for anyone else.
    expect((await json<ProductResponse>(await b.request('GET', `/api/market/products/${productId}`, { token: seller.token }), 200)).product.status).toBe('unlisted')
    expect((await b.request('GET', `/api/market/products/${productId}`)).status).toBe(404)
  })

  test('ETags: the same answer has the same tag on both instances (304); after a change the old tag gets the new answer', async () => {
    const fromA = await list(a, 'sort=price_desc')
    expect(fromA.etag).toMatch(/^W\/".+"$/)
    // From memory on b as well, and the tag still revalidates.
    await fromMemory(b, 'sort=price_desc')
    const revalidated = await b.request('GET', '/api/market/products?sort=price_desc', { headers: { 'if-none-match': fromA.etag as string } })
    expect(revalidated.status).toBe(304)
    if (kind === 'sqlite') expect(revalidated.headers.get('x-cache')).toBe('hit')
    expect(revalidated.headers.get('etag')).toBe(fromA.etag)
    expect(revalidated.headers.get('cache-control')).toBe('private, no-cache')
    expect(await revalidated.text()).toBe('')
    await publish(a, seller, { title: '黄元帅苹果', priceFen: 20000, stock: 10 })
    const changed = await b.request('GET', '/api/market/products?sort=price_desc', { headers: { 'if-none-match': fromA.etag as string } })
    expect(changed.status).toBe(200)
    expect(changed.headers.get('etag')).not.toBe(fromA.etag)
    expect((await json<ProductPage>(changed)).items[0]?.title).toBe('黄元帅苹果')
  })
})
