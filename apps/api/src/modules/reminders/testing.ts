import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { CreatePaymentResponse, LoginResponse, PaymentResponse, SubscriptionTemplatesResponse } from '@tianyuan/contracts'
import type { AppName, ReminderKey } from '@tianyuan/contracts/subscribe-rules'
import type { NoticeTopic } from '@tianyuan/contracts/notices-rules'
import { loadConfig, type Config } from '../../config'
import { createLogger } from '../../platform/logging'
import { startServer, type RunningServer } from '../../server'
import type { TestDatabase } from '../../testing/databases'
import { SHARED_SANDBOX_KEYS, TEST_APPID, TEST_SECRET, TestClock, type Harness } from '../../testing/harness'

// The reminders' suites run the real API over real HTTP (startServer) with WeChat played by the
// sandbox: logins, payments, transfers and the subscribe-message sends all go to it, and each
// villager's 服务通知 inbox is read from its JSON (GET /sandbox/subscribe/messages?user=).

/** What a sandbox inbox message looks like in its JSON. */
export interface InboxMessage {
  msgid: number
  user: string | null
  templateId: string
  title: string
  page: string | null
  lines: Array<{ name: string; label: string; value: string }>
  sentAt: number
}

export interface World {
  server: RunningServer
  config: Config
  clock: TestClock
  /** The sandbox every call to WeChat goes to (this server's own, or another world's). */
  wechatBase: string
  /** The module helpers' view of this API (request, login, db, clock, config, phone codes). */
  h: Harness
  /** The sandbox user name behind an API user id. */
  nameOf(userId: string): string
  close(): Promise<void>
}

export interface TestVillager {
  name: string
  token: string
  userId: string
}

let seq = 0

export async function call(base: string, method: string, url: string, init: { token?: string; json?: unknown; body?: BodyInit; headers?: Record<string, string> } = {}): Promise<Response> {
  const headers: Record<string, string> = { ...init.headers }
  if (init.token) headers.authorization = `Bearer ${init.token}`
  if (init.json !== undefined) headers['content-type'] = 'application/json'
  return fetch(`${base}${url}`, { method, headers, body: init.json !== undefined ? JSON.stringify(init.json) : init.body })
}

export async function json<T>(res: Response, status?: number): Promise<T> {
  const text = await res.text()
  if (status !== undefined && res.status !== status) throw new Error(`expected ${status}, got ${res.status}: ${text}`)
  return JSON.parse(text) as T
}

/** Waits for a condition by polling (bounded), never for a fixed time. */
export async function until(what: string, probe: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 25))
  }
}

/**
 * The API listening on 127.0.0.1 over `database`, its clock `clock` (default: now, moved by the
 * test). `wechatBase`: another world's sandbox — as a second instance of one deployment talks to
 * the one WeChat. The scheduler polls every `pollMs` (default: effectively never; tests run
 * `server.scheduler.runDue()` after moving the clock).
 */
