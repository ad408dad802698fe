// The sandbox as one Hono app: WeChat's login endpoints, WeChat Pay v3, the cashier, and
// the notification loop. Mount it in-process (mount.ts) or run it alone (server.ts).
import { Hono, type Context } from 'hono'
import { cors } from 'hono/cors'
import path from 'node:path'
import { realTimers, type Timers } from './clock'
import { randomHex, randomString, sign, verify } from './crypto'
import { ensureSandboxKeys, isProduction, SandboxRefusedError, type SandboxKeys } from './keys'
import { LoginService } from './login'
import { Notifier, type DeliveryAttempt } from './notify'
import { PayService, type RefundCall, type RefundMade, type RequestPaymentInput, type V3Answer } from './pay'
import { renderCashier, safeReturnUrl } from './cashier'
import { TransferService, type MerchantTransferInput, type TransferRecord } from './transfer'
import { renderTransferPage } from './transfer-page'
import { SubscribeService, type InboxMessage, type SendRecord, type SubscribeDecision, type SubscribeTemplate } from './subscribe'
import { renderInbox, renderInboxIndex, renderSubscribeSheet } from './subscribe-page'

/** The repository root (tools/wechat-sandbox/src → ../../..). */
export const REPO_ROOT = path.resolve(__dirname, '../../..')
/** Where the keys live unless told otherwise: inside the repo's gitignored data/. */
export const DEFAULT_DATA_DIR = path.join(REPO_ROOT, 'data', 'wechat-sandbox')

export interface WechatSandboxOptions {
  /** Folder for the generated keys (created on first start, files mode 0600). */
  dataDir?: string
  appId: string
  appSecret: string
  mchId: string
  /** Multiplies WeChat's notification retry intervals: 1 = real, 0.001 = development. Default 1. */
  notifyRetryFactor?: number
  /** An answer to a notification slower than this is a failure. Default 5000 (WeChat's 5 s). */
  notifyTimeoutMs?: number
  /** How long a refund stays PROCESSING. Default 1000 ms. */
  refundDelayMs?: number
  /** Shown in the cashier. */
  merchantName?: string
  /** Merchant transfer scenes this merchant has opened. Default ['1000']. */
  transferSceneIds?: string[]
  /** A transfer bill's single limit, in fen. Default 2,000,000 (20,000 yuan, WeChat's daily limit per user). */
  transferPerBillMaxFen?: number
  /** A cancelled bill goes CANCELING → CANCELLED after this long. Default 1000 ms. */
  transferCancelDelayMs?: number
  /** Include unionid in jscode2session answers. Default true. */
  unionId?: boolean
  /** Subscribe-message templates added in the console (订阅消息 → 我的模板); more with `subscribe.addTemplate`. */
  subscribeTemplates?: SubscribeTemplate[]
  /** How long an access token lives, in seconds. Default 7200 (WeChat's). */
  accessTokenTtlS?: number
  /** The mini-program's name on the subscribe sheet. Default 田园. */
  appName?: string
  /** ms since the epoch. Default Date.now. */
  now?: () => number
  /** Timers for retries and deadlines. Default real (unref'd) timers. */
  timers?: Timers
  /** Used to deliver notifications. Default globalThis.fetch. */
  fetch?: typeof fetch
  /** Default process.env.NODE_ENV; 'production' refuses to create the sandbox. */
  env?: string
}

