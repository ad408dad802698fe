import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { Writable } from 'node:stream'
import type { Hono } from 'hono'
import type { LoginResponse } from '@tianyuan/contracts'
import { createWechatPayClient } from '@tianyuan/wechatpay'
import { createWechatSandbox, type WechatSandbox } from '@tianyuan/wechat-sandbox'
import { createPaymentsService, type PaymentsService } from '../modules/payments/service'
import { createLoanDisbursements, type LoanDisbursements } from '../modules/loans/disbursement'
import { loansDb, markDisbursed } from '../modules/loans'
import { consoleTemplates, createSubscriptions, type SubscriptionsService } from '../modules/subscriptions'
import { createApp } from '../app'
import { loadConfig, type Config } from '../config'
import type { AppEnv } from '../platform/context'
import type { Db } from '../platform/db'
import { createLogger } from '../platform/logging'
import { createScheduler, type Scheduler } from '../platform/scheduler'
import { createDiskStorage, type MediaStorage } from '../platform/media/storage'
import { createWeChatClient } from '../platform/wechat/client'
import { createWeChatDouble, type WeChatDouble } from '../platform/wechat/double'
import type { TestDatabase } from './databases'

export const TEST_APPID = 'wx-test-appid'
export const TEST_SECRET = 'wx-test-secret'

/** A controllable clock. */
export class TestClock {
  constructor(public t = Date.parse('2026-11-28T04:00:00Z')) {}
  now = () => this.t
  advance(ms: number) {
    this.t += ms
  }
}

export interface Harness {
  app: Hono<AppEnv>
  db: Db
  wechat: WeChatDouble
  clock: TestClock
  config: Config
  /** Payments, its merchant client talking to an in-process sandbox (no notifications come back here). */
  payments: PaymentsService
  /** 惠农小贷's 放款 (merchant transfer) against the same sandbox; its notifications go nowhere either. */
  disbursements: LoanDisbursements
  sandbox: WechatSandbox
  /** The durable scheduler on this database and clock (not polling): run due jobs with `scheduler.runDue()`. */
  scheduler: Scheduler
  /** Subscribe messages, sent to `sandbox` (which has the catalogue's templates): `subscriptions.sendReminder(…)`. */
  subscriptions: SubscriptionsService
  mediaDir: string
  /** Every log line the app wrote, as text. */
  logs: string[]
  request(method: string, url: string, init?: { token?: string; json?: unknown; body?: BodyInit; headers?: Record<string, string> }): Promise<Response>
  login(openid?: string): Promise<LoginResponse>
  /** A new app instance on the same database and media folder (a restart, or a second API instance). */
  restart(): Promise<Harness>
  close(): Promise<void>
}

export interface HarnessOptions {
  env?: Record<string, string>
  /** Share these with a previous harness (restart). */
  wechat?: WeChatDouble
  clock?: TestClock
  mediaDir?: string
  logs?: string[]
  /** Replace the media storage (e.g. with one that fails). */
  storage?: MediaStorage
}

let openidSeq = 0

/** One set of sandbox keys for every test file (generated once; RSA key generation is slow). */
export const SHARED_SANDBOX_KEYS = path.join(os.tmpdir(), 'tianyuan-api-test-wechat-keys')

