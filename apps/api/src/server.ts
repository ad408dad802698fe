import fs from 'node:fs'
import type { AddressInfo } from 'node:net'
import { serve, type ServerType } from '@hono/node-server'
import type { Hono } from 'hono'
import { createWechatPayClient, type WechatPayClient } from '@tianyuan/wechatpay'
import { ensureSandboxKeys, mountWechatSandbox, type MountOptions, type WechatSandbox } from '@tianyuan/wechat-sandbox'
import { createApp } from './app'
import { ConfigError, loadConfig, SANDBOX_PATH, type Config } from './config'
import { AppError } from './platform/errors'
import { createPaymentsService, type PaymentsService } from './modules/payments/service'
import { startMarketBackground } from './modules/market/background'
import { startClinicBackground } from './modules/clinic/background'
import { startClassroomBackground } from './modules/classroom/background'
import { startLoansBackground } from './modules/loans/background'
import { startNoticesBackground } from './modules/notices/background'
import { startRemindersBackground } from './modules/reminders'
import { createLoanDisbursements } from './modules/loans/disbursement'
import { loansDb, markDisbursed } from './modules/loans'
import { createLessonMedia, type LessonMediaInternals } from './modules/lesson-media'
import { consoleTemplates, createSubscriptions, type SubscriptionsService } from './modules/subscriptions'
import type { AppEnv } from './platform/context'
import { openDatabase, type Db } from './platform/db'
import { purgeExpired } from './platform/housekeeping'
import { createJobsRunner, type JobsRunner } from './platform/jobs'
import { createScheduler, type Scheduler } from './platform/scheduler'
import { createLogger, type Logger } from './platform/logging'
import { createDiskStorage } from './platform/media/storage'
import { createWeChatClient, type Fetch } from './platform/wechat/client'

export interface StartOptions {
  /** Defaults to loadConfig(process.env). */
  config?: Config
  logger?: Logger
  /** How the WeChat client reaches WeChat (tests: the double). */
  fetch?: Fetch
  /** Stop on SIGTERM/SIGINT (the command line does; tests do not). */
  handleSignals?: boolean
  /**
   * This server's own address (http://127.0.0.1:3000): where the in-process sandbox answers and
   * where notifications come back when WECHATPAY_NOTIFY_URL_BASE is unset. startServer sets it
   * once listening; an embedding calls `setOrigin()`.
   */
  origin?: string
  /** Overrides for the in-process WeChat sandbox (tests: refund delay, retry factor). */
  sandbox?: Partial<Omit<MountOptions, 'dataDir' | 'basePath'>>
  /** The payments clock (epoch ms); tests move it to expire unpaid payments. */
  now?: () => number
  /** An already opened (and migrated) database instead of config.database; closed on shutdown all the same. */
  db?: Db
}

export interface RunningServer {
  url: string
  app: Hono<AppEnv>
  db: Db
  server: ServerType
  payments: PaymentsService
  sandbox: WechatSandbox | null
  /** The durable scheduler (platform/scheduler): modules register handlers; tests run `scheduler.runDue()`. */
  scheduler: Scheduler
  /** WeChat subscribe messages (modules/subscriptions). */
  subscriptions: SubscriptionsService
  /** Stops accepting, lets in-flight requests finish (up to SHUTDOWN_TIMEOUT_MS), then closes the database. */
  shutdown(): Promise<void>
}

export interface EmbeddedApi {
  app: Hono<AppEnv>
  /** The app's fetch: hand it to a server that answers `/api/*` (the preview server does). */
  fetch: Hono<AppEnv>['fetch']
  db: Db
  config: Config
  logger: Logger
  /** Payments: domains call `payments.registerPayable(kind, resolver)`. */
  payments: PaymentsService
  /** The in-process WeChat sandbox (null in production). */
  sandbox: WechatSandbox | null
  /** Tells the API its own address (see StartOptions.origin). */
  setOrigin(origin: string): void
  /** The periodic sweeps (housekeeping, payments, market and clinic holds): tests run one with `jobs.runNow(name)`. */
  jobs: JobsRunner
  /** The durable scheduler (platform/scheduler): one-off jobs (reminders) stored in `scheduled_jobs`, claimed once across instances. */
  scheduler: Scheduler
  /** 田间课堂's lesson media (the seed attaches generated originals through it). */
  lessonMedia: LessonMediaInternals
  /** WeChat subscribe messages: `subscriptions.sendReminder(…)` (the reminders' scheduler handlers), `subscribersOf(…)`. */
  subscriptions: SubscriptionsService
  /** Marks the API as stopping (/readyz → 503) and stops the jobs' timers. */
  beginShutdown(): void
  /** Waits for running jobs and closes the database; call after the HTTP server has drained. */
  close(): Promise<void>
}

