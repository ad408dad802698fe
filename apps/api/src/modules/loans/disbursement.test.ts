import { serve } from '@hono/node-server'
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { LoanResponse } from '@tianyuan/contracts'
import { createWechatPayClient } from '@tianyuan/wechatpay'
import { describeEachDatabase, type TestDatabase } from '../../testing/databases'
import { createHarness, removeMediaDir, TEST_APPID, type Harness } from '../../testing/harness'
import { silent, until } from '../../testing/payments-sandbox'
import { createLoanDisbursements, type LoanDisbursements } from './disbursement'
import { markDisbursed } from './applications'
import { loansDb } from './schema'
import { publishProduct } from './products'
import { shanghaiDate } from '@tianyuan/contracts'
import { acceptContract, applyFor, approve, getLoan, json, newOfficer, newUser, publishDemoProducts, type TestUser } from './testing'

/**
 * 放款 through WeChat Pay's merchant transfer, against the in-process WeChat sandbox over real HTTP:
 * once per loan however often 放款 is tapped; the signed MCHTRANSFER.BILL.FINISHED notification
 * turns the loan 还款中 exactly once however often, or how concurrently, it arrives; the sweep
 * settles a bill whose notification never came; a FAIL or CANCELLED bill leaves the loan approved,
 * to be sent again.
 */
