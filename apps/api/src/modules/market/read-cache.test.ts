import type { CategoriesResponse, ErrorBody, Order, ProductPage, ProductResponse, ShopResponse } from '@tianyuan/contracts'
import { describeEachDatabase, type TestDatabase } from '../../testing/databases'
import { createHarness, removeMediaDir, type Harness } from '../../testing/harness'
import { book, futureSlot, newDoctor, newPatient } from '../clinic/testing'
import { json, newBuyer, newSeller, orderRequest, placeOrder, publish, upload, type TestBuyer, type TestSeller } from './testing'

// The catalogue's read cache (platform/http/read-cache) with two API instances on one database:
// each instance keeps its own answers in memory, and a change made through either — a new price,
// a product off sale, stock sold — must be in the very next read from the other. A second
// instance is a second app with its own connection (pool), as a second process would have.
describeEachDatabase('market: catalogue read cache across API instances', (fresh) => {
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
   * Reads until the answer comes from memory: the first or second read (the first may compute it).
   * The version is this database's catalogue version, so other test files' writes to the same
   * PostgreSQL cluster do not move it.
   */
  const fromMemory = async (h: Harness, qs?: string) => {
    for (let i = 0; i < 2; i++) {
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
    expect((await b.request('GET', `/api/market/products/${productId}`)).headers.get('x-cache')).toBe('hit')
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
    expect(revalidated.headers.get('x-cache')).toBe('hit')
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

// The cache is keyed by the catalogue's own version (migration 0019: triggers on exactly the
// tables the cached reads read), not by "anything in the database changed": a sign-in, a cart, an
// address or a clinic booking — through either instance — keeps every answer; each kind of
// catalogue change, by the API or by any other writer (a seed, the bench's growth), is in the
// other instance's very next read. Strict `hit`/`miss` on both databases: other test files'
// writes to the same PostgreSQL cluster do not move this schema's version.
describeEachDatabase('market: catalogue read cache keyed by the catalogue version', (fresh) => {
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
    seller = await newSeller(a, '谷咀村王家果园')
    buyer = await newBuyer(a)
    productId = (await publish(a, seller, { title: '洛川红富士苹果', priceFen: 880, stock: 50 })).id
  })
  afterAll(async () => {
    await b.close()
    await a.close()
    removeMediaDir(a)
    await database.drop()
  })

  const get = async (h: Harness, url: string) => {
    const res = await h.request('GET', url)
    return { cache: res.headers.get('x-cache'), body: await json<unknown>(res, 200) }
  }
  const reads = () => ['/api/market/categories', '/api/market/products?sort=newest', `/api/market/products/${productId}`, `/api/market/shops/${seller.shop.id}`]
  /** Every public read on both instances, once computed and then answered from memory. */
  const warm = async () => {
    for (const h of [a, b])
      for (const url of reads()) {
        await get(h, url)
        expect({ url, cache: (await get(h, url)).cache }).toEqual({ url, cache: 'hit' })
      }
  }
  const cacheOf = async (h: Harness) => Promise.all(reads().map(async (url) => ({ url, cache: (await get(h, url)).cache })))

  test('a sign-in, a cart, an address and a clinic booking keep every cached answer, on both instances', async () => {
    await warm()
    await a.login()
    await b.login()
    const cart = await b.request('PUT', '/api/market/cart', { token: buyer.token, json: { items: [{ productId, quantity: 2 }] } })
    expect(cart.status).toBe(200)
    await json(await a.request('POST', '/api/market/addresses', { token: buyer.token, json: { name: '李大姐', phone: '13800138000', region: '湖北省 恩施州 宣恩县', detail: '椒园镇黄坪村4组' } }), 201)
    const doctor = await newDoctor(a)
    const patient = await newPatient(b)
    await book(b, patient, (await futureSlot(b, doctor.id)).id)
    for (const h of [a, b]) expect(await cacheOf(h)).toEqual(reads().map((url) => ({ url, cache: 'hit' })))
  })

  /** Warms both instances, makes the change through `a` (or any writer), and expects b's next read of `url` to be computed afresh. */
  const changed = async (url: string, change: () => Promise<void>) => {
    await warm()
    await get(b, url)
    expect((await get(b, url)).cache).toBe('hit')
    await change()
    const after = await get(b, url)
    expect(after.cache).toBe('miss')
    return after.body
  }

  test('a new product is in the other instance’s next list', async () => {
    const page = (await changed('/api/market/products?sort=price_desc', async () => {
      await publish(a, seller, { title: '黄元帅苹果', priceFen: 30000, stock: 9 })
    })) as ProductPage
    expect(page.items[0]?.title).toBe('黄元帅苹果')
  })

  test('an edit is in the other instance’s next product page', async () => {
    const body = (await changed(`/api/market/products/${productId}`, async () => {
      await json(await a.request('PATCH', `/api/market/seller/products/${productId}`, { token: seller.token, json: { priceFen: 990 } }), 200)
    })) as ProductResponse
    expect(body.product.priceFen).toBe(990)
  })

  test('stock taken by an order is in the other instance’s next product page and list', async () => {
    const body = (await changed(`/api/market/products/${productId}`, async () => {
      await placeOrder(a, buyer, [{ productId, quantity: 4 }])
    })) as ProductResponse
    expect(body.product.stock).toBe(46)
    const page = (await get(b, '/api/market/products?sort=newest')).body as ProductPage
    expect(page.items.find((p) => p.id === productId)?.stock).toBe(46)
  })

  test('a shop renamed, or given a pickup point, is in the other instance’s next shop page', async () => {
    const renamed = (await changed(`/api/market/shops/${seller.shop.id}`, async () => {
      await json(await a.request('PATCH', '/api/market/seller/shop', { token: seller.token, json: { name: '王家苹果园' } }), 200)
    })) as ShopResponse
    expect(renamed.shop.name).toBe('王家苹果园')
    const withPoint = (await changed(`/api/market/shops/${seller.shop.id}`, async () => {
      await json(await a.request('POST', '/api/market/seller/pickup-points', { token: seller.token, json: { name: '凤栖镇小卖部', address: '凤栖镇北街 3 号' } }), 201)
    })) as ShopResponse
    expect(withPoint.shop.pickupPoints.map((p) => p.name)).toContain('凤栖镇小卖部')
  })

  test('a photo deleted by its owner is gone from the other instance’s next product page', async () => {
    const photo = await upload(a, seller.token)
    const id = (await publish(a, seller, { title: '带照片的苹果', photoIds: [photo.id] })).id
    const url = `/api/market/products/${id}`
    expect(((await get(b, url)).body as ProductResponse).product.photos.map((p) => p.id)).toEqual([photo.id])
    const body = (await changed(url, async () => {
      expect((await a.request('DELETE', `/api/media/${photo.id}`, { token: seller.token })).status).toBe(200)
    })) as ProductResponse
    expect(body.product.photos).toEqual([])
  })

  test('a category renamed by another writer (a seed, not the API) is in the next read of both instances', async () => {
    const body = (await changed('/api/market/categories', async () => {
      await a.db.kysely.withTables<{ market_categories: { id: string; name: string } }>().updateTable('market_categories').set({ name: '时令鲜果' }).where('id', '=', 'fruit').execute()
    })) as CategoriesResponse
    expect(body.items.find((c) => c.id === 'fruit')?.name).toBe('时令鲜果')
    expect((await get(a, '/api/market/categories')).cache).toBe('miss')
  })
})