/**
 * Everything but the listening socket: configuration, database (created and migrated), the app and
 * its periodic jobs (platform/jobs). For embedding the API in another server on the same origin.
 */
export async function openApi(options: Omit<StartOptions, 'handleSignals'> = {}): Promise<EmbeddedApi> {
  const config = options.config ?? loadConfig()
  const logger = options.logger ?? createLogger({ level: config.logLevel })
  const now = options.now ?? Date.now
  const payKeys = loadPayKeys(config) // before the database: a bad key file stops the start early
  let origin: string | null = options.origin ? options.origin.replace(/\/+$/, '') : null
  const selfOrigin = () => {
    if (origin === null) throw new AppError(503, 'NOT_READY', '服务还在启动，请稍后再试')
    return origin
  }
  const sandboxBase = () => `${selfOrigin()}${SANDBOX_PATH}`

  // The merchant client: built now when its base URL is known (so that production fails fast on
  // wrong keys), otherwise on first use once this server knows its address.
  const makePayClient = (baseUrl: string) =>
    createWechatPayClient({
      baseUrl,
      mchId: config.wechatPay.mchId,
      merchantSerial: payKeys.merchantSerial,
      merchantPrivateKey: payKeys.merchantPrivateKey,
      platformPublicKeys: { [payKeys.platformPublicKeyId]: payKeys.platformPublicKey },
      apiV3Key: payKeys.apiV3Key,
      timeoutMs: config.wechat.timeoutMs,
      environment: config.env,
    })
  let payClient: WechatPayClient | null = config.wechatPay.apiBase ? makePayClient(config.wechatPay.apiBase) : null
  const pay = () => (payClient ??= makePayClient(sandboxBase()))

  const db = options.db ?? (await openDatabase(config.database))
  let shuttingDown = false
  // One-off jobs (reminders): created before the app and the modules' backgrounds, which schedule
  // into it and register its handlers; it starts polling once they have (below).
  const scheduler = createScheduler({ db, logger, now, pollMs: config.scheduler.pollMs })
  const payments = createPaymentsService({
    db: db.kysely,
    pay,
    appId: config.wechat.appId,
    mchId: config.wechatPay.mchId,
    notifyUrlBase: () => config.wechatPay.notifyUrlBase ?? selfOrigin(),
    timeoutMs: config.wechatPay.paymentTimeoutMs,
    now,
    logger,
  })
  // 田间课堂's lesson media: one service for the routes and the transcode jobs below.
  const lessonMedia = createLessonMedia({ db: db.kysely, config, logger, now })
  // 惠农小贷's 放款: WeChat Pay's merchant transfer; the loan turns 还款中 (markDisbursed) in the transaction that records the money arriving.
  const disbursements = createLoanDisbursements({
    db: db.kysely,
    pay,
    appId: config.wechat.appId,
    mchId: config.wechatPay.mchId,
    notifyUrlBase: () => config.wechatPay.notifyUrlBase ?? selfOrigin(),
    now,
    logger,
    onDisbursed: (loanId, at, tx) => markDisbursed({ db: loansDb(db.kysely), settings: config.loans, scheduler }, loanId, at, tx),
  })
  const wechat = createWeChatClient({ ...config.wechat, apiBase: config.wechat.apiBase ?? sandboxBase, fetch: options.fetch })
  // Subscribe messages (服务通知): the routes record the apps' answers, the reminders send through it.
  const subscriptions = createSubscriptions({ db: db.kysely, wechat, ...config.subscribe, now, logger })
  const app = createApp({
    config,
    db,
    logger,
    disbursements,
    lessonMedia,
    wechat,
    subscriptions,
    storage: createDiskStorage(config.mediaDir),
    payments,
    scheduler,
    now,
    isShuttingDown: () => shuttingDown,
  })
  // Development, preview and test: WeChat itself, in-process at /wechat-sandbox (null in production).
  const sandbox = config.sandbox.enabled
    ? mountWechatSandbox(app, {
        basePath: SANDBOX_PATH,
        dataDir: config.sandbox.dataDir,
        appId: config.wechat.appId,
        appSecret: config.wechat.secret,
        mchId: config.wechatPay.mchId,
        notifyRetryFactor: 0.001,
        env: config.env,
        // As adding the catalogue's templates in the mini-program console.
        subscribeTemplates: consoleTemplates(config.subscribe.templates),
        ...options.sandbox,
      })
    : null

  // Every periodic sweep runs in one jobs runner: no sweep overlaps itself, failures are logged,
  // and shutdown waits for the runs in progress before the database closes.
  // Durable: each tick is a row of scheduled_jobs won by one instance, so several instances on one
  // PostgreSQL run each sweep once per interval between them (the wall clock, not the test clock `now`).
  const jobs = createJobsRunner({ logger, db })
  // Every 10 minutes, drop rows nobody can use any more (idempotency records past 24 h, dead sessions).
  jobs.add({ name: 'housekeeping', everyMs: 10 * 60_000, run: () => purgeExpired(db.kysely, Date.now()) })
  // Every minute: close unpaid payments past their time, and ask WeChat about refunds whose notification is late.
  jobs.add({
    name: 'payments.sweep',
    everyMs: 60_000,
    run: async () => {
      if (origin === null && (config.wechatPay.apiBase === null || config.wechatPay.notifyUrlBase === null)) return 'skipped: address not known yet'
      const [closed, refundsChecked] = await Promise.all([payments.closeExpired(), payments.reconcileRefunds()])
      return { closed, refundsChecked }
    },
  })
  await startMarketBackground({ db, config, logger, storage: createDiskStorage(config.mediaDir), now, payments, jobs, scheduler })
  await startClinicBackground({ db, config, logger, storage: createDiskStorage(config.mediaDir), now, payments, jobs, scheduler, openidOf: sandbox ? (name) => sandbox.openidOf(name) : undefined })
  await startClassroomBackground({ db, config, logger, storage: createDiskStorage(config.mediaDir), now, payments, lessonMedia, jobs, scheduler, openidOf: sandbox ? (name) => sandbox.openidOf(name) : undefined })
  // Every minute: ask WeChat about transfer bills whose notification has not come (and resend one it never got).
  jobs.add({
    name: 'loans.disbursements',
    everyMs: 60_000,
    run: async () => {
      if (origin === null && (config.wechatPay.apiBase === null || config.wechatPay.notifyUrlBase === null)) return 'skipped: address not known yet'
      return { checked: await disbursements.reconcile() }
    },
  })
  await startLoansBackground({ db, config, logger, now, payments, jobs, scheduler, openidOf: sandbox ? (name) => sandbox.openidOf(name) : undefined })
  await startNoticesBackground({ db, config, logger, now, jobs, openidOf: sandbox ? (name) => sandbox.openidOf(name) : undefined })
  // Reminders (服务通知): the handlers of the jobs the modules schedule (appointments, installments, shipping, answers, urgent notices).
  startRemindersBackground({ db, config, logger, now, scheduler, subscriptions })
  // Transcodes (claimed one at a time, resumed after a restart) and the clean-up of expired uploads.
  for (const job of lessonMedia.jobs) jobs.add(job)
  jobs.start()
  scheduler.start()
  let sandboxClosed: Promise<void> | undefined
  let jobsStopped: Promise<void> | undefined
  let schedulerStopped: Promise<void> | undefined
  const stopBackground = () => {
    shuttingDown = true
    // A transcode in progress is handed back (resumed at the next start, or by another instance) instead of awaited.
    void lessonMedia.stop()
    jobsStopped ??= jobs.stop()
    schedulerStopped ??= scheduler.stop()
    sandboxClosed ??= sandbox?.close() ?? Promise.resolve()
  }
  return {
    app,
    fetch: app.fetch,
    db,
    config,
    logger,
    payments,
    sandbox,
    jobs,
    scheduler,
    lessonMedia,
    subscriptions,
    setOrigin: (url) => {
      origin = url.replace(/\/+$/, '')
    },
    beginShutdown: stopBackground,
    close: async () => {
      stopBackground()
      await Promise.all([jobsStopped, schedulerStopped, sandboxClosed])
      await db.close()
    },
  }
}

