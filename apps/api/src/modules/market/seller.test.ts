import type { AddressesResponse, AddressResponse, ErrorBody, ProductResponse, SalesSummaryResponse } from '@tianyuan/contracts'
import { describeEachDatabase, type TestDatabase } from '../../testing/databases'
import { createHarness, removeMediaDir, type Harness } from '../../testing/harness'
import { markOrderPaid } from './orders'
import { marketDb } from './schema'
import { json, newBuyer, newSeller, placeOrder, productBody, publish, upload, type TestSeller } from './testing'

describeEachDatabase('market seller and addresses', (fresh) => {
  let database: TestDatabase
  let h: Harness
  let seller: TestSeller

  beforeAll(async () => {
    database = await fresh()
    h = await createHarness(database)
    seller = await newSeller(h)
  })
  afterAll(async () => {
    await h.close()
    removeMediaDir(h)
    await database.drop()
  })

  const expectFieldError = async (res: Response, field: string) => {
    expect(res.status).toBe(400)
    const body = (await res.json()) as ErrorBody
    expect(body.message).toContain(`「${field}`)
    expect(body.message).toMatch(/[\u4e00-\u9fff]/)
  }

  test('publish, edit price and stock, unlist, relist', async () => {
    const product = await publish(h, seller, { priceFen: 600, stock: 20 })
    expect(product).toMatchObject({ status: 'on_sale', priceFen: 600, stock: 20, unit: '斤', grade: '一级' })
    const edited = await json<ProductResponse>(
      await h.request('PATCH', `/api/market/seller/products/${product.id}`, { token: seller.token, json: { priceFen: 750, stock: 35, grade: '特级' } }),
      200,
    )
    expect(edited.product).toMatchObject({ priceFen: 750, stock: 35, grade: '特级', title: product.title })
    const unlisted = await json<ProductResponse>(await h.request('POST', `/api/market/seller/products/${product.id}/unlist`, { token: seller.token }), 200)
    expect(unlisted.product.status).toBe('unlisted')
    const relisted = await json<ProductResponse>(await h.request('PATCH', `/api/market/seller/products/${product.id}`, { token: seller.token, json: { status: 'on_sale' } }), 200)
    expect(relisted.product.status).toBe('on_sale')
    const mine = await json<{ items: { id: string }[] }>(await h.request('GET', '/api/market/seller/products', { token: seller.token }), 200)
    expect(mine.items.map((p) => p.id)).toContain(product.id)
  })

  test('bad product fields → 400 naming the field in zh-CN', async () => {
    const send = (overrides: Record<string, unknown>) =>
      h.request('POST', '/api/market/seller/products', { token: seller.token, json: { ...productBody(h, seller), ...overrides } })
    await expectFieldError(await send({ priceFen: -100 }), 'priceFen')
    await expectFieldError(await send({ priceFen: 0 }), 'priceFen')
    await expectFieldError(await send({ priceFen: 12.5 }), 'priceFen')
    await expectFieldError(await send({ priceFen: 1e15 }), 'priceFen')
    await expectFieldError(await send({ stock: -1 }), 'stock')
    await expectFieldError(await send({ stock: 1e12 }), 'stock')
    await expectFieldError(await send({ harvestDate: '2026-02-30' }), 'harvestDate')
    await expectFieldError(await send({ harvestDate: '2099-01-01' }), 'harvestDate')
    await expectFieldError(await send({ harvestDate: '2026-11-29' }), 'harvestDate') // tomorrow in Shanghai (the clock is 2026-11-28 12:00 +08:00)
    await expectFieldError(await send({ unit: '两' }), 'unit')
    await expectFieldError(await send({ photoIds: [] }), 'photoIds')
    await expectFieldError(await send({ photoIds: ['AAAAAAAAAAAAAAAAAAAAAA'] }), 'photoIds.0')
    await expectFieldError(await send({ categoryId: 'toys' }), 'categoryId')
    await expectFieldError(await send({ title: '' }), 'title')
    // Someone else's photo is not the seller's to use.
    const other = await h.login()
    const theirs = await upload(h, other.token)
    await expectFieldError(await send({ photoIds: [theirs.id] }), 'photoIds.0')
    // Today in Shanghai is fine.
    expect((await send({ harvestDate: '2026-11-28' })).status).toBe(201)
  })

  test('one shop per user (409 CONFLICT); a user without a shop gets 404 NO_SHOP, not the same 409, and cannot publish', async () => {
    const again = await h.request('POST', '/api/market/seller/shop', { token: seller.token, json: { name: '第二家店', village: '某村', intro: '' } })
    expect(again.status).toBe(409)
    expect(((await again.json()) as ErrorBody).code).toBe('CONFLICT')
    const nobody = await h.login()
    const mine = await h.request('GET', '/api/market/seller/shop', { token: nobody.token })
    expect(mine.status).toBe(404)
    expect((await mine.json()) as ErrorBody).toEqual({ code: 'NO_SHOP', message: '你还没有开店，请先在“我的店铺”里开店' })
    const res = await h.request('POST', '/api/market/seller/products', { token: nobody.token, json: productBody(h, seller) })
    expect(res.status).toBe(404)
    const body = (await res.json()) as ErrorBody
    expect(body.code).toBe('NO_SHOP')
    expect(body.message).toContain('开店')
  })

  test('sales summary: 30 Shanghai days, by the day of payment, totals in fen', async () => {
    const s = await newSeller(h, '汇总测试店')
    const buyer = await newBuyer(h)
    const product = await publish(h, s, { priceFen: 1000, stock: 100 })
    const db = marketDb(h.db.kysely)
    // 2026-11-28T15:30Z is 23:30 on the 28th in Shanghai; 16:30Z is 00:30 on the 29th.
    const pay = async (quantity: number, iso: string) => {
      const order = await placeOrder(h, buyer, [{ productId: product.id, quantity }])
      await markOrderPaid(db, order.id, Date.parse(iso))
    }
    await pay(1, '2026-11-28T15:30:00Z')
    await pay(2, '2026-11-28T16:30:00Z')
    await pay(3, '2026-11-28T01:00:00Z')
    await pay(4, '2026-10-01T01:00:00Z') // older than 30 days
    await placeOrder(h, buyer, [{ productId: product.id, quantity: 5 }]) // never paid
    h.clock.t = Date.parse('2026-11-29T02:00:00Z') // 10:00 on the 29th in Shanghai
    const summary = await json<SalesSummaryResponse>(await h.request('GET', '/api/market/seller/summary', { token: s.token }), 200)
    expect(summary.days).toHaveLength(30)
    expect(summary.days[29]).toEqual({ date: '2026-11-29', orders: 1, totalFen: 2000 })
    expect(summary.days[28]).toEqual({ date: '2026-11-28', orders: 2, totalFen: 4000 })
    expect(summary.days[0]?.date).toBe('2026-10-31')
    expect(summary.orders).toBe(3)
    expect(summary.totalFen).toBe(6000)
    expect(summary.toShip).toBe(4)
    h.clock.t = Date.parse('2026-11-28T04:00:00Z')
  })

  test('address book: mainland mobile checked, one default, own addresses only', async () => {
    const { token } = await h.login()
    const add = (body: Record<string, unknown>) => h.request('POST', '/api/market/addresses', { token, json: body })
    const base = { name: '王大爷', phone: '13912345678', region: '山西省 忻州市 五寨县', detail: '砚城镇东街5号' }
    await expectFieldError(await add({ ...base, phone: '12345' }), 'phone')
    await expectFieldError(await add({ ...base, phone: '+8613912345678' }), 'phone')
    await expectFieldError(await add({ ...base, name: '' }), 'name')
    const first = await json<AddressResponse>(await add(base), 201)
    expect(first.address.isDefault).toBe(true)
    const second = await json<AddressResponse>(await add({ ...base, detail: '砚城镇西街8号', isDefault: true }), 201)
    expect(second.address.isDefault).toBe(true)
    let list = await json<AddressesResponse>(await h.request('GET', '/api/market/addresses', { token }), 200)
    expect(list.items.filter((a) => a.isDefault).map((a) => a.id)).toEqual([second.address.id])
    await json(await h.request('PATCH', `/api/market/addresses/${first.address.id}`, { token, json: { isDefault: true } }), 200)
    list = await json<AddressesResponse>(await h.request('GET', '/api/market/addresses', { token }), 200)
    expect(list.items.filter((a) => a.isDefault).map((a) => a.id)).toEqual([first.address.id])
    await json(await h.request('DELETE', `/api/market/addresses/${second.address.id}`, { token }), 200)
    list = await json<AddressesResponse>(await h.request('GET', '/api/market/addresses', { token }), 200)
    expect(list.items.map((a) => a.id)).toEqual([first.address.id])
  })
})
