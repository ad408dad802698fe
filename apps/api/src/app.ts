import path from 'node:path'
import { Hono, type Context, type MiddlewareHandler } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { HTTPException } from 'hono/http-exception'
import type { HealthResponse } from '@tianyuan/contracts'
import type { Config } from './config'
import type { AppEnv } from './platform/context'
import type { Db } from './platform/db'
import type { Logger } from './platform/logging'
import type { Scheduler } from './platform/scheduler'
import type { MediaStorage } from './platform/media/storage'
import type { WeChatClient } from './platform/wechat/client'
import { AppError, errors } from './platform/errors'
import { idempotency } from './platform/idempotency'
import { loadCaller } from './platform/auth/sessions'
import { newId } from './platform/ids'
import { authRoutes } from './modules/auth/routes'
import { meRoutes } from './modules/me/routes'
import { mediaRoutes, spoolUploads } from './modules/media/routes'
import { paymentRoutes } from './modules/payments/routes'
import type { PaymentsService } from './modules/payments/service'
import { marketDb, marketRoutes, registerMarketPayable } from './modules/market'
import { clinicDb, clinicRoutes, registerClinicPayable } from './modules/clinic'
import { loansDb, loansRoutes, registerLoanPayable } from './modules/loans'
import { disbursementRoutes, disbursementView, type LoanDisbursements } from './modules/loans/disbursement'
import { classroomDb, classroomRoutes, registerClassroomPayable } from './modules/classroom'
import { revalidatable } from './platform/http/revalidate'
import { compressJson } from './platform/http/compress-json'
import { createReadCache } from './platform/http/read-cache'
import { closeAfterRefusedBody } from './platform/http/connection'
import { createLessonMedia, lessonMediaRoutes, type LessonMediaInternals } from './modules/lesson-media'
import { LESSON_UPLOAD_PATH } from '@tianyuan/contracts'
import { createSubscriptions, subscriptionRoutes, type SubscriptionsService } from './modules/subscriptions'
import { loadOpenedSecret, noticesDb, openedNoticeRoutes, publisherNoticeRoutes, readerNoticeRoutes } from './modules/notices'

export interface AppDeps {
  config: Config
  db: Db
  logger: Logger
  wechat: WeChatClient
  storage: MediaStorage
  /** Payments (WeChat Pay); absent → /api/payments answers 503 PAYMENTS_UNAVAILABLE. See createPaymentsService. */
  payments?: PaymentsService
  /** 惠农小贷's 放款 through WeChat Pay's merchant transfer (modules/loans/disbursement); absent → 放款 answers 503. */
  disbursements?: LoanDisbursements
  /** The clock (epoch ms); tests move it to expire sessions and idempotency keys. */
  now?: () => number
  /** 田间课堂's lesson media (uploads, transcodes, signed files); openApi passes the one whose jobs it runs. */
  lessonMedia?: LessonMediaInternals
  /** True once shutdown has begun: /readyz then answers 503 so balancers stop sending. */
  isShuttingDown?: () => boolean
  /** Subscribe messages (modules/subscriptions); absent → one over `wechat` and Config.subscribe. */
  subscriptions?: SubscriptionsService
  /** The durable scheduler (platform/scheduler) for routes that schedule or cancel jobs in their transaction; openApi and the test harness pass one. */
  scheduler?: Scheduler
}

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/