interface PayKeys {
  merchantSerial: string
  merchantPrivateKey: string
  platformPublicKeyId: string
  platformPublicKey: string
  apiV3Key: string
}

/** The merchant's key material: the configured files, or (outside production, when unset) the sandbox's generated keys. */
function loadPayKeys(config: Config): PayKeys {
  const files = config.wechatPay.keys
  if (!files) {
    if (!config.sandbox.enabled) throw new ConfigError(['WECHATPAY_* key settings: must be set in production'])
    const keys = ensureSandboxKeys(config.sandbox.dataDir, { env: config.env })
    return {
      merchantSerial: keys.merchantSerial,
      merchantPrivateKey: keys.merchantPrivateKey,
      platformPublicKeyId: keys.platformSerial,
      platformPublicKey: keys.platformPublicKey,
      apiV3Key: keys.apiV3Key,
    }
  }
  const problems: string[] = []
  const read = (name: string, file: string) => {
    try {
      return fs.readFileSync(file, 'utf8')
    } catch (error) {
      problems.push(`${name}: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? 'error'})`)
      return ''
    }
  }
  const keys: PayKeys = {
    merchantSerial: files.merchantSerial,
    merchantPrivateKey: read('WECHATPAY_MERCHANT_PRIVATE_KEY_FILE', files.merchantPrivateKeyFile),
    platformPublicKeyId: files.platformPublicKeyId,
    platformPublicKey: read('WECHATPAY_PLATFORM_PUBLIC_KEY_FILE', files.platformPublicKeyFile),
    apiV3Key: read('WECHATPAY_APIV3_KEY_FILE', files.apiV3KeyFile).trim(),
  }
  if (keys.apiV3Key && Buffer.byteLength(keys.apiV3Key) !== 32) problems.push('WECHATPAY_APIV3_KEY_FILE: the APIv3 key must be 32 characters')
  if (problems.length) throw new ConfigError(problems)
  return keys
}

