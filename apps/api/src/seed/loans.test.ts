import type { LoanOfficerMeResponse, LoanProductsResponse, LoanQuoteResponse } from '@tianyuan/contracts'
import { createWechatSandbox } from '@tianyuan/wechat-sandbox'
import { describeEachDatabase, type TestDatabase } from '../testing/databases'
import { createHarness, removeMediaDir, SHARED_SANDBOX_KEYS, TEST_APPID, TEST_SECRET, type Harness } from '../testing/harness'
import { DEMO_LOAN_PRODUCTS, DEMO_OFFICER, seedLoans } from './loans'

describeEachDatabase('loans seed data', (fresh) => {
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

  test('four products for farming needs, every APR under the cap, a demo officer who logs in by name; a second run adds nothing', async () => {
    const sandbox = createWechatSandbox({ dataDir: SHARED_SANDBOX_KEYS, appId: TEST_APPID, appSecret: TEST_SECRET, mchId: h.config.wechatPay.mchId, env: 'test' })
    const deps = { db: h.db.kysely, now: h.clock.now, settings: h.config.loans, openidOf: (name: string) => sandbox.openidOf(name) }
    expect(await seedLoans(deps)).toEqual({ products: 4, officers: 1 })
    expect(await seedLoans(deps)).toEqual({ products: 0, officers: 0 })
    await sandbox.close()

    const { items } = (await (await h.request('GET', '/api/loans/products')).json()) as LoanProductsResponse
    expect(items.map((p) => p.name)).toEqual(DEMO_LOAN_PRODUCTS.map((p) => p.name))
    expect(new Set(items.map((p) => p.category))).toEqual(new Set(['spring_planting', 'livestock', 'machinery']))
    for (const p of items) expect(p.apr.max).toBeLessThanOrEqual(0.12)
    // A fee-free product's APR is its nominal rate; a fee makes it higher than the nominal rate.
    expect(items.find((p) => p.id === 'livestock')?.apr.text).toBe('6.60%')
    const machinery = items.find((p) => p.id === 'machinery')
    expect(machinery?.apr.min).toBeGreaterThan(0.072)
    // The harvest loan: one payment at the end.
    const { quote } = (await (await h.request('POST', '/api/loans/quote', { json: { productId: 'spring-planting', amountFen: 20_000_00, termMonths: 9, method: 'bullet' } })).json()) as LoanQuoteResponse
    expect(quote.schedule).toHaveLength(1)
    expect(quote.aprText).toBe('5.40%')

    const officer = await h.login(sandbox.openidOf(DEMO_OFFICER.name))
    const me = (await (await h.request('GET', '/api/loans/officer/me', { token: officer.token })).json()) as LoanOfficerMeResponse
    expect(me.officer).toMatchObject({ name: '李建华', branch: DEMO_OFFICER.branch })
  })
})
