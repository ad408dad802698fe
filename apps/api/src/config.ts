import path from 'node:path'
import { z } from 'zod'
import { REMINDER_TEMPLATES, type ReminderKey } from '@tianyuan/contracts/subscribe-rules'

/** The repository root (apps/api/src → ../../..): the default home of `data/`. */
export const REPO_ROOT = path.resolve(__dirname, '../../..')

const Int = (fallback: number, min: number, max: number) =>
  z
    .string()
    .default(String(fallback))
    .transform((s, ctx) => {
      const n = Number(s)
      if (!/^\d+$/.test(s.trim()) || !Number.isSafeInteger(n) || n < min || n > max) {
        ctx.addIssue({ code: 'custom', message: `must be an integer from ${min} to ${max}` })
        return z.NEVER
      }
      return n
    })

const Bool = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'])
    .default(fallback ? 'true' : 'false')
    .transform((s) => s === 'true' || s === '1' || s === 'yes')

/** Every environment variable the API reads. The README's table lists the same ones. */
const TemplateId = z.string().regex(/^[A-Za-z0-9_-]{1,128}$/, { message: 'must be a template id (letters, digits, _ and -)' }).optional()

const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: Int(3000, 0, 65535),
  DATA_DIR: z.string().min(1).optional(),
  DATABASE_URL: z
    .string()
    .optional()
    .refine((s) => s === undefined || s === '' || /^(postgres|postgresql):\/\//.test(s) || /^(sqlite|file):/.test(s), {
      message: 'must be postgres://…, postgresql://…, sqlite:<path> or file:<path>',
    }),
  MEDIA_DIR: z.string().min(1).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  WECHAT_API_BASE: z.url({ protocol: /^https?$/ }).optional(),
  WECHAT_APPID: z.string().min(1).default('wx-dev-appid'),
  WECHAT_SECRET: z.string().min(1).default('wx-dev-secret'),
  WECHAT_TIMEOUT_MS: Int(8000, 100, 60_000),
  SESSION_TTL_HOURS: Int(24 * 30, 1, 24 * 365),
  LOGIN_LIMIT_PER_IP_PER_MINUTE: Int(30, 1, 100_000),
  LOGIN_LIMIT_PER_OPENID_PER_MINUTE: Int(10, 1, 100_000),
  TRUST_PROXY: Bool(false),
  // How many of our own proxies append to X-Forwarded-For (the client is the Nth entry from the right).
  TRUST_PROXY_HOPS: Int(1, 1, 10),
  BODY_LIMIT_BYTES: Int(64 * 1024, 1024, 10 * 1024 * 1024),
  MEDIA_MAX_BYTES: Int(10 * 1024 * 1024, 1024, 100 * 1024 * 1024),
  MEDIA_MAX_PIXELS: Int(40_000_000, 10_000, 300_000_000),
  // Per-user upload limits (media): photos in any minute, stored bytes per Shanghai day.
  MEDIA_UPLOADS_PER_MINUTE: Int(20, 1, 100_000),
  MEDIA_UPLOAD_BYTES_PER_DAY: Int(300 * 1024 * 1024, 1024, 1024 * 1024 * 1024 * 1024),
  SHUTDOWN_TIMEOUT_MS: Int(10_000, 0, 120_000),
  WECHATPAY_API_BASE: z.url({ protocol: /^https?$/ }).optional(),
  WECHATPAY_MCHID: z.string().regex(/^\d{6,32}$/, { message: 'must be the merchant id (digits)' }).optional(),
  WECHATPAY_MERCHANT_SERIAL: z.string().regex(/^[0-9A-Za-z_]{8,64}$/, { message: 'must be the merchant certificate serial' }).optional(),
  WECHATPAY_MERCHANT_PRIVATE_KEY_FILE: z.string().min(1).optional(),
  WECHATPAY_PLATFORM_PUBLIC_KEY_FILE: z.string().min(1).optional(),
  WECHATPAY_PLATFORM_PUBLIC_KEY_ID: z.string().regex(/^[0-9A-Za-z_]{8,64}$/, { message: 'must be the platform key id (PUB_KEY_ID_…)' }).optional(),
  WECHATPAY_APIV3_KEY_FILE: z.string().min(1).optional(),
  WECHATPAY_NOTIFY_URL_BASE: z.url({ protocol: /^https?$/ }).optional(),
  PAYMENT_TIMEOUT_MINUTES: Int(15, 1, 24 * 60),
  MARKET_HOLD_MINUTES: Int(30, 1, 24 * 60),
  CLINIC_HOLD_MINUTES: Int(15, 1, 24 * 60),
  // 田间课堂 (Config.classroom): how long an unpaid course purchase may be paid.
  CLASSROOM_PURCHASE_HOLD_MINUTES: Int(30, 1, 24 * 60),
  // 田间课堂's lesson media (Config.lessonMedia): the largest original, how long an unfinished upload
  // lives, how long a signed media URL works, the URL-signing secret (else generated into DATA_DIR),
  // a transcode job's lease and its attempts.
  LESSON_MEDIA_MAX_UPLOAD_MB: Int(200, 1, 4096),
  LESSON_MEDIA_UPLOAD_EXPIRY_HOURS: Int(24, 1, 24 * 30),
  LESSON_MEDIA_URL_TTL_HOURS: Int(12, 1, 24 * 30),
  LESSON_MEDIA_URL_SECRET: z.string().min(32, { message: 'must be at least 32 characters' }).optional(),
  LESSON_MEDIA_JOB_LEASE_SECONDS: Int(60, 2, 3600),
  LESSON_MEDIA_JOB_ATTEMPTS: Int(3, 1, 20),
  // 惠农小贷 (Config.loans): the APR cap in basis points (default 1200 = 12.0 % = 4 × the 1-year LPR of 3.0 %,
  // the line above which a court does not protect the interest), loans in progress per borrower,
  // how long a started repayment holds its quote, the grace days and the penalty rate (% of the loan's rate).
  LOANS_APR_CAP_BP: Int(1200, 1, 10_000),
  LOANS_AT_ONCE_PER_BORROWER: Int(1, 1, 10),
  LOANS_REPAYMENT_HOLD_MINUTES: Int(15, 1, 24 * 60),
  LOANS_GRACE_DAYS: Int(3, 0, 90),
  LOANS_PENALTY_RATE_PERCENT: Int(150, 0, 200),
  // The largest loan a product may offer, in fen: a loan is paid out by one WeChat Pay transfer to the
  // borrower's balance, whose single-bill limit (the sandbox's, by default) is 20,000 yuan. Until
  // disbursement to a bank card exists, a product lending more could be approved and never paid.
  LOANS_MAX_AMOUNT_FEN: Int(2_000_000, 1_000, 100_000_000),
  // Per-user quotas on what an unpaid order or booking may hold (see Config.marketLimits / clinicLimits).
  MARKET_UNPAID_ORDERS_PER_BUYER: Int(5, 1, 1000),
  MARKET_UNPAID_HOLD_PERCENT: Int(50, 1, 100),
  MARKET_UNPAID_HOLD_ALWAYS_UNITS: Int(10, 1, 1_000_000),
  CLINIC_UNPAID_BOOKINGS_PER_ACCOUNT: Int(3, 1, 1000),
  CLINIC_PLACES_PER_SLOT_PER_ACCOUNT: Int(3, 1, 1000),
  CLINIC_PATIENTS_PER_ACCOUNT: Int(10, 1, 1000),
  WECHAT_SANDBOX_DATA_DIR: z.string().min(1).optional(),
  // The durable scheduler (Config.scheduler): how often each instance looks for due jobs.
  SCHEDULER_POLL_MS: Int(2000, 10, 600_000),
  // 通知到人 (Config.notices): notices one publisher may publish per Shanghai day, and the secret
  // mixed into every "opened" mark (else generated into DATA_DIR; the same on every instance).
  NOTICES_PER_PUBLISHER_PER_DAY: Int(10, 1, 1000),
  NOTICES_OPENED_SECRET: z.string().min(32, { message: 'must be at least 32 characters' }).optional(),
  // Subscribe messages (Config.subscribe): the template id of each reminder as added in the mini-program
  // console (default: the sandbox's ids from @tianyuan/contracts/subscribe-rules — set all five for a real
  // deployment), and which version of the mini-program a card opens.
  SUBSCRIBE_TEMPLATE_CLINIC_APPOINTMENT: TemplateId,
  SUBSCRIBE_TEMPLATE_LOAN_INSTALLMENT: TemplateId,
  SUBSCRIBE_TEMPLATE_MARKET_SHIPPED: TemplateId,
  SUBSCRIBE_TEMPLATE_CLASSROOM_ANSWERED: TemplateId,
  SUBSCRIBE_TEMPLATE_URGENT_NOTICE: TemplateId,
  SUBSCRIBE_MINIPROGRAM_STATE: z.enum(['developer', 'trial', 'formal']).default('formal'),
})