/** Opens (and migrates) the database, builds the app and listens. */
export async function startServer(options: StartOptions = {}): Promise<RunningServer> {
  const api = await openApi(options)
  const { app, db, config, logger } = api

  const server = await new Promise<ServerType>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, () => resolve(s))
    s.once('error', reject)
  })
  const address = server.address() as AddressInfo
  const url = `http://${address.address.includes(':') ? `[${address.address}]` : address.address}:${address.port}`
  // Calls to ourselves (the sandbox, its notifications) go over loopback even when listening on all addresses.
  const loopback = address.address === '0.0.0.0' ? '127.0.0.1' : address.address === '::' ? '[::1]' : null
  if (!options.origin) api.setOrigin(loopback ? `http://${loopback}:${address.port}` : url)
  logger.info({ url, database: db.dialect }, 'listening')

  let stopping: Promise<void> | null = null
  const shutdown = () => {
    stopping ??= (async () => {
      api.beginShutdown()
      logger.info('shutting down: finishing in-flight requests')
      const force = setTimeout(() => {
        logger.warn('shutdown timeout: closing remaining connections')
        if ('closeAllConnections' in server) server.closeAllConnections()
      }, config.shutdownTimeoutMs)
      // Keep-alive connections: close each one as soon as its last response is out, instead of
      // waiting for the client to let go of it.
      const closeIdle = () => {
        if ('closeIdleConnections' in server) server.closeIdleConnections()
      }
      const idleSweep = setInterval(closeIdle, 50)
      await new Promise<void>((resolve) => {
        server.close(() => resolve())
        closeIdle()
      })
      clearInterval(idleSweep)
      clearTimeout(force)
      await api.close()
      logger.info('stopped: database closed')
      logger.flush()
    })()
    return stopping
  }

  if (options.handleSignals) {
    const onSignal = (signal: NodeJS.Signals) => {
      logger.info({ signal }, 'signal received')
      shutdown().then(
        () => process.exit(0),
        (error: unknown) => {
          logger.error({ err: error }, 'shutdown failed')
          process.exit(1)
        },
      )
    }
    process.once('SIGTERM', onSignal)
    process.once('SIGINT', onSignal)
  }

  return { url, app, db, server, shutdown, payments: api.payments, sandbox: api.sandbox, scheduler: api.scheduler, subscriptions: api.subscriptions }
}

if (require.main === module) {
  let config: Config
  try {
    config = loadConfig()
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`tianyuan-api: cannot start.\n${error.message}\nSee apps/api/README.md for every variable.`)
      process.exit(1)
    }
    throw error
  }
  startServer({ config, handleSignals: true }).catch((error: unknown) => {
    if (error instanceof ConfigError) {
      console.error(`tianyuan-api: cannot start.\n${error.message}\nSee apps/api/README.md for every variable.`)
      process.exit(1)
    }
    console.error('tianyuan-api: failed to start:', error instanceof Error ? error.message : error)
    process.exit(1)
  })
}
