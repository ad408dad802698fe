import { encryptResource, randomNonce, signSha256Rsa } from '@tianyuan/wechatpay'
import type { CreatePaymentResponse, PaymentResponse, RepaymentQuoteResponse, RepaymentResponse } from '@tianyuan/contracts'
import { describeEachDatabase } from '../../testing/databases'
import { TEST_APPID, type Harness } from '../../testing/harness'
import { payAtCashier, until, useSandboxHarness } from '../../testing/payments-sandbox'
import { LOAN_REPAYMENT_KIND } from './payable'
import { releaseExpiredRepayments } from './repayments'
import { loansDb } from './schema'
import { getLoan, json, newOfficer, newUser, publishDemoProducts, repayingLoan, type TestUser } from './testing'

/**
 * Repayments through the payments module (kind loan_repayment) against the in-process WeChat
 * sandbox: the amount is the quote from our record; paying applies it to the schedule once; a
 * notification delivered many times at once writes one ledger entry; money paid twice goes back
 * through WeChat and the ledger shows the refund.
 */
describeEachDatabase('loan repayments through payments', (fresh) => {
  const sandbox = useSandboxHarness(fresh)
  let h: Harness
  let officer: TestUser

  beforeAll(async () => {
    h = sandbox.h
    await publishDemoProducts(h)
    officer = await newOfficer(h)
  })

  const startRepayment = async (b: TestUser, loanId: string, count = 1) => {
    const { quote } = await json<RepaymentQuoteResponse>(await h.request('POST', `/api/loans/my/${loanId}/repayment-quote`, { token: b.token, json: { scope: 'installments', count } }), 200)
    return (await json<RepaymentResponse>(await h.request('POST', `/api/loans/my/${loanId}/repayments`, { token: b.token, json: { scope: 'installments', count, amountFen: quote.amountFen } }), 201)).repayment
  }
  const createPayment = async (b: TestUser, repaymentId: string) =>
    json<CreatePaymentResponse>(await h.request('POST', '/api/payments', { token: b.token, json: { kind: LOAN_REPAYMENT_KIND, orderId: repaymentId } }), 201)
  const paidAtWeChat = async (b: TestUser, created: CreatePaymentResponse) => {
    expect(await payAtCashier(h, created.requestPayment)).toBe('requestPayment:ok')
    // No notification reaches the harness: asking for the payment makes the server query WeChat.
    await until('paid', async () => (await json<PaymentResponse>(await h.request('GET', `/api/payments/${created.payment.id}`, { token: b.token }), 200)).payment.status === 'paid')
  }

  test('repay one installment: the amount from our record, 待支付 → 已还款, the schedule and the ledger updated once', async () => {
    const b = await newUser(h)
    const loan = await repayingLoan(h, b, officer, { productId: 'livestock', amountFen: 6_000_00, termMonths: 6, method: 'equal_installment' })
    const repayment = await startRepayment(b, loan.id)
    const created = await createPayment(b, repayment.id)
    expect(created.payment).toMatchObject({ amountFen: loan.schedule[0]?.totalFen, description: '惠农小贷-第1期还款' })
    await paidAtWeChat(b, created)
    const after = await getLoan(h, b, loan.id)
    expect(after.schedule[0]?.status).toBe('paid')
    expect(after.repayments[0]).toMatchObject({ status: 'paid', statusWord: '已还款' })
    expect(after.ledger.filter((l) => l.kind === 'repayment')).toEqual([expect.objectContaining({ paymentId: created.payment.id, amountFen: repayment.amountFen, overpaidFen: 0 })])
    // Paying the same repayment again: refused (409), and another borrower cannot pay or see it (404).
    expect((await h.request('POST', '/api/payments', { token: b.token, json: { kind: LOAN_REPAYMENT_KIND, orderId: repayment.id } })).status).toBe(409)
    expect((await h.request('POST', '/api/payments', { token: (await newUser(h)).token, json: { kind: LOAN_REPAYMENT_KIND, orderId: repayment.id } })).status).toBe(404)
  })

  test('a repayment notification delivered ten times at once, then replayed: one ledger entry, the installment paid once', async () => {
    const b = await newUser(h)
    const loan = await repayingLoan(h, b, officer, { productId: 'livestock', amountFen: 9_000_00, termMonths: 6, method: 'equal_principal' })
    const repayment = await startRepayment(b, loan.id, 2)
    const created = await createPayment(b, repayment.id)
    const row = await h.db.kysely.selectFrom('payments').select(['payer_openid']).where('id', '=', created.payment.id).executeTakeFirstOrThrow()
    const keys = h.sandbox.keys
    const resource = {
      appid: TEST_APPID,
      mchid: h.config.wechatPay.mchId,
      out_trade_no: created.payment.id,
      transaction_id: `42000000002026112${Date.now() % 100000000}`,
      trade_type: 'JSAPI',
      trade_state: 'SUCCESS',
      trade_state_desc: '支付成功',
      success_time: new Date(h.clock.now()).toISOString().replace(/\.\d+Z$/, '+00:00'),
      payer: { openid: row.payer_openid },
      amount: { total: repayment.amountFen, payer_total: repayment.amountFen, currency: 'CNY', payer_currency: 'CNY' },
    }
    const nonce = randomNonce(12)
    const body = JSON.stringify({
      id: `notify-${Date.now()}`,
      create_time: '2026-11-28T12:00:00+08:00',
      resource_type: 'encrypt-resource',
      event_type: 'TRANSACTION.SUCCESS',
      summary: '支付成功',
      resource: { original_type: 'transaction', algorithm: 'AEAD_AES_256_GCM', ciphertext: encryptResource(keys.apiV3Key, nonce, 'transaction', JSON.stringify(resource)), associated_data: 'transaction', nonce },
    })
    const headers = () => {
      const timestamp = String(Math.floor(Date.now() / 1000))
      const n = randomNonce()
      return {
        'Wechatpay-Timestamp': timestamp,
        'Wechatpay-Nonce': n,
        'Wechatpay-Signature': signSha256Rsa(keys.platformPrivateKey, `${timestamp}\n${n}\n${body}\n`),
        'Wechatpay-Serial': keys.platformSerial,
      }
    }
    const results = await Promise.allSettled(Array.from({ length: 10 }, () => h.payments.handleNotification(headers(), body, 'transaction')))
    expect(results.filter((r) => r.status === 'rejected')).toEqual([])
    await h.payments.handleNotification(headers(), body, 'transaction')
    const after = await getLoan(h, b, loan.id)
    expect(after.ledger.filter((l) => l.kind === 'repayment')).toHaveLength(1)
    expect(after.schedule.slice(0, 2).map((i) => i.status)).toEqual(['paid', 'paid'])
    expect(after.schedule[2]?.status).toBe('unpaid')
    const ledgerRows = await loansDb(h.db.kysely).selectFrom('loan_ledger').select('id').where('loan_id', '=', loan.id).where('kind', '=', 'repayment').execute()
    expect(ledgerRows).toHaveLength(1)
  })

  test('paid twice: the second payment for the same installment goes back through WeChat, and the ledger shows the refund', async () => {
    const b = await newUser(h)
    const loan = await repayingLoan(h, b, officer, { productId: 'farm-supplies', amountFen: 2_000_00, termMonths: 3, method: 'equal_installment' })
    // Phone A starts paying installment 1 and leaves the cashier open…
    const first = await startRepayment(b, loan.id)
    const firstPayment = await createPayment(b, first.id)
    // …its hold ends; phone B pays installment 1.
    expect(await releaseExpiredRepayments(loansDb(h.db.kysely), h.clock.now() + 3600_000)).toBe(1)
    const second = await startRepayment(b, loan.id)
    await paidAtWeChat(b, await createPayment(b, second.id))
    // Then phone A's payment goes through after all.
    await paidAtWeChat(b, firstPayment)
    const owed = await getLoan(h, b, loan.id)
    expect(owed.schedule[0]?.status).toBe('paid')
    expect(owed.schedule[1]?.status).toBe('unpaid')
    await until('refunded', async () => {
      await h.payments.reconcileRefunds(0)
      const l = await getLoan(h, b, loan.id)
      return l.repayments.find((r) => r.id === first.id)?.refundedFen === first.amountFen
    })
    const done = await getLoan(h, b, loan.id)
    expect(done.ledger.filter((l) => l.kind === 'refund')).toEqual([expect.objectContaining({ amountFen: first.amountFen, paymentId: firstPayment.payment.id })])
    const payment = await json<PaymentResponse>(await h.request('GET', `/api/payments/${firstPayment.payment.id}`, { token: b.token }), 200)
    expect(payment.payment).toMatchObject({ status: 'refunded', refundedFen: first.amountFen })
    // The installment was paid once: one repayment's money kept, the other's all returned.
    const repaid = done.ledger.filter((l) => l.kind === 'repayment')
    expect(repaid.reduce((s, l) => s + l.amountFen - l.overpaidFen, 0)).toBe(loan.schedule[0]?.totalFen)
  })
})