/** The five settings that name the merchant's keys: all of them, or (outside production) none. */
const PAY_KEY_VARS = [
  'WECHATPAY_MERCHANT_SERIAL',
  'WECHATPAY_MERCHANT_PRIVATE_KEY_FILE',
  'WECHATPAY_PLATFORM_PUBLIC_KEY_FILE',
  'WECHATPAY_PLATFORM_PUBLIC_KEY_ID',
  'WECHATPAY_APIV3_KEY_FILE',
] as const

/** The sandbox's merchant id (tools/wechat-sandbox's default). */
export const DEV_MCHID = '1900000001'
export const WECHAT_PRODUCTION_API_BASE = 'https://api.weixin.qq.com'
export const WECHATPAY_PRODUCTION_API_BASE = 'https://api.mch.weixin.qq.com'
/** Where the in-process sandbox answers (development, preview, test). */
export const SANDBOX_PATH = '/wechat-sandbox'

/** Files holding the merchant's keys (real ones, or — when unset outside production — the sandbox's). */
export interface WechatPayKeyFiles {
  merchantSerial: string
  merchantPrivateKeyFile: string
  platformPublicKeyFile: string
  platformPublicKeyId: string
  apiV3KeyFile: string
}

export type DatabaseTarget =
  | { kind: 'sqlite'; file: string }
  | { kind: 'postgres'; url: string }