/** The whole API in-process over a fresh test database, with WeChat played by the double. */
export async function createHarness(database: TestDatabase, options: HarnessOptions = {}): Promise<Harness> {
  const mediaDir = options.mediaDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'tianyuan-media-'))
  const config = loadConfig({
    NODE_ENV: 'test',
    WECHAT_APPID: TEST_APPID,
    WECHAT_SECRET: TEST_SECRET,
    WECHAT_API_BASE: 'http://wechat.test',
    MEDIA_DIR: mediaDir,
    LOG_LEVEL: 'debug',
    LOGIN_LIMIT_PER_IP_PER_MINUTE: '100000',
    // Tests upload many photos with a stopped clock; the upload limits have their own tests.
    MEDIA_UPLOADS_PER_MINUTE: '100000',
    // The state-machine suites keep one buyer's many unpaid orders; the quota has its own tests (market/quotas.test.ts).
    MARKET_UNPAID_ORDERS_PER_BUYER: '1000',
    ...options.env,
  })
  const wechat = options.wechat ?? createWeChatDouble({ appId: TEST_APPID, secret: TEST_SECRET })
  const clock = options.clock ?? new TestClock()
  const logs = options.logs ?? []
  const logger = createLogger({
    level: 'debug',
    destination: new Writable({
      write(chunk, _enc, done) {
        logs.push(String(chunk))
        done()
      },
    }),
  })
  const db = await database.open()
  const sandbox = createWechatSandbox({
    dataDir: SHARED_SANDBOX_KEYS,
    appId: TEST_APPID,
    appSecret: TEST_SECRET,
    mchId: config.wechatPay.mchId,
    env: 'test',
    subscribeTemplates: consoleTemplates(config.subscribe.templates),
  })
  // Login goes to the double; subscribe messages (and their access token) go to the sandbox, which plays them.
  const subscriptions = createSubscriptions({
    db: db.kysely,
    wechat: createWeChatClient({ ...config.wechat, apiBase: 'http://wechat-sandbox.test', fetch: (input, init) => Promise.resolve(sandbox.fetch(new Request(input, init))), now: clock.now }),
    ...config.subscribe,
    now: clock.now,
    logger,
  })
  const pay = createWechatPayClient({
    baseUrl: 'http://wechatpay.test',
    mchId: config.wechatPay.mchId,
    merchantSerial: sandbox.keys.merchantSerial,
    merchantPrivateKey: sandbox.keys.merchantPrivateKey,
    platformPublicKeys: { [sandbox.keys.platformSerial]: sandbox.keys.platformPublicKey },
    apiV3Key: sandbox.keys.apiV3Key,
    fetch: (input, init) => Promise.resolve(sandbox.fetch(new Request(input, init))),
  })
  const payments = createPaymentsService({
    db: db.kysely,
    pay: () => pay,
    appId: TEST_APPID,
    mchId: config.wechatPay.mchId,
    notifyUrlBase: () => 'http://127.0.0.1:9', // nothing listens: the harness never completes a payment
    timeoutMs: config.wechatPay.paymentTimeoutMs,
    now: clock.now,
    logger,
  })
  const disbursements = createLoanDisbursements({
    db: db.kysely,
    pay: () => pay,
    appId: TEST_APPID,
    mchId: config.wechatPay.mchId,
    notifyUrlBase: () => 'http://127.0.0.1:9',
    now: clock.now,
    logger,
    onDisbursed: (loanId, at, tx) => markDisbursed({ db: loansDb(db.kysely), settings: config.loans, scheduler }, loanId, at, tx),
  })
  const scheduler = createScheduler({ db, logger, now: clock.now })
  const app = createApp({
    config,
    db,
    logger,
    scheduler,
    subscriptions,
    disbursements,
    wechat: createWeChatClient({ ...config.wechat, apiBase: config.wechat.apiBase ?? 'http://wechat.test', fetch: wechat.fetch, now: clock.now }),
    storage: options.storage ?? createDiskStorage(mediaDir),
    payments,
    now: clock.now,
  })

  const request: Harness['request'] = (method, url, init = {}) => {
    const headers: Record<string, string> = { ...init.headers }
    if (init.token) headers.authorization = `Bearer ${init.token}`
    let body = init.body
    if (init.json !== undefined) {
      body = JSON.stringify(init.json)
      headers['content-type'] ??= 'application/json'
    }
    return Promise.resolve(app.request(url, { method, headers, body }))
  }

  const harness: Harness = {
    app,
    db,
    wechat,
    clock,
    config,
    payments,
    disbursements,
    sandbox,
    scheduler,
    subscriptions,
    mediaDir,
    logs,
    request,
    async login(openid = `openid-${process.pid}-${++openidSeq}`) {
      const res = await request('POST', '/api/auth/login', { json: { code: wechat.issueLoginCode(openid) } })
      if (res.status !== 200) throw new Error(`login failed: ${res.status} ${await res.text()}`)
      return (await res.json()) as LoginResponse
    },
    restart: () => createHarness(database, { ...options, wechat, clock, mediaDir, logs }),
    async close() {
      await sandbox.close()
      await db.close()
    },
  }
  return harness
}

/** Removes a harness's media folder (call once, after the last harness sharing it is closed). */
export function removeMediaDir(h: Harness): void {
  fs.rmSync(h.mediaDir, { recursive: true, force: true })
}
