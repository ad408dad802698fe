// The SDK against the real API, as the H5 preview runs it: apps/api with the wechat-sandbox
// mounted at /wechat-sandbox on the same origin, a real SQLite database, WeChat's login and
// WeChat Pay played by the sandbox over the real protocols. The phone is the fake platform
// (so the network can be cut), its requests handed to the API's fetch in-process; the API's own
// calls to WeChat and the sandbox's notifications go over loopback HTTP, as in the preview.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { loadConfig, startServer, type RunningServer } from '@tianyuan/api'
import { createFakePlatform, type FakeReply } from './platform/fake'
import { fetchHandler } from './platform/fetch-handler'
import { createH5Platform, sandboxCashierDecision } from './platform/h5'
import { createSdk, type Sdk } from './sdk'

// thumbhash is ESM-only and the root 'unit' project does not transform node_modules; the API
// imports it for photo uploads, which this suite does not make.
jest.mock('thumbhash', () => ({}))

let dir: string
let server: RunningServer
const paidOrders: string[] = []

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sdk-integration-'))
  const config = loadConfig({ NODE_ENV: 'test', HOST: '127.0.0.1', PORT: '0', DATA_DIR: dir, LOG_LEVEL: 'silent' })
  server = await startServer({ config })
  // A domain's payable order, as the market module will register its own.
  server.payments.registerPayable('test_order', {
    load: async (orderId) => ({ amountFen: 1250, description: `土鸡蛋 30 枚（${orderId}）`, status: paidOrders.includes(orderId) ? 'paid' : 'unpaid' }),
    onPaid: async (orderId) => void paidOrders.push(orderId),
  })
})
afterAll(async () => {
  await server.shutdown()
  fs.rmSync(dir, { recursive: true, force: true })
})

/** What answered each request the phone sent, in order. */
let answered: Array<{ method: string; path: string; key?: string; status: number; replayed?: string }>

function phone(cashier: 'confirm' | 'cancel' = 'confirm') {
  answered = []
  const inProcess = fetchHandler({ '': server.app.fetch })
  const fake = createFakePlatform({
    handler: async (req) => {
      const reply: FakeReply = await inProcess(req)
      answered.push({ method: req.method, path: req.path, key: req.headers['idempotency-key'], status: reply.status ?? 200, replayed: reply.headers?.['idempotent-replayed'] })
      return reply
    },
  })
  const platform = createH5Platform({ base: fake.platform, openCashier: sandboxCashierDecision(fake.platform, '/wechat-sandbox', cashier) })
  const sdk: Sdk = createSdk({ platform, baseUrl: '/api', namespace: 'market', random: () => 0, payments: { pollDelaysMs: [0] } })
  return { fake, platform, sdk }
}

test('login: the sandbox code becomes a session, single-flight, and the user is the sandbox user', async () => {
  const { sdk, fake } = phone()
  const users = await Promise.all([sdk.auth.ensureLogin(), sdk.auth.ensureLogin(), sdk.auth.ensureLogin()])
  expect(new Set(users.map((u) => u.id)).size).toBe(1)
  expect(answered.filter((a) => a.path === '/wechat-sandbox/sandbox/login')).toHaveLength(1)
  expect(answered.filter((a) => a.path === '/api/auth/login')).toEqual([expect.objectContaining({ status: 200 })])
  const me = await sdk.api.get<{ user: { id: string } }>('/me')
  expect(me.user.id).toBe(users[0]?.id)
  expect(fake.received.at(-1)?.headers.authorization).toMatch(/^Bearer .{20,}/)
  sdk.dispose()
})

test('a change made offline is queued, replayed once when the network returns, and done once by the server', async () => {
  const { sdk, fake } = phone()
  const user = await sdk.auth.ensureLogin()
  fake.network.goOffline()
  const result = await sdk.auth.updateProfile({ nickname: '老张' })
  expect(result.status).toBe('queued')
  expect(sdk.api.queue.count()).toBe(1)
  expect(answered.filter((a) => a.method === 'PATCH')).toEqual([])

  // Back online; the server does the change but its answer is lost, so the client sends again.
  fake.network.dropResponses(1)
  const sent = new Promise<void>((resolve) => sdk.api.queue.subscribe((c) => c.kind === 'sent' && resolve()))
  fake.network.goOnline('3g')
  await sent

  const patches = answered.filter((a) => a.method === 'PATCH' && a.path === '/api/me')
  expect(patches).toHaveLength(2)
  expect(patches[0]?.key).toBeDefined()
  expect(patches[1]).toMatchObject({ key: patches[0]?.key, status: 200, replayed: 'true' })
  const kysely = server.db.kysely
  const stored = await kysely.selectFrom('idempotency_keys').selectAll().where('key', '=', patches[0]?.key ?? '').execute()
  expect(stored).toHaveLength(1)
  const row = await kysely.selectFrom('users').select(['nickname']).where('id', '=', user.id).executeTakeFirstOrThrow()
  expect(row.nickname).toBe('老张')
  expect(sdk.auth.state.user?.nickname).toBe('老张')
  expect(sdk.api.queue.count()).toBe(0)
  sdk.dispose()
})

test('a payment through the sandbox cashier: created once, paid, confirmed by the server', async () => {
  const { sdk, platform } = phone('confirm')
  await sdk.auth.ensureLogin()
  const phases: string[] = []
  const result = await sdk.payments.pay({ kind: 'test_order', orderId: 'egg-1' }, (s) => phases.push(s.phase))
  expect(result).toMatchObject({ phase: 'paid', message: '支付成功', payment: { kind: 'test_order', orderId: 'egg-1', status: 'paid', amountFen: 1250 } })
  expect(phases).toEqual(['creating', 'awaiting_user', 'confirming'])
  expect(answered.filter((a) => a.method === 'POST' && a.path === '/api/payments')).toHaveLength(1)
  const rows = await server.db.kysely.selectFrom('payments').selectAll().execute()
  expect(rows.filter((r) => (r as { order_id?: string }).order_id === 'egg-1')).toHaveLength(1)

  // Asked again, the phone remembers: no second payment, no second sheet.
  const again = await sdk.payments.pay({ kind: 'test_order', orderId: 'egg-1' })
  expect(again.phase).toBe('paid')
  expect(answered.filter((a) => a.method === 'POST' && a.path === '/api/payments')).toHaveLength(1)
  void platform
  sdk.dispose()
})

test('a cancelled payment is not paid, and paying later reuses the same payment', async () => {
  const first = phone('cancel')
  await first.sdk.auth.ensureLogin()
  const cancelled = await first.sdk.payments.pay({ kind: 'test_order', orderId: 'egg-2' })
  expect(cancelled).toMatchObject({ phase: 'cancelled', payment: { status: 'pending' } })
  const id = cancelled.payment?.id
  first.sdk.dispose()

  // The same phone (storage) decides to pay after all.
  const fake = createFakePlatform({ handler: fetchHandler({ '': server.app.fetch }), storage: first.fake.storage })
  const platform = createH5Platform({ base: fake.platform, openCashier: sandboxCashierDecision(fake.platform, '/wechat-sandbox', 'confirm') })
  const sdk = createSdk({ platform, baseUrl: '/api', namespace: 'market', random: () => 0, payments: { pollDelaysMs: [0] } })
  const paid = await sdk.payments.pay({ kind: 'test_order', orderId: 'egg-2' })
  expect(paid).toMatchObject({ phase: 'paid', payment: { id, status: 'paid' } })
  sdk.dispose()
})
