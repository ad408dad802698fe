import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { Writable } from 'node:stream'
import { sql } from 'kysely'
import {
  CreatePaymentResponse,
  PaymentResponse,
  type ErrorBody,
  type LoginResponse,
  type Payment,
  type RequestPaymentParams,
} from '@tianyuan/contracts'
import { encryptResource, randomNonce, signSha256Rsa } from '@tianyuan/wechatpay'
import type { SandboxKeys } from '@tianyuan/wechat-sandbox'
import { loadConfig } from '../../config'
import type { Db } from '../../platform/db'
import { createLogger } from '../../platform/logging'
import { startServer, type RunningServer } from '../../server'
import { describeEachDatabase, type TestDatabase } from '../../testing/databases'
import { SHARED_SANDBOX_KEYS, TEST_APPID, TEST_SECRET } from '../../testing/harness'
import type { PayableResolver } from './service'

/**
 * Payments over real HTTP: the API listens on 127.0.0.1 with the WeChat sandbox mounted
 * in-process at /wechat-sandbox; the merchant client, the cashier and the notifications all go
 * over loopback, exactly as in the preview.
 */

const KIND = 'test_order'
const MINUTE = 60_000

/** A domain's order table, created by the test: the payments module knows it only through the resolver. */
async function createOrdersTable(db: Db) {
  await sql`create table test_orders (
    id text primary key, user_id text not null, amount_fen bigint not null, description text not null,
    status text not null, paid_count integer not null default 0, refunded_fen bigint not null default 0,
    refund_calls integer not null default 0)`.execute(db.kysely)
}

interface OrderRow {
  id: string
  user_id: string
  amount_fen: number
  description: string
  status: 'unpaid' | 'paid' | 'cancelled'
  paid_count: number
  refunded_fen: number
  refund_calls: number
}

const testOrders: PayableResolver = {
  async load(orderId, userId, db) {
    const { rows } = await sql<OrderRow>`select * from test_orders where id = ${orderId} and user_id = ${userId}`.execute(db)
    const row = rows[0]
    return row ? { amountFen: Number(row.amount_fen), description: row.description, status: row.status } : null
  },
  async onPaid(orderId, tx) {
    await sql`update test_orders set status = 'paid', paid_count = paid_count + 1 where id = ${orderId}`.execute(tx)
  },
  async onRefunded(orderId, tx, refund) {
    await sql`update test_orders set refunded_fen = ${refund.refundedFen}, refund_calls = refund_calls + 1 where id = ${orderId}`.execute(tx)
  },
}

/** Waits for a condition by polling (bounded), never for a fixed time. */
async function until<T>(what: string, probe: () => Promise<T | undefined | null | false> | T | undefined | null | false, timeoutMs = 8000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await probe()
    if (value) return value
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 10))
  }
}

/** A notification as WeChat Pay v3 sends it, signed with the sandbox's platform key (or another). */
function wechatNotification(
  keys: SandboxKeys,
  resource: object,
  options: { kind?: 'transaction' | 'refund'; timestamp?: number; signingKey?: string | crypto.KeyObject } = {},
) {
  const kind = options.kind ?? 'transaction'
  const nonce = randomNonce(12)
  const body = JSON.stringify({
    id: crypto.randomUUID(),
    create_time: '2026-11-28T12:00:00+08:00',
    resource_type: 'encrypt-resource',
    event_type: kind === 'transaction' ? 'TRANSACTION.SUCCESS' : 'REFUND.SUCCESS',
    summary: kind === 'transaction' ? '支付成功' : '退款成功',
    resource: {
      original_type: kind,
      algorithm: 'AEAD_AES_256_GCM',
      ciphertext: encryptResource(keys.apiV3Key, nonce, kind, JSON.stringify(resource)),
      associated_data: kind,
      nonce,
    },
  })
  return { body, headers: signHeaders(keys, body, options) }
}

function signHeaders(keys: SandboxKeys, body: string, options: { timestamp?: number; signingKey?: string | crypto.KeyObject } = {}) {
  const timestamp = String(options.timestamp ?? Math.floor(Date.now() / 1000))
  const nonce = randomNonce()
  return {
    'content-type': 'application/json',
    'Wechatpay-Timestamp': timestamp,
    'Wechatpay-Nonce': nonce,
    'Wechatpay-Signature': signSha256Rsa(options.signingKey ?? keys.platformPrivateKey, `${timestamp}\n${nonce}\n${body}\n`),
    'Wechatpay-Serial': keys.platformSerial,
  }
}