/** The whole API as a Hono app: serve `app.fetch`, or call `app.request()` in tests. */
export function createApp(deps: AppDeps): Hono<AppEnv> {
  const { config, db, logger } = deps
  const now = deps.now ?? Date.now
  const app = new Hono<AppEnv>()

  app.use('*', requestContext(logger))
  app.use('*', closeAfterRefusedBody())
  // Outermost but for the two above: JSON leaves compressed, whatever produced it (a cached read, an error).
  app.use('*', compressJson())
  app.onError((error, c) => {
    if (error instanceof AppError) return c.json(error.toBody(), error.status, error.headers)
    if (error instanceof HTTPException && error.status < 500) {
      return c.json(errors.badRequest().toBody(), error.status)
    }
    c.get('log').error({ err: error }, 'unhandled error')
    return c.json(errors.internal().toBody(), 500)
  })
  app.notFound((c) => c.json(errors.notFound('没有这个页面或接口，请更新小程序后再试').toBody(), 404))

  app.get('/healthz', (c) => c.json({ ok: true } satisfies HealthResponse))
  app.get('/readyz', async (c) => {
    if (deps.isShuttingDown?.()) return c.json({ ok: false, checks: { shutdown: 'in progress' } } satisfies HealthResponse, 503)
    try {
      await db.ping()
      return c.json({ ok: true, checks: { database: db.dialect } } satisfies HealthResponse)
    } catch {
      return c.json({ ok: false, checks: { database: 'unreachable' } } satisfies HealthResponse, 503)
    }
  })

  const sessions = { ttlMs: config.sessionTtlMs, now }
  const api = new Hono<AppEnv>()
  api.use('*', limitBodySize(config))
  api.use('*', loadCaller(db.kysely, sessions))
  // Before idempotency: a tus PATCH is idempotent by its Upload-Offset and streams to disk (no
  // fingerprint may read its body); the media files are GETs.
  const lessonMedia = deps.lessonMedia ?? createLessonMedia({ db: db.kysely, config, logger, now })
  api.route('/classroom', lessonMediaRoutes(lessonMedia))
  // Before idempotency: an upload is streamed to disk once, and fingerprinted by its hash.
  api.use(
    '/media',
    spoolUploads({
      db: db.kysely,
      dir: path.join(config.mediaDir, 'incoming'),
      maxBytes: config.mediaMaxBytes,
      limits: config.mediaUploadLimits,
      now,
    }),
  )
  // 通知到人: before idempotency, whose record would pair the reader with the notice for 24 h (an
  // opening is counted once per reader by itself; modules/notices/opened.ts).
  const notices = {
    db: noticesDb(db.kysely),
    now,
    perPublisherPerDay: config.notices.perPublisherPerDay,
    openedSecret: loadOpenedSecret(config),
    scheduler: deps.scheduler ?? null,
  }
  api.route('/notices', openedNoticeRoutes(notices))
  api.use('*', idempotency(db.kysely, now, { afterWork: crashAfterCommitHook(config) }))
  api.route(
    '/auth',
    authRoutes({
      db: db.kysely,
      wechat: deps.wechat,
      sessions,
      limits: { perIpPerMinute: config.loginLimitPerIpPerMinute, perOpenidPerMinute: config.loginLimitPerOpenidPerMinute },
      proxy: { trustProxy: config.trustProxy, hops: config.trustProxyHops },
    }),
  )
  // JSON reads answer 304 to a phone whose copy is current (media has its own immutable ETags).
  for (const prefix of ['/me', '/payments/*', '/market/*', '/clinic/*', '/loans/*']) api.use(prefix, revalidatable())
  // The classroom's JSON reads (not lesson-media's files under /classroom/media, which carry their own ETags and Range).
  for (const prefix of ['/classroom/home', '/classroom/courses', '/classroom/courses/*', '/classroom/lessons/*', '/classroom/search', '/classroom/my/*', '/classroom/purchases/*', '/classroom/teacher/*']) {
    api.use(prefix, revalidatable())
  }
  api.route('/me', meRoutes({ db: db.kysely, wechat: deps.wechat, now }))
  api.route(
    '/media',
    mediaRoutes({
      db: db.kysely,
      storage: deps.storage,
      maxBytes: config.mediaMaxBytes,
      maxPixels: config.mediaMaxPixels,
      limits: config.mediaUploadLimits,
      now,
    }),
  )
  api.route('/payments', paymentRoutes(deps.payments ?? null))
  const market = { db: marketDb(db.kysely), now, holdMs: config.marketHoldMs, paymentTimeoutMs: config.wechatPay.paymentTimeoutMs, limits: config.marketLimits, scheduler: deps.scheduler ?? null }
  if (deps.payments) registerMarketPayable(deps.payments, market, logger)
  // The public catalogue from memory while the catalogue is unchanged (any process's change to it empties it: platform/http/read-cache).
  const readCache = createReadCache({ version: () => db.catalogueVersion() })
  api.route('/market', marketRoutes({ ...market, payments: deps.payments ?? null, logger, readCache }))
  const clinic = { db: clinicDb(db.kysely), now, holdMs: config.clinicHoldMs, paymentTimeoutMs: config.wechatPay.paymentTimeoutMs, limits: config.clinicLimits, scheduler: deps.scheduler ?? null }
  if (deps.payments) registerClinicPayable(deps.payments, clinic, logger)
  api.route('/clinic', clinicRoutes({ ...clinic, payments: deps.payments ?? null, logger }))
  // 惠农小贷: repayments are the payments module's kind loan_repayment.
  const loans = { db: loansDb(db.kysely), now, settings: config.loans, paymentTimeoutMs: config.wechatPay.paymentTimeoutMs }
  if (deps.payments) registerLoanPayable(deps.payments, loans, logger)
  // The transfer's notify route and the borrower's transfer read, before the loans router (same prefix).
  const disbursements = deps.disbursements
  if (disbursements) api.route('/loans', disbursementRoutes(disbursements, db.kysely))
  api.route(
    '/loans',
    loansRoutes({ ...loans, wechat: deps.wechat, payments: deps.payments ?? null, logger, disbursements: disbursements ?? null, disbursementView: disbursements ? (db, id) => disbursementView(disbursements, id, db) : undefined }),
  )
  // 田间课堂 (lesson-media's /classroom/uploads and /classroom/media are mounted above, before idempotency).
  const classroom = { db: classroomDb(db.kysely), now, holdMs: config.classroom.purchaseHoldMs, paymentTimeoutMs: config.wechatPay.paymentTimeoutMs, lessonMedia, scheduler: deps.scheduler ?? null }
  if (deps.payments) registerClassroomPayable(deps.payments, classroom, logger)
  api.route('/classroom', classroomRoutes({ ...classroom, payments: deps.payments ?? null, logger }))
  // 通知到人: the lists are public and revalidatable (ETag / 304); publishers' routes before the readers' `/:id`.
  api.use('/notices', revalidatable())
  api.use('/notices/*', revalidatable())
  api.route('/notices', publisherNoticeRoutes(notices))
  api.route('/notices', readerNoticeRoutes(notices))
  // WeChat subscribe messages: the template ids, and the answers of wx.requestSubscribeMessage.
  const subscriptions = deps.subscriptions ?? createSubscriptions({ db: db.kysely, wechat: deps.wechat, ...config.subscribe, now, logger })
  api.use('/subscriptions/templates', revalidatable())
  api.route('/subscriptions', subscriptionRoutes(subscriptions))
  app.route('/api', api)
  return app
}