describeEachDatabase('loans: disbursement by merchant transfer', (fresh) => {
  let database: TestDatabase
  let h: Harness
  let officer: TestUser
  /** The API on a real port, behind a recorder of what WeChat (the sandbox) posts to it. */
  let server: Server
  let origin: string
  const posted: Array<{ headers: Record<string, string>; body: string }> = []
  /** A disbursement service whose notify_url is that server (the harness's points nowhere). */
  let live: LoanDisbursements
  let onDisbursedCalls = 0
  /** false: notifications are only recorded (answered 500, as a server that is down), for replaying by hand. */
  let forward = true

  beforeAll(async () => {
    database = await fresh()
    h = await createHarness(database)
    await publishDemoProducts(h)
    officer = await newOfficer(h, '李建华')
    server = await new Promise<Server>((resolve) => {
      const s = serve(
        {
          fetch: async (req) => {
            if (req.url.endsWith('/api/loans/transfer-notify')) {
              const headers: Record<string, string> = {}
              req.headers.forEach((value, name) => (headers[name] = value))
              posted.push({ headers, body: await req.clone().text() })
              if (!forward) return new Response('{"code":"FAIL","message":"down"}', { status: 500 })
            }
            return h.app.fetch(req)
          },
          port: 0,
          hostname: '127.0.0.1',
        },
        () => resolve(s as Server),
      ) as Server
    })
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    const pay = createWechatPayClient({
      baseUrl: 'http://wechatpay.test',
      mchId: h.config.wechatPay.mchId,
      merchantSerial: h.sandbox.keys.merchantSerial,
      merchantPrivateKey: h.sandbox.keys.merchantPrivateKey,
      platformPublicKeys: { [h.sandbox.keys.platformSerial]: h.sandbox.keys.platformPublicKey },
      apiV3Key: h.sandbox.keys.apiV3Key,
      fetch: (input, init) => Promise.resolve(h.sandbox.fetch(new Request(input, init))),
    })
    live = createLoanDisbursements({
      db: h.db.kysely,
      pay: () => pay,
      appId: TEST_APPID,
      mchId: h.config.wechatPay.mchId,
      notifyUrlBase: () => origin,
      now: h.clock.now,
      logger: silent,
      onDisbursed: (loanId, at, tx) => {
        onDisbursedCalls++
        return markDisbursed({ db: loansDb(h.db.kysely), settings: h.config.loans }, loanId, at, tx)
      },
    })
  })
  afterAll(async () => {
    server.closeAllConnections()
    await new Promise((r) => server.close(r))
    await h.close()
    removeMediaDir(h)
    await database.drop()
  })

  /** An approved loan whose contract the borrower has accepted: ready for 放款. */
  async function approvedLoan(amountFen = 20_000_00): Promise<{ borrower: TestUser; loanId: string }> {
    const borrower = await newUser(h)
    const loan = await applyFor(h, borrower, { amountFen })
    await approve(h, officer, loan.id)
    await acceptContract(h, borrower, loan.id)
    return { borrower, loanId: loan.id }
  }
  const disburseTap = (loanId: string) => h.request('POST', `/api/loans/officer/applications/${loanId}/disburse`, { token: officer.token })
  const bills = (openid: string) => h.sandbox.transfers.list(openid)
  const ledgerOf = async (loanId: string) => loansDb(h.db.kysely).selectFrom('loan_ledger').selectAll().where('loan_id', '=', loanId).where('kind', '=', 'disbursement').execute()
  const confirmInWechat = (pkg: string) => h.sandbox.transfers.decide({ mchId: h.config.wechatPay.mchId, appId: TEST_APPID, package: pkg }, 'confirm')

  test('放款 twice (and at once) makes one transfer bill; the borrower sees what WeChat needs to confirm it', async () => {
    const { borrower, loanId } = await approvedLoan()
    const taps = await Promise.all([disburseTap(loanId), disburseTap(loanId), disburseTap(loanId)])
    const loans = await Promise.all(taps.map((res) => json<LoanResponse>(res, 200)))
    const views = loans.map((l) => l.loan.disbursement)
    expect(views[0]).toMatchObject({ status: 'waiting_user', statusWord: '请在微信中确认收款', amountFen: 20_000_00, disbursedAt: null })
    expect(views[0]!.confirm).toEqual({ mchId: h.config.wechatPay.mchId, appId: TEST_APPID, package: expect.any(String) })
    expect(new Set(views.map((v) => v?.confirm?.package)).size).toBe(1)
    expect(bills(borrower.openid)).toEqual([expect.objectContaining({ transfer_amount: 20_000_00, state: 'WAIT_USER_CONFIRM', named: true })])
    // Still approved until the money arrives.
    expect((await getLoan(h, borrower, loanId)).status).toBe('approved')
    const mine = await json<{ disbursement: { status: string; confirm: { package: string } | null } }>(await h.request('GET', `/api/loans/my/${loanId}/disbursement`, { token: borrower.token }), 200)
    expect(mine.disbursement).toMatchObject({ status: 'waiting_user', confirm: { package: views[0]!.confirm!.package } })
    // Another borrower does not see it.
    const stranger = await newUser(h)
    expect((await h.request('GET', `/api/loans/my/${loanId}/disbursement`, { token: stranger.token })).status).toBe(404)
  })

  test('the notification, replayed and concurrent, disburses once: one ledger entry, one move to 还款中', async () => {
    const { borrower, loanId } = await approvedLoan()
    const started = await live.start({ loanId, userId: borrower.userId, openid: borrower.openid, amountFen: 20_000_00 })
    expect(started.status).toBe('waiting_user')
    const before = posted.length
    const calls = onDisbursedCalls
    forward = false
    try {
      expect(confirmInWechat(started.confirm!.package)).toBe('requestMerchantTransfer:ok')
      await until('the notification', async () => posted.length > before)
    } finally {
      forward = true
    }
    const delivery = posted[before]!
    // WeChat delivers it several times at once, and later once more: the callback runs once.
    const handle = () => live.handleNotification(delivery.headers, delivery.body)
    await Promise.all(Array.from({ length: 6 }, handle))
    await handle()
    expect(onDisbursedCalls - calls).toBe(1)
    expect((await getLoan(h, borrower, loanId)).status).toBe('repaying')
    // The same through the route: 204 each time, nothing more happens.
    const replay = () => h.app.request('/api/loans/transfer-notify', { method: 'POST', headers: delivery.headers, body: delivery.body })
    const answers = await Promise.all(Array.from({ length: 3 }, replay))
    expect(answers.map((r) => r.status)).toEqual(Array(3).fill(204))
    expect(await ledgerOf(loanId)).toEqual([expect.objectContaining({ amount_fen: 20_000_00 })])
    // The loan moved once: one audit row approved → repaying.
    const moves = await loansDb(h.db.kysely).selectFrom('loan_events').select('to_status').where('loan_id', '=', loanId).where('to_status', '=', 'repaying').execute()
    expect(moves).toHaveLength(1)
    const loan = await getLoan(h, borrower, loanId)
    expect(loan.disbursement).toMatchObject({ status: 'succeeded', statusWord: '已到账', confirm: null })
    expect(loan.disbursedAt).not.toBeNull()
    // 放款 on a disbursed loan: refused, and no second bill.
    expect((await disburseTap(loanId)).status).toBe(409)
    expect(await live.start({ loanId, userId: borrower.userId, openid: borrower.openid, amountFen: 20_000_00 })).toMatchObject({ id: started.id, status: 'succeeded' })
    expect(bills(borrower.openid)).toHaveLength(1)
  })

  test('a forged or altered notification changes nothing (400)', async () => {
    const { borrower, loanId } = await approvedLoan()
    const started = await live.start({ loanId, userId: borrower.userId, openid: borrower.openid, amountFen: 20_000_00 })
    const before = posted.length
    await h.sandbox.transfers.decide({ mchId: h.config.wechatPay.mchId, appId: TEST_APPID, package: started.confirm!.package }, 'fail', 'PAYEE_ACCOUNT_ABNORMAL')
    await until('the notification', async () => posted.length > before)
    const d = posted[before]!
    const tampered = d.body.replace('"MCHTRANSFER.BILL.FINISHED"', '"MCHTRANSFER.BILL.FINISHED" ')
    expect((await h.app.request('/api/loans/transfer-notify', { method: 'POST', headers: d.headers, body: tampered })).status).toBe(400)
    expect((await h.app.request('/api/loans/transfer-notify', { method: 'POST', headers: { 'content-type': 'application/json' }, body: d.body })).status).toBe(400)
  })

  test('a lost notification: the sweep asks WeChat and disburses once, even when two sweeps run at once', async () => {
    const { borrower, loanId } = await approvedLoan()
    // Through the officer's route: the harness's notify_url reaches nobody.
    const { loan } = await json<LoanResponse>(await disburseTap(loanId), 200)
    expect(confirmInWechat(loan.disbursement!.confirm!.package)).toBe('requestMerchantTransfer:ok')
    expect((await getLoan(h, borrower, loanId)).status).toBe('approved')
    await Promise.all([h.disbursements.reconcile(0), h.disbursements.reconcile(0), live.reconcile(0)])
    expect((await getLoan(h, borrower, loanId)).status).toBe('repaying')
    expect(await ledgerOf(loanId)).toHaveLength(1)
  })

  test('the phone asks after 确认收款: the borrower’s read settles it from WeChat', async () => {
    const { borrower, loanId } = await approvedLoan()
    const { loan } = await json<LoanResponse>(await disburseTap(loanId), 200)
    confirmInWechat(loan.disbursement!.confirm!.package)
    const mine = await json<{ disbursement: { status: string } }>(await h.request('GET', `/api/loans/my/${loanId}/disbursement`, { token: borrower.token }), 200)
    expect(mine.disbursement.status).toBe('succeeded')
    expect((await getLoan(h, borrower, loanId)).status).toBe('repaying')
  })

  test('FAIL leaves the loan approved; 放款 again sends a new bill, which pays out once', async () => {
    const { borrower, loanId } = await approvedLoan()
    const first = await live.start({ loanId, userId: borrower.userId, openid: borrower.openid, amountFen: 20_000_00 })
    const before = posted.length
    await h.sandbox.transfers.decide({ mchId: h.config.wechatPay.mchId, appId: TEST_APPID, package: first.confirm!.package }, 'fail', 'PAYEE_ACCOUNT_ABNORMAL')
    await until('the FAIL notification', async () => posted.length > before)
    await until('the bill to end', async () => (await live.get(loanId))?.status === 'failed')
    const loan = await getLoan(h, borrower, loanId)
    expect(loan.status).toBe('approved')
    expect(loan.disbursement).toMatchObject({ status: 'failed', confirm: null })
    const second = await live.start({ loanId, userId: borrower.userId, openid: borrower.openid, amountFen: 20_000_00 })
    expect(second.id).not.toBe(first.id)
    expect(second.status).toBe('waiting_user')
    expect(confirmInWechat(second.confirm!.package)).toBe('requestMerchantTransfer:ok')
    await until('the loan to turn 还款中', async () => (await getLoan(h, borrower, loanId)).status === 'repaying')
    expect(await ledgerOf(loanId)).toHaveLength(1)
    expect(bills(borrower.openid).map((b) => b.state).sort()).toEqual(['FAIL', 'SUCCESS'])
  })

  test('the officer revokes an unconfirmed bill: CANCELLED, the loan stays approved and can be sent again', async () => {
    const { borrower, loanId } = await approvedLoan()
    const first = await live.start({ loanId, userId: borrower.userId, openid: borrower.openid, amountFen: 20_000_00 })
    await live.cancel(loanId)
    // CANCELING → CANCELLED comes a moment later (notified; the sweep would also find it).
    await until('the bill to be cancelled', async () => (await live.reconcile(0), (await live.get(loanId))?.status === 'cancelled'))
    expect(confirmInWechat(first.confirm!.package)).toBe('requestMerchantTransfer:fail 该笔转账已失效')
    expect((await getLoan(h, borrower, loanId)).status).toBe('approved')
    const again = await live.start({ loanId, userId: borrower.userId, openid: borrower.openid, amountFen: 20_000_00 })
    expect(again).toMatchObject({ status: 'waiting_user' })
    expect(again.id).not.toBe(first.id)
  })

  test('the officer revokes through the workbench route; then 放款 sends a new bill; the borrower cannot revoke', async () => {
    const { borrower, loanId } = await approvedLoan()
    const first = (await json<LoanResponse>(await disburseTap(loanId), 200)).loan.disbursement!
    const revoke = (token: string) => h.request('POST', `/api/loans/officer/applications/${loanId}/disbursement/cancel`, { token })
    expect((await revoke(borrower.token)).status).toBe(403)
    expect((await revoke(officer.token)).status).toBe(200)
    await until('the bill to be cancelled', async () => (await h.disbursements.reconcile(0), (await h.disbursements.get(loanId))?.status === 'cancelled'))
    expect((await revoke(officer.token)).status).toBe(409) // nothing waiting any more
    const second = (await json<LoanResponse>(await disburseTap(loanId), 200)).loan.disbursement!
    expect(second).toMatchObject({ status: 'waiting_user' })
    expect(second.confirm!.package).not.toBe(first.confirm!.package)
    expect(bills(borrower.openid).map((b) => b.state).sort()).toEqual(['CANCELLED', 'WAIT_USER_CONFIRM'])
  })

  test('WeChat refuses the bill (over the single limit): 409 with its reason, the loan stays approved', async () => {
    // An operator who raised LOANS_MAX_AMOUNT_FEN above what the transfer scene pays in one bill.
    const db = loansDb(h.db.kysely)
    const big = await publishProduct(db, { ...h.config.loans, maxAmountFen: 100_000_00 }, { name: '大额养殖贷', category: 'livestock', description: '建养殖场', minAmountFen: 10_000_00, maxAmountFen: 100_000_00, amountStepFen: 1_000_00, termsMonths: [12], methods: ['equal_installment'], annualRateBp: 660 }, h.clock.now(), { today: shanghaiDate(h.clock.now()) })
    const borrower = await newUser(h)
    const loanId = (await applyFor(h, borrower, { productId: big.id, amountFen: 50_000_00, termMonths: 12, method: 'equal_installment' })).id
    await approve(h, officer, loanId)
    await acceptContract(h, borrower, loanId)
    const res = await disburseTap(loanId)
    expect(res.status).toBe(409)
    expect(((await res.json()) as { message: string }).message).toMatch(/微信支付没有受理这笔放款（.*超过该转账场景的单笔限额/)
    expect((await getLoan(h, borrower, loanId)).status).toBe('approved')
    expect((await live.get(loanId))?.status).toBe('failed')
  })
})