describeEachDatabase('payments over HTTP with the in-process WeChat sandbox', (fresh) => {
  let database: TestDatabase
  let dirs: string[] = []
  let s: RunningServer
  /** Server B: same database, but WeChat cannot reach its notify URL (the query fallback). */
  let b: RunningServer
  let offset = 0
  const now = () => Date.now() + offset
  let seq = 0
  /** Every warning and error the servers logged, parsed (pino's JSON lines). */
  const logged: { level: number; msg: string; alarm?: string; problem?: string; refundId?: string }[] = []
  const alarms = () => logged.filter((l) => l.level >= 50 && l.alarm)

  async function start(env: Record<string, string> = {}) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tianyuan-payments-'))
    dirs.push(dir)
    const config = loadConfig({
      NODE_ENV: 'test',
      HOST: '127.0.0.1',
      PORT: '0',
      DATA_DIR: dir,
      WECHAT_APPID: TEST_APPID,
      WECHAT_SECRET: TEST_SECRET,
      LOGIN_LIMIT_PER_IP_PER_MINUTE: '100000',
      WECHAT_SANDBOX_DATA_DIR: SHARED_SANDBOX_KEYS,
      ...env,
    })
    const server = await startServer({
      config,
      db: await database.open(),
      logger: createLogger({
        level: 'warn',
        destination: new Writable({
          write(chunk, _enc, done) {
            for (const line of String(chunk).split('\n').filter(Boolean)) logged.push(JSON.parse(line) as (typeof logged)[number])
            if (process.env.PAYMENTS_TEST_LOG) process.stdout.write(chunk)
            done()
          },
        }),
      }),
      now,
      sandbox: { refundDelayMs: 20 },
    })
    server.payments.registerPayable(KIND, testOrders)
    return server
  }

  beforeAll(async () => {
    database = await fresh()
    const db = await database.open()
    await createOrdersTable(db)
    await db.close()
    s = await start()
    b = await start({ WECHATPAY_NOTIFY_URL_BASE: 'http://127.0.0.1:9' })
  })
  afterAll(async () => {
    await s.shutdown()
    await b.shutdown()
    await database.drop()
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true })
    dirs = []
  })

  const call = async (server: RunningServer, method: string, url: string, init: { token?: string; json?: unknown; headers?: Record<string, string>; body?: string } = {}) => {
    const headers: Record<string, string> = { ...init.headers }
    if (init.token) headers.authorization = `Bearer ${init.token}`
    if (init.json !== undefined) headers['content-type'] = 'application/json'
    return fetch(`${server.url}${url}`, { method, headers, body: init.json !== undefined ? JSON.stringify(init.json) : init.body })
  }

  /** wx.login in the preview: a code from the sandbox, exchanged by the API through jscode2session. */
  async function login(server: RunningServer, user = `村民${process.pid}-${++seq}`): Promise<LoginResponse> {
    const { code } = (await (await call(server, 'POST', '/wechat-sandbox/sandbox/login', { json: { user } })).json()) as { code: string }
    const res = await call(server, 'POST', '/api/auth/login', { json: { code } })
    expect(res.status).toBe(200)
    return (await res.json()) as LoginResponse
  }

  async function newOrder(userId: string, amountFen = 1234, description = '土鸡蛋 30 枚'): Promise<string> {
    const id = `order-${++seq}`
    await sql`insert into test_orders (id, user_id, amount_fen, description, status) values (${id}, ${userId}, ${amountFen}, ${description}, 'unpaid')`.execute(
      s.db.kysely,
    )
    return id
  }

  const orderRow = async (id: string) => {
    const { rows } = await sql<OrderRow>`select * from test_orders where id = ${id}`.execute(s.db.kysely)
    const row = rows[0] as OrderRow
    return { ...row, amount_fen: Number(row.amount_fen), refunded_fen: Number(row.refunded_fen), paid_count: Number(row.paid_count), refund_calls: Number(row.refund_calls) }
  }
  const paymentRow = (id: string) => s.db.kysely.selectFrom('payments').selectAll().where('id', '=', id).executeTakeFirstOrThrow()

  async function createPayment(server: RunningServer, token: string, orderId: string, headers?: Record<string, string>) {
    const res = await call(server, 'POST', '/api/payments', { token, json: { kind: KIND, orderId }, headers })
    const text = await res.text()
    if (res.status !== 201 && res.status !== 200) throw new Error(`create payment: ${res.status} ${text}`)
    return { status: res.status, headers: res.headers, ...CreatePaymentResponse.parse(JSON.parse(text)) }
  }

  /** What the SDK's H5 adapter does with requestPayment: the sandbox cashier's JSON endpoint. */
  async function cashier(server: RunningServer, params: RequestPaymentParams, action: 'confirm' | 'cancel' | 'fail' = 'confirm') {
    const prepayId = params.package.replace(/^prepay_id=/, '')
    const res = await call(server, 'POST', `/wechat-sandbox/sandbox/cashier/${prepayId}/${action}`, { json: params })
    return ((await res.json()) as { errMsg: string }).errMsg
  }

  async function getPayment(server: RunningServer, token: string, id: string): Promise<Payment> {
    const res = await call(server, 'GET', `/api/payments/${id}`, { token })
    expect(res.status).toBe(200)
    return PaymentResponse.parse(await res.json()).payment
  }

  /** A paid payment (through the cashier and the real notification). */
  async function paidPayment(token: string, userId: string, amountFen: number) {
    const orderId = await newOrder(userId, amountFen)
    const created = await createPayment(s, token, orderId)
    expect(await cashier(s, created.requestPayment)).toBe('requestPayment:ok')
    await until('paid', async () => (await paymentRow(created.payment.id)).status === 'paid')
    return { orderId, payment: created.payment }
  }

  test('login goes through the sandbox: a code works once; reused → 400 WECHAT_CODE_INVALID (errcode 40163)', async () => {
    const { code } = (await (await call(s, 'POST', '/wechat-sandbox/sandbox/login', { json: { user: '张大爷' } })).json()) as { code: string }
    const first = await call(s, 'POST', '/api/auth/login', { json: { code } })
    expect(first.status).toBe(200)
    const again = await call(s, 'POST', '/api/auth/login', { json: { code } })
    expect(again.status).toBe(400)
    expect(((await again.json()) as ErrorBody).code).toBe('WECHAT_CODE_INVALID')
    const unknown = await call(s, 'POST', '/api/auth/login', { json: { code: 'nosuchcode' } })
    expect(((await unknown.json()) as ErrorBody).code).toBe('WECHAT_CODE_INVALID')
  })

  test('full flow: create → cashier confirms → WeChat notifies → paid, onPaid once; the amount is the server’s', async () => {
    const { token, user } = await login(s)
    const orderId = await newOrder(user.id, 2580, '农家土蜂蜜 1 斤')
    // The client cannot name an amount.
    const withAmount = await call(s, 'POST', '/api/payments', { token, json: { kind: KIND, orderId, amountFen: 1 } })
    expect(withAmount.status).toBe(400)

    const created = await createPayment(s, token, orderId)
    expect(created.status).toBe(201)
    expect(created.payment).toMatchObject({ kind: KIND, orderId, status: 'pending', amountFen: 2580, refundedFen: 0, description: '农家土蜂蜜 1 斤' })
    expect(created.payment.paidAt).toBeUndefined()
    expect(created.payment.createdAt).toMatch(/\+08:00$/)
    expect(created.requestPayment).toMatchObject({ signType: 'RSA', package: expect.stringMatching(/^prepay_id=wx/) })

    // The cashier shows the server's amount.
    const prepayId = created.requestPayment.package.slice('prepay_id='.length)
    const page = await call(s, 'GET', `/wechat-sandbox/sandbox/cashier?prepay_id=${prepayId}`)
    expect(await page.text()).toContain('¥25.80')

    const attemptsBefore = s.sandbox!.notifications.attempts().length
    expect(await cashier(s, created.requestPayment)).toBe('requestPayment:ok')
    // Paid by the notification alone (no GET, so no query fallback).
    await until('notification applied', async () => (await paymentRow(created.payment.id)).status === 'paid')
    const attempts = await until('the sandbox logs its delivery', () => {
      const since = s.sandbox!.notifications.attempts().slice(attemptsBefore)
      return since.length > 0 && since
    })
    expect(attempts).toEqual([expect.objectContaining({ eventType: 'TRANSACTION.SUCCESS', delivered: true, detail: 'HTTP 204', url: `${s.url}/api/payments/notify` })])
    expect(await orderRow(orderId)).toMatchObject({ status: 'paid', paid_count: 1 })
    const row = await paymentRow(created.payment.id)
    expect(row.transaction_id).toMatch(/^4200/)

    const read = await getPayment(s, token, created.payment.id)
    expect(read).toMatchObject({ status: 'paid', amountFen: 2580 })
    expect(read.paidAt).toMatch(/\+08:00$/)

    // Paying a paid order again: 409 in words a villager understands.
    const again = await call(s, 'POST', '/api/payments', { token, json: { kind: KIND, orderId } })
    expect(again.status).toBe(409)
    const body = (await again.json()) as ErrorBody
    expect(body.code).toBe('PAYMENT_ALREADY_PAID')
    expect(body.message).toMatch(/已经付过款/)
  })

  test('one live payment per order: a second create (or five at once) returns the same prepay, not a new charge', async () => {
    const { token, user } = await login(s)
    const orderId = await newOrder(user.id, 990)
    const first = await createPayment(s, token, orderId)
    const second = await createPayment(s, token, orderId)
    expect(second.status).toBe(200)
    expect(second.payment.id).toBe(first.payment.id)
    expect(second.requestPayment.package).toBe(first.requestPayment.package)

    const other = await newOrder(user.id, 500)
    const burst = await Promise.all(Array.from({ length: 5 }, () => createPayment(s, token, other)))
    expect(new Set(burst.map((r) => r.payment.id)).size).toBe(1)
    expect(new Set(burst.map((r) => r.requestPayment.package)).size).toBe(1)
    const rows = await s.db.kysely.selectFrom('payments').select('id').where('order_id', '=', other).execute()
    expect(rows).toHaveLength(1)

    // Idempotency-Key: the same request again is the stored answer.
    const third = await newOrder(user.id, 700)
    const k1 = await createPayment(s, token, third, { 'Idempotency-Key': `pay-${third}` })
    const k2 = await createPayment(s, token, third, { 'Idempotency-Key': `pay-${third}` })
    expect(k2.headers.get('idempotent-replayed')).toBe('true')
    expect(k2.status).toBe(201)
    expect(k2.payment.id).toBe(k1.payment.id)
    expect(k2.requestPayment).toEqual(k1.requestPayment)
  })

  test('the order’s amount changed under a pending payment: the old WeChat order is closed and a new one made', async () => {
    const { token, user } = await login(s)
    const orderId = await newOrder(user.id, 1000)
    const old = await createPayment(s, token, orderId)
    await sql`update test_orders set amount_fen = 800 where id = ${orderId}`.execute(s.db.kysely)
    const fresh = await createPayment(s, token, orderId)
    expect(fresh.status).toBe(201)
    expect(fresh.payment).toMatchObject({ amountFen: 800, status: 'pending' })
    expect(fresh.payment.id).not.toBe(old.payment.id)
    expect((await paymentRow(old.payment.id)).status).toBe('closed')
    expect(await cashier(s, old.requestPayment)).toBe('requestPayment:fail 订单已关闭')
    // Cancelled by the domain: the pending payment is closed and the create refused.
    await sql`update test_orders set status = 'cancelled' where id = ${orderId}`.execute(s.db.kysely)
    const refused = await call(s, 'POST', '/api/payments', { token, json: { kind: KIND, orderId } })
    expect(refused.status).toBe(409)
    expect(((await refused.json()) as ErrorBody).code).toBe('ORDER_NOT_PAYABLE')
    expect((await paymentRow(fresh.payment.id)).status).toBe('closed')
  })

  test('cancel and failure leave the payment pending with nothing notified; paying afterwards still works', async () => {
    const { token, user } = await login(s)
    const orderId = await newOrder(user.id, 300)
    const created = await createPayment(s, token, orderId)
    const attemptsBefore = s.sandbox!.notifications.attempts().length

    expect(await cashier(s, created.requestPayment, 'cancel')).toBe('requestPayment:fail cancel')
    expect((await getPayment(s, token, created.payment.id)).status).toBe('pending')
    const failed = await cashier(s, created.requestPayment, 'fail')
    expect(failed).toMatch(/^requestPayment:fail (?!cancel)/)
    expect((await getPayment(s, token, created.payment.id)).status).toBe('pending')
    expect(s.sandbox!.notifications.attempts().length).toBe(attemptsBefore)
    expect(await orderRow(orderId)).toMatchObject({ status: 'unpaid', paid_count: 0 })

    // A forged requestPayment (paySign by someone else) is refused by the cashier.
    const forged = { ...created.requestPayment, paySign: created.requestPayment.paySign.replace(/^./, (ch) => (ch === 'A' ? 'B' : 'A')) }
    expect(await cashier(s, forged)).toMatch(/^requestPayment:fail/)

    const again = await createPayment(s, token, orderId)
    expect(again.payment.id).toBe(created.payment.id)
    expect(await cashier(s, again.requestPayment)).toBe('requestPayment:ok')
    await until('paid', async () => (await paymentRow(created.payment.id)).status === 'paid')
    expect(await orderRow(orderId)).toMatchObject({ status: 'paid', paid_count: 1 })
  })

  test('a notification delivered ten times at once, then replayed: one state change, onPaid once', async () => {
    const { token, user } = await login(s)
    const orderId = await newOrder(user.id, 4200)
    const created = await createPayment(s, token, orderId)
    const keys = s.sandbox!.keys
    const transaction = {
      appid: TEST_APPID,
      mchid: s.sandbox!.mchId,
      out_trade_no: created.payment.id,
      transaction_id: '4200000000202611280000000001',
      trade_type: 'JSAPI',
      trade_state: 'SUCCESS',
      trade_state_desc: '支付成功',
      success_time: '2026-11-28T20:00:00+08:00',
      payer: { openid: (await paymentRow(created.payment.id)).payer_openid },
      amount: { total: 4200, payer_total: 4200, currency: 'CNY', payer_currency: 'CNY' },
    }
    const n = wechatNotification(keys, transaction)
    const answers = await Promise.all(Array.from({ length: 10 }, () => call(s, 'POST', '/api/payments/notify', { body: n.body, headers: n.headers })))
    expect(answers.map((r) => r.status)).toEqual(Array(10).fill(204))
    expect(await orderRow(orderId)).toMatchObject({ status: 'paid', paid_count: 1 })
    const row = await paymentRow(created.payment.id)
    expect(row).toMatchObject({ status: 'paid', transaction_id: '4200000000202611280000000001' })
    expect(row.paid_at).toBe(Date.parse('2026-11-28T20:00:00+08:00'))

    // WeChat retries the same notification later (re-signed): acknowledged, nothing changes.
    const replay = await call(s, 'POST', '/api/payments/notify', { body: n.body, headers: signHeaders(keys, n.body) })
    expect(replay.status).toBe(204)
    expect(await orderRow(orderId)).toMatchObject({ paid_count: 1 })
    expect(await paymentRow(created.payment.id)).toEqual(row)
  })

  test('tampered body, wrong signature, stale timestamp, wrong amount, mchid or appid: rejected with FAIL, nothing changed', async () => {
    const { token, user } = await login(s)
    const orderId = await newOrder(user.id, 1500)
    const created = await createPayment(s, token, orderId)
    const keys = s.sandbox!.keys
    const good = {
      appid: TEST_APPID,
      mchid: s.sandbox!.mchId,
      out_trade_no: created.payment.id,
      transaction_id: '4200000000202611280000000002',
      trade_type: 'JSAPI',
      trade_state: 'SUCCESS',
      trade_state_desc: '支付成功',
      success_time: '2026-11-28T20:00:00+08:00',
      payer: { openid: (await paymentRow(created.payment.id)).payer_openid },
      amount: { total: 1500, payer_total: 1500, currency: 'CNY', payer_currency: 'CNY' },
    }
    const before = JSON.stringify([await paymentRow(created.payment.id), await orderRow(orderId)])
    const stranger = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey

    const valid = wechatNotification(keys, good)
    const tampered = valid.body.replace('"支付成功"', '"支付成功 "')
    const cases: [string, { body: string; headers: Record<string, string> }][] = [
      ['tampered body', { body: tampered, headers: valid.headers }],
      ['wrong signature', wechatNotification(keys, good, { signingKey: stranger })],
      ['stale timestamp', wechatNotification(keys, good, { timestamp: Math.floor(Date.now() / 1000) - 600 })],
      ['timestamp from the future', wechatNotification(keys, good, { timestamp: Math.floor(Date.now() / 1000) + 600 })],
      ['wrong amount', wechatNotification(keys, { ...good, amount: { ...good.amount, total: 1 } })],
      ['wrong mchid', wechatNotification(keys, { ...good, mchid: '1900009999' })],
      ['wrong appid', wechatNotification(keys, { ...good, appid: 'wx-someone-else' })],
      ['unknown order', wechatNotification(keys, { ...good, out_trade_no: 'nosuchpayment000000001' })],
      ['a refund notification at the payment endpoint', wechatNotification(keys, { mchid: good.mchid }, { kind: 'refund' })],
      ['unsigned', { body: valid.body, headers: { 'content-type': 'application/json' } }],
    ]
    for (const [name, n] of cases) {
      const res = await call(s, 'POST', '/api/payments/notify', { body: n.body, headers: n.headers })
      expect([name, res.status >= 400 && res.status < 500]).toEqual([name, true])
      const body = (await res.json()) as { code: string; message: string }
      expect([name, body.code]).toEqual([name, 'FAIL'])
      expect(body.message).toMatch(/[\u4e00-\u9fff]/)
    }
    expect(JSON.stringify([await paymentRow(created.payment.id), await orderRow(orderId)])).toBe(before)

    // The untampered one still works.
    expect((await call(s, 'POST', '/api/payments/notify', { body: valid.body, headers: valid.headers })).status).toBe(204)
    expect(await orderRow(orderId)).toMatchObject({ status: 'paid', paid_count: 1 })
  })

  test('the notification never arrives: reading the payment asks WeChat and applies the answer once', async () => {
    const { token, user } = await login(b)
    const orderId = await newOrder(user.id, 880)
    const created = await createPayment(b, token, orderId)
    expect(await cashier(b, created.requestPayment)).toBe('requestPayment:ok')
    // WeChat tried and failed (nothing listens at the notify URL); the payment is still pending here.
    const failedAttempt = await until('a failed delivery', () =>
      b.sandbox!.notifications.attempts().find((a) => a.url === 'http://127.0.0.1:9/api/payments/notify' && !a.delivered),
    )
    expect(failedAttempt.detail).toMatch(/network error/)
    expect((await paymentRow(created.payment.id)).status).toBe('pending')

    const [one, two] = await Promise.all([getPayment(b, token, created.payment.id), getPayment(b, token, created.payment.id)])
    expect(one.status).toBe('paid')
    expect(two.status).toBe('paid')
    expect(await orderRow(orderId)).toMatchObject({ status: 'paid', paid_count: 1 })
  })

  test('a refund whose notification never arrives is settled by asking WeChat (on read, and by housekeeping)', async () => {
    const { token, user } = await login(b)
    const orderId = await newOrder(user.id, 600)
    const created = await createPayment(b, token, orderId)
    expect(await cashier(b, created.requestPayment)).toBe('requestPayment:ok')
    expect((await getPayment(b, token, created.payment.id)).status).toBe('paid')

    // Nothing listens at B's notify URL, so only a query to WeChat can settle these refunds.
    const first = await b.payments.refundPayment(created.payment.id, 200, '坏了两个')
    expect(first.refund.status).toBe('processing')
    expect((await paymentRow(created.payment.id)).status).toBe('refunding')
    // Reading the payment asks WeChat about the refund (PROCESSING until the sandbox settles it).
    await until('settled on read', async () => (await getPayment(b, token, created.payment.id)).status === 'partially_refunded')
    expect(await getPayment(b, token, created.payment.id)).toMatchObject({ status: 'partially_refunded', refundedFen: 200 })
    expect(
      b.sandbox!.notifications.attempts().some((a) => a.eventType === 'REFUND.SUCCESS' && a.url === 'http://127.0.0.1:9/api/payments/refund-notify' && !a.delivered),
    ).toBe(true)

    const second = await b.payments.refundPayment(created.payment.id, 400, '全部退掉')
    // Housekeeping: refunds still processing are asked about.
    await until('settled by housekeeping', async () => {
      await b.payments.reconcileRefunds(0)
      return (await paymentRow(created.payment.id)).status === 'refunded'
    })
    expect(await paymentRow(created.payment.id)).toMatchObject({ status: 'refunded', refunded_fen: 600, refund_pending_fen: 0 })
    const refund = await s.db.kysely.selectFrom('refunds').selectAll().where('id', '=', second.refund.id).executeTakeFirstOrThrow()
    expect(refund.status).toBe('succeeded')
    expect(await orderRow(orderId)).toMatchObject({ refunded_fen: 600, refund_calls: 2 })
  })

  test('an unpaid payment closes after the timeout (housekeeping asks WeChat to close it); the order can be paid anew', async () => {
    const { token, user } = await login(s)
    const orderId = await newOrder(user.id, 650)
    const created = await createPayment(s, token, orderId)
    expect(Date.parse(created.payment.expiresAt) - Date.parse(created.payment.createdAt)).toBe(15 * MINUTE)

    offset += 14 * MINUTE
    await s.payments.closeExpired()
    expect((await paymentRow(created.payment.id)).status).toBe('pending')

    offset += 2 * MINUTE
    expect(await s.payments.closeExpired()).toBeGreaterThanOrEqual(1)
    expect(await getPayment(s, token, created.payment.id)).toMatchObject({ status: 'closed' })
    // Closed at WeChat too: the old cashier parameters no longer pay.
    expect(await cashier(s, created.requestPayment)).toBe('requestPayment:fail 订单已关闭')
    expect(await orderRow(orderId)).toMatchObject({ status: 'unpaid', paid_count: 0 })

    const fresh = await createPayment(s, token, orderId)
    expect(fresh.status).toBe(201)
    expect(fresh.payment.id).not.toBe(created.payment.id)
    expect(await cashier(s, fresh.requestPayment)).toBe('requestPayment:ok')
    await until('paid', async () => (await paymentRow(fresh.payment.id)).status === 'paid')
    expect(await orderRow(orderId)).toMatchObject({ status: 'paid', paid_count: 1 })
  })

  test('refunds (a domain’s decision, through refundPayment): partial then the rest, each through WeChat’s refund API and its notification; never more than was paid', async () => {
    const { token, user } = await login(s)
    const { orderId, payment } = await paidPayment(token, user.id, 1000)

    const pendingOrder = await newOrder(user.id, 100)
    const pending = await createPayment(s, token, pendingOrder)
    await expect(s.payments.refundPayment(pending.payment.id, 100, '不要了')).rejects.toMatchObject({ status: 409, code: 'PAYMENT_NOT_REFUNDABLE' })

    const first = await s.payments.refundPayment(payment.id, 300, '少发了 3 个')
    // The refund as it stands when the call returns: processing until WeChat's notification says
    // it went through — which the sandbox may already have delivered by then (seen once in CI).
    expect(first.refund).toMatchObject({ amountFen: 300, reason: '少发了 3 个', paymentId: payment.id })
    expect([['processing', 'refunding'], ['succeeded', 'partially_refunded']]).toContainEqual([first.refund.status, first.payment.status])

    // More than is left (1000 − 300 in progress) is refused with what is left.
    const tooMuch = await s.payments.refundPayment(payment.id, 701, '全退').catch((error: unknown) => error as { status: number; code: string; message: string })
    expect(tooMuch).toMatchObject({ status: 409, code: 'REFUND_EXCEEDS_REMAINING' })
    expect((tooMuch as { message: string }).message).toContain('7.00')

    await until('refund notification applied', async () => (await paymentRow(payment.id)).status === 'partially_refunded')
    const refundRow = await s.db.kysely.selectFrom('refunds').selectAll().where('id', '=', first.refund.id).executeTakeFirstOrThrow()
    expect(refundRow.status).toBe('succeeded')
    expect(await getPayment(s, token, payment.id)).toMatchObject({ status: 'partially_refunded', refundedFen: 300 })
    expect(await orderRow(orderId)).toMatchObject({ refunded_fen: 300, refund_calls: 1 })

    // Two refunds of the rest at once: exactly one goes through.
    const both = await Promise.allSettled([1, 2].map((i) => s.payments.refundPayment(payment.id, 700, `退余款 ${i}`)))
    expect(both.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected'])
    await until('full refund applied', async () => (await paymentRow(payment.id)).status === 'refunded')
    expect(await getPayment(s, token, payment.id)).toMatchObject({ status: 'refunded', refundedFen: 1000, amountFen: 1000 })
    expect(await orderRow(orderId)).toMatchObject({ refunded_fen: 1000, refund_calls: 2 })
    const refundNotifications = s.sandbox!.notifications.attempts().filter((a) => a.eventType === 'REFUND.SUCCESS' && a.url === `${s.url}/api/payments/refund-notify`)
    expect(refundNotifications.filter((a) => a.delivered).length).toBeGreaterThanOrEqual(2)

    await expect(s.payments.refundPayment(payment.id, 1, '再退')).rejects.toMatchObject({ status: 409 })
  })

  test('the refund service function (for domains) and a replayed refund notification change nothing twice', async () => {
    const { token, user } = await login(s)
    const { orderId, payment } = await paidPayment(token, user.id, 500)
    const done = await s.payments.refundPayment(payment.id, 500, '医生取消了问诊')
    expect(['processing', 'succeeded']).toContain(done.refund.status) // the notification may already be in
    await until('refunded', async () => (await paymentRow(payment.id)).status === 'refunded')
    const keys = s.sandbox!.keys
    const resource = {
      mchid: s.sandbox!.mchId,
      out_trade_no: payment.id,
      transaction_id: (await paymentRow(payment.id)).transaction_id,
      out_refund_no: done.refund.id,
      refund_id: '50000000000000000000000000000001',
      refund_status: 'SUCCESS',
      success_time: '2026-11-28T21:00:00+08:00',
      user_received_account: '支付用户零钱',
      amount: { total: 500, refund: 500, payer_total: 500, payer_refund: 500 },
    }
    const replay = wechatNotification(keys, resource, { kind: 'refund' })
    expect((await call(s, 'POST', '/api/payments/refund-notify', { body: replay.body, headers: replay.headers })).status).toBe(204)
    // Signed but impossible (another amount, an unknown refund): acknowledged, nothing changes, an alarm in the log.
    const alarmsBefore = alarms().length
    const wrong = wechatNotification(keys, { ...resource, amount: { ...resource.amount, refund: 499 } }, { kind: 'refund' })
    expect((await call(s, 'POST', '/api/payments/refund-notify', { body: wrong.body, headers: wrong.headers })).status).toBe(204)
    const unknown = wechatNotification(keys, { ...resource, out_refund_no: 'nosuchrefund00000000000001' }, { kind: 'refund' })
    expect((await call(s, 'POST', '/api/payments/refund-notify', { body: unknown.body, headers: unknown.headers })).status).toBe(204)
    expect(alarms().slice(alarmsBefore).map((l) => l.problem)).toEqual(['amount 499 ≠ 500', 'unknown refund'])
    expect(await paymentRow(payment.id)).toMatchObject({ refunded_fen: 500, refund_pending_fen: 0, status: 'refunded' })
    expect(await orderRow(orderId)).toMatchObject({ refunded_fen: 500, refund_calls: 1 })
  })

  const refundRows = (paymentId: string) => s.db.kysely.selectFrom('refunds').selectAll().where('payment_id', '=', paymentId).execute()

  test('WeChat answers SYSTEM_ERROR (HTTP 500): the refund stays processing with its amount reserved, is retried with the same out_refund_no, and WeChat refunds once', async () => {
    const { token, user } = await login(s)
    const { orderId, payment } = await paidPayment(token, user.id, 900)
    s.sandbox!.faults.failNextRefunds(2)
    const requestsBefore = s.sandbox!.refunds.requests().length

    const started = await s.payments.refundPayment(payment.id, 900, '订单已取消，货款原路退回')
    expect(started.refund.status).toBe('processing')
    expect(await paymentRow(payment.id)).toMatchObject({ status: 'refunding', refund_pending_fen: 900, refunded_fen: 0 })
    // Not written off: a second decision for the same money cannot start another refund meanwhile.
    await expect(s.payments.refundPayment(payment.id, 900, '再退一次')).rejects.toMatchObject({ status: 409 })

    // Housekeeping asks WeChat (no such refund), resends the same request: SYSTEM_ERROR again, then accepted.
    await s.payments.reconcileRefunds(0)
    expect(await paymentRow(payment.id)).toMatchObject({ status: 'refunding', refund_pending_fen: 900 })
    await until('refunded', async () => {
      await s.payments.reconcileRefunds(0)
      return (await paymentRow(payment.id)).status === 'refunded'
    })
    const sent = s.sandbox!.refunds.requests().slice(requestsBefore)
    expect(sent).toEqual([
      { out_refund_no: started.refund.id, status: 500 },
      { out_refund_no: started.refund.id, status: 500 },
      { out_refund_no: started.refund.id, status: 200 },
    ])
    expect(s.sandbox!.refunds.made(payment.id)).toEqual([expect.objectContaining({ out_refund_no: started.refund.id, refund: 900, status: 'SUCCESS' })])
    expect((await refundRows(payment.id)).map((r) => [r.id, r.status])).toEqual([[started.refund.id, 'succeeded']])
    expect(await paymentRow(payment.id)).toMatchObject({ status: 'refunded', refunded_fen: 900, refund_pending_fen: 0 })
    expect(await orderRow(orderId)).toMatchObject({ refunded_fen: 900, refund_calls: 1 })
  })

  test('SYSTEM_ERROR after WeChat made the refund: kept processing, its REFUND.SUCCESS notification is recorded; refunded once', async () => {
    const { token, user } = await login(s)
    const { orderId, payment } = await paidPayment(token, user.id, 800)
    s.sandbox!.faults.failNextRefunds(1, { made: true })
    // Not a failure (its notification may already have arrived by the time this returns).
    const started = await s.payments.refundPayment(payment.id, 300, '少发了 3 个')
    expect(['processing', 'succeeded']).toContain(started.refund.status)
    await until('refund notification applied', async () => (await paymentRow(payment.id)).status === 'partially_refunded')
    expect((await refundRows(payment.id)).map((r) => r.status)).toEqual(['succeeded'])
    expect(s.sandbox!.refunds.made(payment.id)).toHaveLength(1)
    expect(await paymentRow(payment.id)).toMatchObject({ refunded_fen: 300, refund_pending_fen: 0 })
    expect(await orderRow(orderId)).toMatchObject({ refunded_fen: 300, refund_calls: 1 })
  })

  test('a signed business refusal is a failure: the refund fails and the reservation is released', async () => {
    // Paid through server B's own sandbox: server A's WeChat has never heard of this order (404 RESOURCE_NOT_EXISTS, signed).
    const { token, user } = await login(b)
    const orderId = await newOrder(user.id, 500)
    const created = await createPayment(b, token, orderId)
    expect(await cashier(b, created.requestPayment)).toBe('requestPayment:ok')
    expect((await getPayment(b, token, created.payment.id)).status).toBe('paid')
    await expect(s.payments.refundPayment(created.payment.id, 100, '坏了')).rejects.toMatchObject({ status: 502 })
    expect((await refundRows(created.payment.id)).map((r) => r.status)).toEqual(['failed'])
    expect(await paymentRow(created.payment.id)).toMatchObject({ status: 'paid', refunded_fen: 0, refund_pending_fen: 0 })
  })

  test('REFUND.SUCCESS for a refund we had marked failed is recorded (and logged as an error); a repeat changes nothing', async () => {
    const { token, user } = await login(s)
    const { orderId, payment } = await paidPayment(token, user.id, 700)
    // A refund written off earlier (before this fix, any error did that) that WeChat in fact made.
    const refundId = `wo${Date.now()}${++seq}`
    await s.db.kysely
      .insertInto('refunds')
      .values({ id: refundId, payment_id: payment.id, amount_fen: 700, reason: '医生停诊', status: 'failed', wechat_refund_id: null, created_at: Date.now(), succeeded_at: null, updated_at: Date.now() })
      .execute()
    const resource = {
      mchid: s.sandbox!.mchId,
      out_trade_no: payment.id,
      transaction_id: (await paymentRow(payment.id)).transaction_id,
      out_refund_no: refundId,
      refund_id: '50000000000000000000000000000777',
      refund_status: 'SUCCESS',
      success_time: '2026-11-28T21:00:00+08:00',
      user_received_account: '支付用户零钱',
      amount: { total: 700, refund: 700, payer_total: 700, payer_refund: 700 },
    }
    const before = logged.length
    for (let i = 0; i < 2; i++) {
      const n = wechatNotification(s.sandbox!.keys, resource, { kind: 'refund' })
      expect((await call(s, 'POST', '/api/payments/refund-notify', { body: n.body, headers: n.headers })).status).toBe(204)
    }
    expect((await refundRows(payment.id)).map((r) => [r.id, r.status, r.wechat_refund_id])).toEqual([[refundId, 'succeeded', resource.refund_id]])
    expect(await paymentRow(payment.id)).toMatchObject({ status: 'refunded', refunded_fen: 700, refund_pending_fen: 0 })
    expect(await orderRow(orderId)).toMatchObject({ refunded_fen: 700, refund_calls: 1 })
    expect(logged.slice(before).filter((l) => l.level >= 50 && l.alarm === 'refund_revived').map((l) => l.refundId)).toEqual([refundId])
  })

  test('users see only their own payments (404 otherwise) and pay only their own orders; nobody refunds a payment over HTTP', async () => {
    const owner = await login(s)
    const intruder = await login(s)
    const { payment } = await paidPayment(owner.token, owner.user.id, 200)
    const read = await call(s, 'GET', `/api/payments/${payment.id}`, { token: intruder.token })
    expect(read.status).toBe(404)
    // Refunds start only from a domain's decision: there is no refund endpoint, for the payer or anyone.
    for (const token of [owner.token, intruder.token]) {
      const refund = await call(s, 'POST', `/api/payments/${payment.id}/refunds`, { token, json: { amountFen: 200, reason: '我要退款' } })
      expect(refund.status).toBe(404)
    }
    expect(await paymentRow(payment.id)).toMatchObject({ status: 'paid', refunded_fen: 0, refund_pending_fen: 0 })
    const order = await newOrder(owner.user.id, 100)
    const create = await call(s, 'POST', '/api/payments', { token: intruder.token, json: { kind: KIND, orderId: order } })
    expect(create.status).toBe(404)
    expect(await s.db.kysely.selectFrom('payments').select('id').where('order_id', '=', order).execute()).toEqual([])
    const anonymous = await call(s, 'GET', `/api/payments/${payment.id}`)
    expect(anonymous.status).toBe(401)
    const unknownKind = await call(s, 'POST', '/api/payments', { token: owner.token, json: { kind: 'no_such_kind', orderId: order } })
    expect(unknownKind.status).toBe(400)
    expect(((await unknownKind.json()) as ErrorBody).message).toContain('kind')
  })
})