export async function startWorld(database: TestDatabase, options: { clock?: TestClock; wechatBase?: string; pollMs?: number; mediaDir?: string } = {}): Promise<World> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tianyuan-reminders-'))
  const clock = options.clock ?? new TestClock(Date.now())
  const config = loadConfig({
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    PORT: '0',
    DATA_DIR: dataDir,
    MEDIA_DIR: options.mediaDir ?? path.join(dataDir, 'media'),
    WECHAT_APPID: TEST_APPID,
    WECHAT_SECRET: TEST_SECRET,
    WECHAT_SANDBOX_DATA_DIR: SHARED_SANDBOX_KEYS,
    LOG_LEVEL: 'silent',
    LOGIN_LIMIT_PER_IP_PER_MINUTE: '100000',
    MEDIA_UPLOADS_PER_MINUTE: '100000',
    MARKET_UNPAID_ORDERS_PER_BUYER: '1000',
    SCHEDULER_POLL_MS: String(options.pollMs ?? 600_000),
    ...(options.wechatBase ? { WECHAT_API_BASE: options.wechatBase, WECHATPAY_API_BASE: options.wechatBase } : {}),
  })
  const server = await startServer({ config, db: await database.open(), logger: createLogger({ level: 'silent' }), now: clock.now, sandbox: { refundDelayMs: 20 } })
  const wechatBase = options.wechatBase ?? `${server.url}/wechat-sandbox`
  const names = new Map<string, string>()
  const h = {
    request: (method: string, url: string, init: Parameters<typeof call>[3] = {}) => call(server.url, method, url, init),
    login: async () => {
      const v = await signIn(server.url, wechatBase, `村民${process.pid}-${++seq}`)
      names.set(v.userId, v.name)
      return { token: v.token, user: { id: v.userId } }
    },
    db: server.db,
    clock,
    config,
    wechat: {
      issuePhoneCode: (phone: string) => {
        if (!server.sandbox || options.wechatBase) throw new Error('phone codes come from this world’s own sandbox')
        return server.sandbox.issuePhoneCode('借款人', phone).code
      },
    },
  }
  return {
    server,
    config,
    clock,
    wechatBase,
    // The module helpers use only these parts of a Harness (request, login, db, clock, config, wechat.issuePhoneCode).
    h: h as unknown as Harness,
    nameOf: (userId) => {
      const name = names.get(userId)
      if (!name) throw new Error(`no sandbox user for ${userId}`)
      return name
    },
    close: async () => {
      await server.shutdown()
      fs.rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

/** wx.login in the sandbox, then the API's login. */
export async function signIn(apiBase: string, wechatBase: string, name: string): Promise<TestVillager> {
  const { code } = await json<{ code: string }>(await call(wechatBase, 'POST', '/sandbox/login', { json: { user: name } }), 200)
  const login = await json<LoginResponse>(await call(apiBase, 'POST', '/api/auth/login', { json: { code } }), 200)
  return { name, token: login.token, userId: login.user.id }
}

/** A villager of this world (the sandbox name is remembered for the inbox). */
export async function villager(world: World): Promise<TestVillager> {
  const login = (await world.h.login()) as unknown as { token: string; user: { id: string } }
  return { name: world.nameOf(login.user.id), token: login.token, userId: login.user.id }
}

/**
 * What the SDK's subscriptions.ask does, `times` times: the phone's wx.requestSubscribeMessage sheet
 * answered 允许 (one one-time grant each), and the answer reported to the API.
 */
export async function subscribe(world: World, v: TestVillager, key: ReminderKey, app: AppName, options: { times?: number; topics?: NoticeTopic[] } = {}): Promise<void> {
  const { templates } = await json<SubscriptionTemplatesResponse>(await call(world.server.url, 'GET', '/api/subscriptions/templates'), 200)
  const templateId = templates[key]
  for (let i = 0; i < (options.times ?? 1); i++) {
    const decision = await json<{ errMsg: string }>(
      await call(world.wechatBase, 'POST', '/sandbox/subscribe/request', { json: { user: v.name, tmplIds: [templateId], answers: { [templateId]: 'accept' } } }),
      200,
    )
    if (decision.errMsg !== 'requestSubscribeMessage:ok') throw new Error(decision.errMsg)
    await json(
      await call(world.server.url, 'POST', '/api/subscriptions', { token: v.token, json: { app, answers: [{ key, templateId, answer: 'accept' }], ...(options.topics ? { topics: options.topics } : {}) } }),
      200,
    )
  }
}

/** The villager's 服务通知, newest first (the sandbox's JSON). */
export async function inbox(world: World, name: string): Promise<InboxMessage[]> {
  return (await json<{ messages: InboxMessage[] }>(await call(world.wechatBase, 'GET', `/sandbox/subscribe/messages?user=${encodeURIComponent(name)}`), 200)).messages
}

/** Every send request WeChat received (past the access token), with its errcode. */
export async function sendsAtWechat(world: World): Promise<Array<{ touser: string | null; templateId: string | null; errcode: number }>> {
  return json(await call(world.wechatBase, 'GET', '/sandbox/subscribe/sends'), 200)
}

/** The card's fields by label (就诊时间 → 2026年12月5日 08:00~12:00). */
export function fieldsOf(message: InboxMessage): Record<string, string> {
  return Object.fromEntries(message.lines.map((l) => [l.label, l.value]))
}

/** Pays an order of `kind` at the sandbox's cashier; resolves once the API says paid (WeChat's notification or its query). */
export async function pay(world: World, token: string, kind: string, orderId: string): Promise<void> {
  const created = await json<CreatePaymentResponse>(await call(world.server.url, 'POST', '/api/payments', { token, json: { kind, orderId } }), 201)
  const prepayId = created.requestPayment.package.replace(/^prepay_id=/, '')
  const paid = await json<{ errMsg: string }>(await call(world.wechatBase, 'POST', `/sandbox/cashier/${prepayId}/confirm`, { json: created.requestPayment }), 200)
  if (paid.errMsg !== 'requestPayment:ok') throw new Error(paid.errMsg)
  await until('paid', async () => (await json<PaymentResponse>(await call(world.server.url, 'GET', `/api/payments/${created.payment.id}`, { token }), 200)).payment.status === 'paid')
}