export interface WechatSandbox {
  /** A fetch handler: give it Requests whose paths start at /sns, /v3, /sandbox… */
  fetch: (request: Request) => Response | Promise<Response>
  app: Hono
  keys: SandboxKeys
  appId: string
  mchId: string
  /** The openid a test user has in this app. */
  openidOf(user: string): string
  /** Same as POST /sandbox/login. */
  issueLoginCode(user: string): { code: string; expiresAt: number }
  /** Same as POST /sandbox/phone-code. */
  issuePhoneCode(user: string, phoneNumber?: string): { code: string; expiresAt: number }
  notifications: {
    attempts(): DeliveryAttempt[]
    onAttempt(listener: (a: DeliveryAttempt) => void): () => void
  }
  /** Refunds as WeChat sees them: every request received, and the refunds made. */
  refunds: {
    requests(): RefundCall[]
    made(outTradeNo?: string): RefundMade[]
  }
  /** Merchant transfer bills as WeChat holds them (also GET /sandbox/transfers[?openid=]). */
  transfers: {
    list(openid?: string): TransferRecord[]
    /** The user's answer on WeChat's confirm page (also POST /sandbox/transfer/confirm|cancel|fail). */
    decide(input: { mchId: string; appId: string; package: string }, action: 'confirm' | 'cancel' | 'fail', failReason?: string): string
  }
  /** Subscribe messages: templates, the phone's answers, each user's 服务通知 (see subscribe.ts). */
  subscribe: {
    addTemplate(template: SubscribeTemplate): void
    /** The user's answers on the wx.requestSubscribeMessage sheet (also POST /sandbox/subscribe/request). */
    request(user: string, tmplIds: string[], answers: Record<string, 'accept' | 'reject'>): SubscribeDecision
    /** One-time grants left per template id. */
    grantsOf(user: string): Record<string, number>
    /** The user's 服务通知, newest first (also GET /sandbox/subscribe/messages?user=). */
    inbox(user: string): InboxMessage[]
    /** Every send request that got past the access token check. */
    sends(): SendRecord[]
  }
  /** Test controls (also at POST /sandbox/faults/refunds). */
  faults: {
    /** Every access token issued so far is past its time: the next call with one answers 42001 (also POST /sandbox/faults/access-tokens). */
    expireAccessTokens(): void
    /**
     * The next `count` refund requests answer 500 SYSTEM_ERROR, then refunds work again. With
     * `made: true` the refund is made before the error answer (WeChat's SYSTEM_ERROR means the
     * outcome is unknown: either may have happened).
     */
    failNextRefunds(count: number, options?: { made?: boolean }): void
  }
  /** Stops notification delivery and pending refunds. */
  close(): Promise<void>
}

type V3Env = { Variables: { rawBody: string; mchid: string } }

const AUTH_RE = /^WECHATPAY2-SHA256-RSA2048 (.*)$/

function parseAuthorization(header: string | undefined): Record<string, string> | null {
  const m = header ? AUTH_RE.exec(header) : null
  if (!m) return null
  const out: Record<string, string> = {}
  for (const part of m[1]!.split(',')) {
    const kv = /^\s*([a-z_]+)="([^"]*)"\s*$/.exec(part)
    if (!kv) return null
    out[kv[1]!] = kv[2]!
  }
  return out
}

const v3 = (c: Context, a: V3Answer) =>
  a.status === 204 ? c.body(null, 204) : c.json(a.body as object, a.status as 200 | 400 | 401 | 404 | 500)