describe('production: no sandbox', () => {
  const dirs: string[] = []
  afterAll(() => {
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true })
  })

  /** Real-looking merchant key files (not the sandbox's), as a merchant downloads them. */
  function productionEnv(extra: Record<string, string> = {}) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tianyuan-prod-'))
    dirs.push(dir)
    const pair = () => crypto.generateKeyPairSync('rsa', { modulusLength: 2048 })
    const merchant = pair()
    const platform = pair()
    fs.writeFileSync(path.join(dir, 'apiclient_key.pem'), merchant.privateKey.export({ type: 'pkcs8', format: 'pem' }))
    fs.writeFileSync(path.join(dir, 'pub_key.pem'), platform.publicKey.export({ type: 'spki', format: 'pem' }))
    fs.writeFileSync(path.join(dir, 'apiv3_key.txt'), 'abcdefghijklmnopqrstuvwxyz012345\n')
    return {
      dir,
      env: {
        NODE_ENV: 'production',
        HOST: '127.0.0.1',
        PORT: '0',
        DATA_DIR: dir,
        WECHAT_APPID: 'wx1234567890abcdef',
        WECHAT_SECRET: 'real-secret',
        WECHATPAY_MCHID: '1900000109',
        WECHATPAY_MERCHANT_SERIAL: '5157F09EFDC096DE15EBE81A47057A7232F1B8E1',
        WECHATPAY_MERCHANT_PRIVATE_KEY_FILE: path.join(dir, 'apiclient_key.pem'),
        WECHATPAY_PLATFORM_PUBLIC_KEY_FILE: path.join(dir, 'pub_key.pem'),
        WECHATPAY_PLATFORM_PUBLIC_KEY_ID: 'PUB_KEY_ID_0114232134912410000',
        WECHATPAY_APIV3_KEY_FILE: path.join(dir, 'apiv3_key.txt'),
        WECHATPAY_NOTIFY_URL_BASE: 'https://api.tianyuan.example',
        ...extra,
      },
    }
  }

  test('the sandbox’s routes answer 404 on the API and no sandbox keys are generated', async () => {
    const { dir, env } = productionEnv()
    const s = await startServer({ config: loadConfig(env), logger: createLogger({ level: 'silent' }) })
    try {
      expect(s.sandbox).toBeNull()
      for (const [method, url] of [
        ['POST', '/wechat-sandbox/sandbox/login'],
        ['GET', '/wechat-sandbox/sns/jscode2session?appid=a&secret=b&js_code=c&grant_type=authorization_code'],
        ['POST', '/wechat-sandbox/v3/pay/transactions/jsapi'],
        ['GET', '/wechat-sandbox/sandbox/cashier?prepay_id=x'],
      ] as const) {
        const res = await fetch(`${s.url}${url}`, { method, headers: { 'content-type': 'application/json' }, body: method === 'POST' ? '{"user":"x"}' : undefined })
        expect([url, res.status]).toEqual([url, 404])
      }
      expect(fs.existsSync(path.join(dir, 'wechat-sandbox'))).toBe(false)
      // The payments routes exist (a notification without a valid signature is refused).
      const notify = await fetch(`${s.url}/api/payments/notify`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })
      expect(notify.status).toBe(400)
    } finally {
      await s.shutdown()
    }
  })

  test('sandbox keys are refused in production, and an unreadable key file stops the start with its variable named', async () => {
    const { ensureSandboxKeys } = await import('@tianyuan/wechat-sandbox')
    const { dir, env } = productionEnv()
    const keys = ensureSandboxKeys(path.join(dir, 'sandbox-keys'), { env: 'development' })
    fs.writeFileSync(path.join(dir, 'sandbox_key.pem'), keys.merchantPrivateKey)
    await expect(
      startServer({
        config: loadConfig({ ...env, WECHATPAY_MERCHANT_SERIAL: keys.merchantSerial, WECHATPAY_MERCHANT_PRIVATE_KEY_FILE: path.join(dir, 'sandbox_key.pem') }),
        logger: createLogger({ level: 'silent' }),
      }),
    ).rejects.toThrow(/sandbox in production/)
    await expect(
      startServer({ config: loadConfig({ ...env, WECHATPAY_APIV3_KEY_FILE: path.join(dir, 'missing.txt') }), logger: createLogger({ level: 'silent' }) }),
    ).rejects.toThrow(/WECHATPAY_APIV3_KEY_FILE: cannot read/)
  })
})