/**
 * Tests only: with NODE_ENV=test and TIANYUAN_TEST_CRASH_AFTER_COMMIT=1 in the process environment,
 * a request carrying `X-Test-Crash-After-Commit: 1` ends the process with SIGKILL once its work has
 * committed, before its idempotency record is finished — the crash the kill-9 test recovers from.
 */
function crashAfterCommitHook(config: Config): ((c: Context<AppEnv>) => void) | undefined {
  if (config.env !== 'test' || process.env.TIANYUAN_TEST_CRASH_AFTER_COMMIT !== '1') return undefined
  return (c) => {
    if (c.req.header('x-test-crash-after-commit') === '1') process.kill(process.pid, 'SIGKILL')
  }
}

/** A request id (the caller's X-Request-Id if sane), a child logger carrying it, one log line per request. */
function requestContext(logger: Logger): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const incoming = c.req.header('x-request-id')
    const requestId = incoming && REQUEST_ID.test(incoming) ? incoming : newId()
    const log = logger.child({ reqId: requestId })
    c.set('requestId', requestId)
    c.set('log', log)
    c.set('caller', { kind: 'anonymous' })
    const started = performance.now()
    await next()
    c.res.headers.set('X-Request-Id', requestId)
    const caller = c.get('caller')
    log.info(
      {
        method: c.req.method,
        path: c.req.path,
        status: c.res.status,
        ms: Math.round((performance.now() - started) * 10) / 10,
        ...(caller.kind === 'user' ? { userId: caller.userId } : {}),
      },
      'request',
    )
  }
}

/** Small JSON bodies everywhere; only the upload route takes a photo-sized body. */
function limitBodySize(config: Config): MiddlewareHandler<AppEnv> {
  const tooLarge = (c: Parameters<MiddlewareHandler<AppEnv>>[0]) => c.json(errors.tooLarge().toBody(), 413)
  const json = bodyLimit({ maxSize: config.bodyLimitBytes, onError: tooLarge })
  // The upload limits its own size while streaming to disk (spoolUploads): hono's bodyLimit would
  // hold a body without Content-Length in memory whole.
  const upload: MiddlewareHandler<AppEnv> = (_c, next) => next()
  return (c, next) => {
    // GET and HEAD carry no body to limit, and looking for one is not free: hono's bodyLimit reads
    // `c.req.raw.body`, which makes @hono/node-server build a full fetch Request (with an
    // AbortController) for every request — about 5 % of a catalogue read's CPU.
    if (c.req.method === 'GET' || c.req.method === 'HEAD') return next()
    // Lesson uploads (tus): the whole original is limited by its Upload-Length (LESSON_MEDIA_MAX_UPLOAD_MB),
    // checked at creation, and tus never takes more bytes than that length; chunks stream to disk.
    if (c.req.path === LESSON_UPLOAD_PATH || c.req.path.startsWith(`${LESSON_UPLOAD_PATH}/`)) return upload(c, next)
    return c.req.method === 'POST' && c.req.path === '/api/media' ? upload(c, next) : json(c, next)
  }
}