export function createWechatSandbox(options: WechatSandboxOptions): WechatSandbox {
  if (isProduction(options.env ?? process.env.NODE_ENV)) throw new SandboxRefusedError('createWechatSandbox')
  const keys = ensureSandboxKeys(options.dataDir ?? DEFAULT_DATA_DIR, { env: options.env })
  const now = options.now ?? Date.now
  const timers = options.timers ?? realTimers
  const notifier = new Notifier({
    keys,
    now,
    timers,
    fetch: options.fetch ?? ((...args) => globalThis.fetch(...args)),
    retryFactor: options.notifyRetryFactor ?? 1,
    responseTimeoutMs: options.notifyTimeoutMs ?? 5000,
  })
  const login = new LoginService({ appId: options.appId, appSecret: options.appSecret, now, unionId: options.unionId ?? true, accessTokenTtlS: options.accessTokenTtlS })
  const subscribe = new SubscribeService({
    appId: options.appId,
    now,
    checkToken: (token) => login.checkToken(token),
    openidOf: (user) => login.openidOf(user),
    userOf: (openid) => login.userOf(openid),
    templates: options.subscribeTemplates ?? [],
  })
  const pay = new PayService({
    appId: options.appId,
    mchId: options.mchId,
    keys,
    now,
    timers,
    notifier,
    refundDelayMs: options.refundDelayMs ?? 1000,
    merchantName: options.merchantName ?? '田园（沙箱商户）',
  })
  const transfers = new TransferService({
    appId: options.appId,
    mchId: options.mchId,
    keys,
    now,
    timers,
    notifier,
    merchantName: options.merchantName ?? '田园（沙箱商户）',
    sceneIds: options.transferSceneIds ?? ['1000'],
    perBillMaxFen: options.transferPerBillMaxFen ?? 2_000_000,
    cancelDelayMs: options.transferCancelDelayMs ?? 1000,
  })

  const app = new Hono()

  // ---- Sandbox-only helpers (the preview, the simulator and tests call these) ----
  app.use('/sandbox/*', cors())
  const userOf = async (c: Context): Promise<{ user: string; phoneNumber?: string } | null> => {
    const body = (await c.req.json().catch(() => null)) as { user?: unknown; phoneNumber?: unknown } | null
    if (!body || typeof body.user !== 'string' || body.user.trim() === '' || body.user.length > 64) return null
    if (body.phoneNumber !== undefined && (typeof body.phoneNumber !== 'string' || !/^1\d{10}$/.test(body.phoneNumber))) return null
    return { user: body.user.trim(), phoneNumber: body.phoneNumber as string | undefined }
  }
  app.post('/sandbox/login', async (c) => {
    const u = await userOf(c)
    if (!u) return c.json({ error: 'body must be {"user": "<test user name>"}' }, 400)
    const { code, expiresAt } = login.issueLoginCode(u.user)
    return c.json({ code, expires_in: Math.round((expiresAt - now()) / 1000) })
  })
  app.post('/sandbox/phone-code', async (c) => {
    const u = await userOf(c)
    if (!u) return c.json({ error: 'body must be {"user": "<test user name>", "phoneNumber"?: "1xxxxxxxxxx"}' }, 400)
    const { code, expiresAt } = login.issuePhoneCode(u.user, u.phoneNumber)
    return c.json({ code, expires_in: Math.round((expiresAt - now()) / 1000) })
  })
  app.get('/sandbox/notifications', (c) => c.json(notifier.attempts()))
  app.get('/sandbox/refunds', (c) => c.json({ requests: pay.refundRequests(), made: pay.refundsMade(c.req.query('out_trade_no')) }))
  app.post('/sandbox/faults/refunds', async (c) => {
    const body = (await c.req.json().catch(() => null)) as { count?: unknown; made?: unknown } | null
    if (!body || !Number.isSafeInteger(body.count) || (body.count as number) < 0 || (body.count as number) > 100 || (body.made !== undefined && typeof body.made !== 'boolean')) {
      return c.json({ error: 'body must be {"count": 0..100, "made"?: boolean}' }, 400)
    }
    pay.failNextRefunds(body.count as number, body.made === true)
    return c.json({ ok: true })
  })
  app.get('/sandbox/cashier', (c) => {
    const prepayId = c.req.query('prepay_id') ?? ''
    const view = pay.cashierView(prepayId)
    return c.html(renderCashier(prepayId, view, safeReturnUrl(c.req.query('return_url'))), view ? 200 : 404)
  })
  app.post('/sandbox/cashier/:prepayId/:action{confirm|cancel|fail}', async (c) => {
    const params = ((await c.req.json().catch(() => null)) ?? {}) as RequestPaymentInput & { detail?: unknown }
    const action = c.req.param('action') as 'confirm' | 'cancel' | 'fail'
    const detail = typeof params.detail === 'string' ? params.detail.slice(0, 100) : undefined
    return c.json({ errMsg: pay.decide(c.req.param('prepayId'), params, action, detail) })
  })

  // The stand-in for wx.requestMerchantTransfer's confirm page, and its answers.
  app.get('/sandbox/transfer', (c) => {
    const pkg = c.req.query('package') ?? ''
    const view = transfers.view(pkg)
    const input = { mchId: c.req.query('mchId') ?? '', appId: c.req.query('appId') ?? '' }
    return c.html(renderTransferPage(pkg, input, view, safeReturnUrl(c.req.query('return_url'))), view ? 200 : 404)
  })
  app.post('/sandbox/transfer/:action{confirm|cancel|fail}', async (c) => {
    const input = ((await c.req.json().catch(() => null)) ?? {}) as MerchantTransferInput & { failReason?: unknown }
    const action = c.req.param('action') as 'confirm' | 'cancel' | 'fail'
    const reason = typeof input.failReason === 'string' ? input.failReason.slice(0, 64) : undefined
    return c.json({ errMsg: transfers.decide(input, action, reason) })
  })
  app.get('/sandbox/transfers', (c) => c.json(transfers.list(c.req.query('openid'))))
  app.post('/sandbox/faults/access-tokens', (c) => {
    login.expireAccessTokens()
    return c.json({ ok: true })
  })

  // The phone side of wx.requestSubscribeMessage: the sheet (preview) and the answers it records.
  app.get('/sandbox/subscribe/sheet', (c) => {
    const user = (c.req.query('user') ?? '').trim()
    const ids = (c.req.query('tmplIds') ?? '').split(',').filter(Boolean)
    if (!user || user.length > 64 || ids.length === 0) return c.text('需要 user 和 tmplIds', 400)
    const found = subscribe.listTemplates(ids)
    const missing = ids.filter((id) => !found.some((t) => t.templateId === id))
    return c.html(renderSubscribeSheet(user, ids.map((id) => found.find((t) => t.templateId === id)).filter((t) => t !== undefined), missing, options.appName ?? '田园'), missing.length ? 404 : 200)
  })
  app.post('/sandbox/subscribe/request', async (c) => {
    const body = (await c.req.json().catch(() => null)) as { user?: unknown; tmplIds?: unknown; answers?: unknown } | null
    if (!body || typeof body.user !== 'string' || body.user.trim() === '' || body.user.length > 64) {
      return c.json({ error: 'body must be {"user": "<test user name>", "tmplIds": [...], "answers": {"<id>": "accept"|"reject"}}' }, 400)
    }
    const answers = body.answers && typeof body.answers === 'object' ? (body.answers as Record<string, unknown>) : {}
    return c.json(subscribe.request(body.user.trim(), body.tmplIds, answers))
  })
  app.get('/sandbox/subscribe/templates', (c) => c.json(subscribe.listTemplates()))
  app.get('/sandbox/subscribe/messages', (c) => {
    const user = c.req.query('user') ?? ''
    if (!user) return c.json({ users: subscribe.knownUsers() })
    return c.json({ user, openid: login.openidOf(user), grants: subscribe.grantsOf(user), messages: subscribe.inbox(user) })
  })
  app.get('/sandbox/subscribe/sends', (c) => c.json(subscribe.sends()))
  app.get('/sandbox/subscribe/inbox', (c) => {
    const user = c.req.query('user') ?? ''
    if (!user) return c.html(renderInboxIndex(subscribe.knownUsers()))
    const titles = new Map(subscribe.listTemplates().map((t) => [t.templateId, t.title]))
    return c.html(renderInbox(user, subscribe.inbox(user), subscribe.grantsOf(user), titles))
  })

  // ---- api.weixin.qq.com ----
  app.get('/sns/jscode2session', (c) => c.json(login.jscode2session(c.req.query())))
  app.get('/cgi-bin/token', (c) => c.json(login.accessToken(c.req.query())))
  app.post('/cgi-bin/message/subscribe/send', async (c) => {
    const body = (await c.req.json().catch(() => null)) as unknown
    return c.json(subscribe.send(c.req.query('access_token'), body))
  })
  app.post('/wxa/business/getuserphonenumber', async (c) => {
    const body = (await c.req.json().catch(() => null)) as { code?: unknown } | null
    return c.json(login.getUserPhoneNumber(c.req.query('access_token'), body?.code))
  })

  // ---- api.mch.weixin.qq.com (v3) ----
  const v3app = new Hono<V3Env>()
  // Every v3 answer, errors included, carries the platform's signature.
  v3app.use('*', async (c, next) => {
    await next()
    const res = c.res
    const text = res.status === 204 ? '' : await res.text()
    const timestamp = String(Math.floor(now() / 1000))
    const nonce = randomString(32)
    const headers = new Headers(res.headers)
    headers.set('Request-ID', randomHex(16))
    headers.set('Wechatpay-Timestamp', timestamp)
    headers.set('Wechatpay-Nonce', nonce)
    headers.set('Wechatpay-Signature', sign(keys.platformPrivateKey, `${timestamp}\n${nonce}\n${text}\n`))
    headers.set('Wechatpay-Serial', keys.platformSerial)
    c.res = undefined
    c.res = new Response(res.status === 204 ? null : text, { status: res.status, headers })
  })
  // Every v3 request must be signed by the merchant.
  v3app.use('*', async (c, next) => {
    const signError = (message: string) => c.json({ code: 'SIGN_ERROR', message }, 401)
    const auth = parseAuthorization(c.req.header('Authorization'))
    if (!auth || !auth.mchid || !auth.nonce_str || !auth.signature || !auth.timestamp || !auth.serial_no) {
      return signError('Http头Authorization值格式错误，请参考《微信支付商户REST API签名规则》')
    }
    if (auth.mchid !== options.mchId) return signError('商户号不存在或与签名不匹配')
    if (auth.serial_no !== keys.merchantSerial) return signError('商户证书序列号有误。请使用签名私钥匹配的证书序列号')
    if (!/^\d{1,12}$/.test(auth.timestamp) || Math.abs(Math.floor(now() / 1000) - Number(auth.timestamp)) > 300) {
      return signError('Http头Authorization中的timestamp与当前时间相差过大')
    }
    const raw = c.req.method === 'GET' ? '' : await c.req.text()
    const url = new URL(c.req.url)
    const message = `${c.req.method}\n${url.pathname}${url.search}\n${auth.timestamp}\n${auth.nonce_str}\n${raw}\n`
    if (!verify(keys.merchantPublicKey, message, auth.signature)) return signError('签名错误，请检查后再试')
    c.set('rawBody', raw)
    c.set('mchid', auth.mchid)
    await next()
  })
  const jsonBody = (c: Context<V3Env>): unknown => {
    try {
      return JSON.parse(c.get('rawBody'))
    } catch {
      return undefined
    }
  }
  v3app.post('/pay/transactions/jsapi', (c) => v3(c, pay.jsapi(c.get('mchid'), jsonBody(c))))
  v3app.get('/pay/transactions/out-trade-no/:no', (c) => v3(c, pay.query(c.get('mchid'), c.req.param('no'), c.req.query('mchid'))))
  v3app.post('/pay/transactions/out-trade-no/:no/close', (c) => v3(c, pay.close(c.get('mchid'), c.req.param('no'), jsonBody(c))))
  v3app.post('/refund/domestic/refunds', (c) => v3(c, pay.refund(jsonBody(c))))
  v3app.get('/refund/domestic/refunds/:no', (c) => v3(c, pay.queryRefund(c.req.param('no'))))
  v3app.post('/fund-app/mch-transfer/transfer-bills', (c) => v3(c, transfers.create(c.get('mchid'), jsonBody(c), c.req.header('Wechatpay-Serial'))))
  v3app.get('/fund-app/mch-transfer/transfer-bills/out-bill-no/:no', (c) => v3(c, transfers.query(c.req.param('no'))))
  v3app.post('/fund-app/mch-transfer/transfer-bills/out-bill-no/:no/cancel', (c) => v3(c, transfers.cancel(c.req.param('no'))))
  v3app.notFound((c) => c.json({ code: 'NOT_FOUND', message: '请求的接口不存在' }, 404))
  v3app.onError((_e, c) => c.json({ code: 'SYSTEM_ERROR', message: '系统错误' }, 500))
  app.route('/v3', v3app)

  return {
    fetch: (request) => app.fetch(request),
    app,
    keys,
    appId: options.appId,
    mchId: options.mchId,
    openidOf: (user) => login.openidOf(user),
    issueLoginCode: (user) => login.issueLoginCode(user),
    issuePhoneCode: (user, phone) => login.issuePhoneCode(user, phone),
    notifications: {
      attempts: () => notifier.attempts(),
      onAttempt: (l) => notifier.onAttempt(l),
    },
    refunds: {
      requests: () => pay.refundRequests(),
      made: (outTradeNo) => pay.refundsMade(outTradeNo),
    },
    transfers: {
      list: (openid) => transfers.list(openid),
      decide: (input, action, reason) => transfers.decide(input, action, reason),
    },
    subscribe: {
      addTemplate: (t) => subscribe.addTemplate(t),
      request: (user, ids, answers) => subscribe.request(user, ids, answers),
      grantsOf: (user) => subscribe.grantsOf(user),
      inbox: (user) => subscribe.inbox(user),
      sends: () => subscribe.sends(),
    },
    faults: {
      expireAccessTokens: () => login.expireAccessTokens(),
      failNextRefunds: (count, opts) => pay.failNextRefunds(count, opts?.made === true),
    },
    async close() {
      pay.stop()
      transfers.stop()
      await notifier.close()
    },
  }
}
