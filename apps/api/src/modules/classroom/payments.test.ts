import { encryptResource, randomNonce, signSha256Rsa } from '@tianyuan/wechatpay'
import type { CreatePaymentResponse, ErrorBody, PaymentResponse, PurchaseResponse } from '@tianyuan/contracts'
import { describeEachDatabase } from '../../testing/databases'
import { TEST_APPID, type Harness } from '../../testing/harness'
import { payAtCashier, silent, until, useSandboxHarness } from '../../testing/payments-sandbox'
import { CLASSROOM_COURSE_KIND, startDueRefunds, sweepClassroomPurchases } from './payable'
import { classroomDb } from './schema'
import { DEFAULT_CLASSROOM_HOLD_MS, type ClassroomDeps } from './shared'
import { getCourse, getLesson, json, newCourse, newLearner, newTeacher, type TestTeacher, type TestUser } from './testing'

/**
 * Buying a course through the payments module (kind `classroom_course`) against the in-process
 * WeChat sandbox: the amount is the course's price from our record; a course is paid once — a
 * replayed notification, a second purchase or a second payment change nothing — and money for a
 * purchase that could not stand (the course bought meanwhile) goes back in full.
 */
describeEachDatabase('classroom purchases through payments', (fresh) => {
  const sandbox = useSandboxHarness(fresh)
  let h: Harness
  let teacher: TestTeacher
  let course: Awaited<ReturnType<typeof newCourse>>

  beforeAll(async () => {
    h = sandbox.h
    teacher = await newTeacher(h)
    course = await newCourse(h, teacher, { title: '农产品网店拍照', topic: 'ecommerce', priceFen: 2990, trials: 1 })
  })

  const deps = (): ClassroomDeps => ({ db: classroomDb(h.db.kysely), now: h.clock.now, holdMs: DEFAULT_CLASSROOM_HOLD_MS, paymentTimeoutMs: h.config.wechatPay.paymentTimeoutMs, lessonMedia: null })
  const purchase = async (learner: TestUser, status = 201) =>
    (await json<PurchaseResponse>(await h.request('POST', `/api/classroom/courses/${course.course.id}/purchase`, { token: learner.token }), status)).purchase
  const startPayment = async (learner: TestUser, purchaseId: string) => {
    const created = await json<CreatePaymentResponse>(await h.request('POST', '/api/payments', { token: learner.token, json: { kind: CLASSROOM_COURSE_KIND, orderId: purchaseId } }), 201)
    return created
  }
  const paid = async (learner: TestUser, created: CreatePaymentResponse) => {
    expect(await payAtCashier(h, created.requestPayment)).toBe('requestPayment:ok')
    // No notification reaches the harness: asking for the payment makes the server query WeChat.
    await until('paid', async () => (await json<PaymentResponse>(await h.request('GET', `/api/payments/${created.payment.id}`, { token: learner.token }), 200)).payment.status === 'paid')
  }

  /** WeChat's TRANSACTION.SUCCESS for a payment, signed and encrypted as WeChat does. */
  const notification = async (paymentId: string, amountFen: number) => {
    const keys = h.sandbox.keys
    const row = await h.db.kysely.selectFrom('payments').select(['payer_openid', 'transaction_id']).where('id', '=', paymentId).executeTakeFirstOrThrow()
    const nonce = randomNonce(12)
    const resource = {
      appid: TEST_APPID,
      mchid: h.sandbox.mchId,
      out_trade_no: paymentId,
      transaction_id: row.transaction_id ?? '4200000000202612040000000001',
      trade_type: 'JSAPI',
      trade_state: 'SUCCESS',
      trade_state_desc: '支付成功',
      success_time: '2026-12-04T20:00:00+08:00',
      payer: { openid: row.payer_openid },
      amount: { total: amountFen, payer_total: amountFen, currency: 'CNY', payer_currency: 'CNY' },
    }
    const body = JSON.stringify({
      id: crypto.randomUUID(),
      create_time: '2026-12-04T20:00:00+08:00',
      resource_type: 'encrypt-resource',
      event_type: 'TRANSACTION.SUCCESS',
      summary: '支付成功',
      resource: { original_type: 'transaction', algorithm: 'AEAD_AES_256_GCM', ciphertext: encryptResource(keys.apiV3Key, nonce, 'transaction', JSON.stringify(resource)), associated_data: 'transaction', nonce },
    })
    const timestamp = String(Math.floor(Date.now() / 1000))
    const headerNonce = randomNonce()
    return {
      body,
      headers: {
        'content-type': 'application/json',
        'Wechatpay-Timestamp': timestamp,
        'Wechatpay-Nonce': headerNonce,
        'Wechatpay-Signature': signSha256Rsa(keys.platformPrivateKey, `${timestamp}\n${headerNonce}\n${body}\n`),
        'Wechatpay-Serial': keys.platformSerial,
      },
    }
  }

  test('bought once: the price from our record, 待支付 → 已购买 once; the notification replayed changes nothing; buying or paying again 409', async () => {
    const learner = await newLearner(h)
    const p = await purchase(learner)
    expect(p).toMatchObject({ status: 'pending_payment', statusWord: '待支付', amountFen: 2990, courseTitle: '农产品网店拍照' })
    // Tapping 购买 again gives the same purchase.
    expect((await purchase(learner, 200)).id).toBe(p.id)
    expect((await getCourse(h, course.course.id, learner.token)).pendingPurchase?.id).toBe(p.id)
    const created = await startPayment(learner, p.id)
    expect(created.payment.amountFen).toBe(2990)
    await paid(learner, created)

    const db = classroomDb(h.db.kysely)
    const rows = async () => db.selectFrom('classroom_purchases').selectAll().where('user_id', '=', learner.userId).execute()
    const before = await rows()
    expect(before.map((r) => r.status)).toEqual(['paid'])
    // WeChat delivers the notification (late, several times, at once): acknowledged, nothing changes.
    const n = await notification(created.payment.id, 2990)
    const answers = await Promise.all(Array.from({ length: 5 }, () => h.request('POST', '/api/payments/notify', { body: n.body, headers: n.headers })))
    expect(answers.map((r) => r.status)).toEqual(Array(5).fill(204))
    expect(await rows()).toEqual(before)
    const enrolments = await db.selectFrom('classroom_enrolments').selectAll().where('user_id', '=', learner.userId).execute()
    expect(enrolments.map((e) => [e.course_id, e.source])).toEqual([[course.course.id, 'purchase']])

    const detail = await getCourse(h, course.course.id, learner.token)
    expect(detail).toMatchObject({ access: 'purchased', accessWord: '已购买', enrolled: true, pendingPurchase: null })
    expect(detail.lessons.every((l) => !l.locked)).toBe(true)
    expect((await getLesson(h, course.lessons[2]!.id, learner.token)).blocks).not.toBeNull()

    const again = await h.request('POST', `/api/classroom/courses/${course.course.id}/purchase`, { token: learner.token })
    expect(again.status).toBe(409)
    expect(((await again.json()) as ErrorBody).message).toContain('已经买过')
    expect((await h.request('POST', '/api/payments', { token: learner.token, json: { kind: CLASSROOM_COURSE_KIND, orderId: p.id } })).status).toBe(409)
    // Another learner can neither pay nor see it.
    const stranger = await newLearner(h)
    expect((await h.request('POST', '/api/payments', { token: stranger.token, json: { kind: CLASSROOM_COURSE_KIND, orderId: p.id } })).status).toBe(404)
    expect((await h.request('GET', `/api/classroom/purchases/${p.id}`, { token: stranger.token })).status).toBe(404)
    expect((await json<PurchaseResponse>(await h.request('GET', `/api/classroom/purchases/${p.id}`, { token: learner.token }), 200)).purchase.status).toBe('paid')
  })

  test('money for a purchase whose hold ended after the course was bought again: not a second purchase, refunded in full', async () => {
    const learner = await newLearner(h)
    const first = await purchase(learner)
    const firstPayment = await startPayment(learner, first.id)
    // The hold ends (the learner walked away from the cashier): the sweep cancels the purchase.
    const realNow = h.clock.now()
    h.clock.t = realNow + 3 * 3600_000
    expect((await sweepClassroomPurchases(h.payments, deps(), silent, h.clock.now())).released).toBeGreaterThanOrEqual(1)
    h.clock.t = realNow
    // They buy again and pay.
    const second = await purchase(learner)
    expect(second.id).not.toBe(first.id)
    await paid(learner, await startPayment(learner, second.id))
    // The first payment goes through after all.
    await paid(learner, firstPayment)
    const db = classroomDb(h.db.kysely)
    const statuses = async () => Object.fromEntries((await db.selectFrom('classroom_purchases').select(['id', 'status']).where('user_id', '=', learner.userId).execute()).map((r) => [r.id, r.status]))
    expect(await statuses()).toEqual({ [first.id]: 'cancelled', [second.id]: 'paid' })
    expect(await startDueRefunds(h.payments, db, silent)).toBe(1)
    expect(await startDueRefunds(h.payments, db, silent)).toBe(0)
    await until('refunded', async () => {
      await h.payments.reconcileRefunds(0)
      return (await statuses())[first.id] === 'refunded'
    })
    const refunded = await json<PaymentResponse>(await h.request('GET', `/api/payments/${firstPayment.payment.id}`, { token: learner.token }), 200)
    expect(refunded.payment).toMatchObject({ status: 'refunded', refundedFen: 2990 })
    expect((await getCourse(h, course.course.id, learner.token)).access).toBe('purchased')
  })

  test('five taps on 购买 at once: one purchase', async () => {
    const learner = await newLearner(h)
    const answers = await Promise.all(Array.from({ length: 5 }, () => h.request('POST', `/api/classroom/courses/${course.course.id}/purchase`, { token: learner.token })))
    expect(answers.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 201])
    const ids = new Set(await Promise.all(answers.map(async (r) => ((await r.json()) as PurchaseResponse).purchase.id)))
    expect(ids.size).toBe(1)
  })

  test('a free course cannot be bought; the teacher need not buy their own', async () => {
    const free = await newCourse(h, teacher, { title: '水稻育秧', priceFen: 0 })
    const learner = await newLearner(h)
    expect((await h.request('POST', `/api/classroom/courses/${free.course.id}/purchase`, { token: learner.token })).status).toBe(409)
    expect((await h.request('POST', `/api/classroom/courses/${course.course.id}/purchase`, { token: teacher.token })).status).toBe(409)
  })
})