export interface Config {
  env: 'development' | 'test' | 'production'
  host: string
  port: number
  dataDir: string
  database: DatabaseTarget
  mediaDir: string
  logLevel: string
  /** apiBase null: the in-process sandbox at `<this server>/wechat-sandbox`. */
  wechat: { apiBase: string | null; appId: string; secret: string; timeoutMs: number }
  wechatPay: {
    /** null: the in-process sandbox at `<this server>/wechat-sandbox`. */
    apiBase: string | null
    mchId: string
    /** null: the sandbox's generated keys under `<DATA_DIR>/wechat-sandbox`. */
    keys: WechatPayKeyFiles | null
    /** Origin WeChat posts notifications to (`<base>/api/payments/notify`); null: this server's own address. */
    notifyUrlBase: string | null
    /** An unpaid payment is closed after this long. */
    paymentTimeoutMs: number
  }
  /** The WeChat sandbox is mounted at /wechat-sandbox (never in production). */
  sandbox: { enabled: boolean; dataDir: string }
  sessionTtlMs: number
  loginLimitPerIpPerMinute: number
  loginLimitPerOpenidPerMinute: number
  trustProxy: boolean
  /** Behind how many trusted proxies: the client address is X-Forwarded-For's Nth entry from the right. */
  trustProxyHops: number
  bodyLimitBytes: number
  mediaMaxBytes: number
  mediaMaxPixels: number
  /** Per-user upload limits: photos in any 60 s, stored bytes per Shanghai calendar day. */
  mediaUploadLimits: { perMinute: number; bytesPerDay: number }
  shutdownTimeoutMs: number
  /** 田园集市: how long an unpaid order holds its stock before it is cancelled. */
  marketHoldMs: number
  /** 乡村问诊: how long an unpaid booking holds its place. */
  clinicHoldMs: number
  /**
   * 田园集市, per buyer: unpaid orders at once; and of one product, unpaid orders hold at most
   * `holdPercent` % of its stock (never less than `holdAlwaysUnits`, so a small stock can be bought whole).
   */
  marketLimits: { unpaidOrders: number; holdPercent: number; holdAlwaysUnits: number }
  /** 乡村问诊, per account: unpaid bookings at once, live bookings in one slot, patients (self and family). */
  clinicLimits: { unpaidBookings: number; placesPerSlot: number; patients: number }
  /**
   * 田间课堂's lesson media: the largest original (tus Upload-Length), how long an upload lives
   * (unfinished: then removed; finished: until attached), how long a signed URL works, the URL
   * secret (null: generated once into `<dataDir>/lesson-media/url-secret`), a transcode job's lease
   * (another instance takes over a job whose lease ran out) and its attempts before it fails.
   */
  lessonMedia: { maxUploadBytes: number; uploadExpiryMs: number; urlTtlMs: number; urlSecret: string | null; jobLeaseMs: number; jobAttempts: number }
  /**
   * 惠农小贷: `aprCapBp` — no product is published with an APR (IRR, fees included) above it;
   * `loansAtOnce` — loans in progress (submitted … repaying) per borrower; `repaymentHoldMs` — how long
   * a started repayment holds its quote; overdue installments: `graceDays` without penalty, then
   * penalty interest at `penaltyRatePercent` % of the loan's own rate; `maxAmountFen` — the largest
   * loan a product may offer (one transfer to the borrower's balance pays it out).
   */
  loans: { aprCapBp: number; loansAtOnce: number; repaymentHoldMs: number; graceDays: number; penaltyRatePercent: number; maxAmountFen: number }
  /** 田间课堂: `purchaseHoldMs` — how long an unpaid course purchase stands (stretched while a payment is in progress). */
  classroom: { purchaseHoldMs: number }
  /**
   * 通知到人: `perPublisherPerDay` — notices one publisher may publish per Shanghai day (then 429);
   * `openedSecret` — mixed into each notice's "opened" marks so the database alone cannot tell who
   * opened a notice (null: generated once into `<dataDir>/notices/opened-secret`).
   */
  notices: { perPublisherPerDay: number; openedSecret: string | null }
  /** The durable scheduler (platform/scheduler): `pollMs` — how often each instance claims due jobs. */
  scheduler: { pollMs: number }
  /**
   * Subscribe messages (modules/subscriptions): the template id of each reminder (the console's, or the
   * sandbox's by default) and `miniprogramState`, which version of the mini-program a card opens.
   */
  subscribe: { templates: Record<ReminderKey, string>; miniprogramState: 'developer' | 'trial' | 'formal' }
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`)
    this.name = 'ConfigError'
  }
}

/** Reads the configuration from environment variables. Throws ConfigError listing every problem. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  // Empty strings count as unset, so `FOO= node …` falls back to the default.
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''))
  const parsed = EnvSchema.safeParse(present)
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.') || '(env)'}: ${i.message}`))
  }
  const e = parsed.data
  const problems: string[] = []
  if (e.NODE_ENV === 'production') {
    if (e.WECHAT_APPID === 'wx-dev-appid') problems.push('WECHAT_APPID: must be set in production')
    if (e.WECHAT_SECRET === 'wx-dev-secret') problems.push('WECHAT_SECRET: must be set in production')
    // Payments are part of every app: production refuses to start without the merchant's settings.
    for (const name of ['WECHATPAY_MCHID', ...PAY_KEY_VARS, 'WECHATPAY_NOTIFY_URL_BASE'] as const) {
      if (e[name] === undefined) problems.push(`${name}: must be set in production (WeChat Pay)`)
    }
    if (e.WECHATPAY_NOTIFY_URL_BASE !== undefined && !e.WECHATPAY_NOTIFY_URL_BASE.startsWith('https://')) {
      problems.push('WECHATPAY_NOTIFY_URL_BASE: WeChat Pay requires https in production')
    }
  } else {
    const given = PAY_KEY_VARS.filter((name) => e[name] !== undefined)
    if (given.length > 0 && given.length < PAY_KEY_VARS.length) {
      const missing = PAY_KEY_VARS.filter((name) => e[name] === undefined)
      problems.push(`${missing.join(', ')}: set all five WeChat Pay key settings, or none to use the sandbox's keys`)
    }
  }
  if (problems.length) throw new ConfigError(problems)
  const production = e.NODE_ENV === 'production'
  const payKeys: WechatPayKeyFiles | null =
    e.WECHATPAY_MERCHANT_SERIAL !== undefined &&
    e.WECHATPAY_MERCHANT_PRIVATE_KEY_FILE !== undefined &&
    e.WECHATPAY_PLATFORM_PUBLIC_KEY_FILE !== undefined &&
    e.WECHATPAY_PLATFORM_PUBLIC_KEY_ID !== undefined &&
    e.WECHATPAY_APIV3_KEY_FILE !== undefined
      ? {
          merchantSerial: e.WECHATPAY_MERCHANT_SERIAL,
          merchantPrivateKeyFile: path.resolve(e.WECHATPAY_MERCHANT_PRIVATE_KEY_FILE),
          platformPublicKeyFile: path.resolve(e.WECHATPAY_PLATFORM_PUBLIC_KEY_FILE),
          platformPublicKeyId: e.WECHATPAY_PLATFORM_PUBLIC_KEY_ID,
          apiV3KeyFile: path.resolve(e.WECHATPAY_APIV3_KEY_FILE),
        }
      : null
  const trim = (url: string) => url.replace(/\/+$/, '')

  const dataDir = path.resolve(e.DATA_DIR ?? path.join(REPO_ROOT, 'data'))
  return {
    env: e.NODE_ENV,
    host: e.HOST,
    port: e.PORT,
    dataDir,
    database: parseDatabaseUrl(e.DATABASE_URL, dataDir),
    mediaDir: path.resolve(e.MEDIA_DIR ?? path.join(dataDir, 'media')),
    logLevel: e.LOG_LEVEL,
    wechat: {
      apiBase: e.WECHAT_API_BASE !== undefined ? trim(e.WECHAT_API_BASE) : production ? WECHAT_PRODUCTION_API_BASE : null,
      appId: e.WECHAT_APPID,
      secret: e.WECHAT_SECRET,
      timeoutMs: e.WECHAT_TIMEOUT_MS,
    },
    sessionTtlMs: e.SESSION_TTL_HOURS * 3600_000,
    loginLimitPerIpPerMinute: e.LOGIN_LIMIT_PER_IP_PER_MINUTE,
    loginLimitPerOpenidPerMinute: e.LOGIN_LIMIT_PER_OPENID_PER_MINUTE,
    trustProxy: e.TRUST_PROXY,
    trustProxyHops: e.TRUST_PROXY_HOPS,
    bodyLimitBytes: e.BODY_LIMIT_BYTES,
    mediaMaxBytes: e.MEDIA_MAX_BYTES,
    mediaMaxPixels: e.MEDIA_MAX_PIXELS,
    mediaUploadLimits: { perMinute: e.MEDIA_UPLOADS_PER_MINUTE, bytesPerDay: e.MEDIA_UPLOAD_BYTES_PER_DAY },
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    marketHoldMs: e.MARKET_HOLD_MINUTES * 60_000,
    clinicHoldMs: e.CLINIC_HOLD_MINUTES * 60_000,
    marketLimits: { unpaidOrders: e.MARKET_UNPAID_ORDERS_PER_BUYER, holdPercent: e.MARKET_UNPAID_HOLD_PERCENT, holdAlwaysUnits: e.MARKET_UNPAID_HOLD_ALWAYS_UNITS },
    clinicLimits: { unpaidBookings: e.CLINIC_UNPAID_BOOKINGS_PER_ACCOUNT, placesPerSlot: e.CLINIC_PLACES_PER_SLOT_PER_ACCOUNT, patients: e.CLINIC_PATIENTS_PER_ACCOUNT },
    lessonMedia: {
      maxUploadBytes: e.LESSON_MEDIA_MAX_UPLOAD_MB * 1024 * 1024,
      uploadExpiryMs: e.LESSON_MEDIA_UPLOAD_EXPIRY_HOURS * 3600_000,
      urlTtlMs: e.LESSON_MEDIA_URL_TTL_HOURS * 3600_000,
      urlSecret: e.LESSON_MEDIA_URL_SECRET ?? null,
      jobLeaseMs: e.LESSON_MEDIA_JOB_LEASE_SECONDS * 1000,
      jobAttempts: e.LESSON_MEDIA_JOB_ATTEMPTS,
    },
    classroom: { purchaseHoldMs: e.CLASSROOM_PURCHASE_HOLD_MINUTES * 60_000 },
    notices: { perPublisherPerDay: e.NOTICES_PER_PUBLISHER_PER_DAY, openedSecret: e.NOTICES_OPENED_SECRET ?? null },
    scheduler: { pollMs: e.SCHEDULER_POLL_MS },
    subscribe: {
      templates: {
        clinic_appointment: e.SUBSCRIBE_TEMPLATE_CLINIC_APPOINTMENT ?? REMINDER_TEMPLATES.clinic_appointment.templateId,
        loan_installment: e.SUBSCRIBE_TEMPLATE_LOAN_INSTALLMENT ?? REMINDER_TEMPLATES.loan_installment.templateId,
        market_shipped: e.SUBSCRIBE_TEMPLATE_MARKET_SHIPPED ?? REMINDER_TEMPLATES.market_shipped.templateId,
        classroom_answered: e.SUBSCRIBE_TEMPLATE_CLASSROOM_ANSWERED ?? REMINDER_TEMPLATES.classroom_answered.templateId,
        urgent_notice: e.SUBSCRIBE_TEMPLATE_URGENT_NOTICE ?? REMINDER_TEMPLATES.urgent_notice.templateId,
      },
      miniprogramState: e.SUBSCRIBE_MINIPROGRAM_STATE,
    },
    loans: {
      aprCapBp: e.LOANS_APR_CAP_BP,
      loansAtOnce: e.LOANS_AT_ONCE_PER_BORROWER,
      repaymentHoldMs: e.LOANS_REPAYMENT_HOLD_MINUTES * 60_000,
      graceDays: e.LOANS_GRACE_DAYS,
      penaltyRatePercent: e.LOANS_PENALTY_RATE_PERCENT,
      maxAmountFen: e.LOANS_MAX_AMOUNT_FEN,
    },
    wechatPay: {
      apiBase: e.WECHATPAY_API_BASE !== undefined ? trim(e.WECHATPAY_API_BASE) : production ? WECHATPAY_PRODUCTION_API_BASE : null,
      mchId: e.WECHATPAY_MCHID ?? DEV_MCHID,
      keys: payKeys,
      notifyUrlBase: e.WECHATPAY_NOTIFY_URL_BASE !== undefined ? trim(e.WECHATPAY_NOTIFY_URL_BASE) : null,
      paymentTimeoutMs: e.PAYMENT_TIMEOUT_MINUTES * 60_000,
    },
    sandbox: { enabled: !production, dataDir: path.resolve(e.WECHAT_SANDBOX_DATA_DIR ?? path.join(dataDir, 'wechat-sandbox')) },
  }
}

function parseDatabaseUrl(url: string | undefined, dataDir: string): DatabaseTarget {
  if (!url) return { kind: 'sqlite', file: path.join(dataDir, 'tianyuan.db') }
  if (/^postgres(ql)?:\/\//.test(url)) return { kind: 'postgres', url }
  const file = url.replace(/^(sqlite|file):(\/\/)?/, '')
  return { kind: 'sqlite', file: file === ':memory:' ? file : path.resolve(dataDir, file) }
}
