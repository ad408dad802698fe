import { AppError } from '../errors'

/** Something that does what the global fetch does: tests hand in one that reaches a double. */
export type Fetch = (input: string, init?: RequestInit) => Promise<Response>

export interface WeChatSession {
  openid: string
  unionid: string | null
  /** Stays on the server. Never log it, never send it. */
  sessionKey: string
}

export interface WeChatPhone {
  /** Without the country code, e.g. 13800138000. */
  purePhoneNumber: string
  countryCode: string
}

export interface SubscribeMessageInput {
  touser: string
  templateId: string
  /** The mini-program page the card opens (may carry a query). */
  page?: string
  /** Field name (thing1, time3 …) → value. */
  data: Record<string, string>
  miniprogramState?: 'developer' | 'trial' | 'formal'
}

/**
 * What WeChat made of a subscribe message. `retryable`: WeChat was busy or unreachable (or the
 * access token still failed after one refresh) — the same message may succeed later; otherwise
 * the errcode is WeChat's final word (43101 no subscription, 47003 data, 40037 template …).
 */
export type SubscribeSendResult =
  | { ok: true; msgid: number | null }
  | { ok: false; errcode: number | null; errmsg: string; retryable: boolean }

export interface WeChatClient {
  /** jscode2session: a wx.login code → openid (+ session_key). */
  exchangeLoginCode(code: string): Promise<WeChatSession>
  /** getuserphonenumber: a getPhoneNumber button code → the user's phone number. */
  exchangePhoneCode(code: string): Promise<WeChatPhone>
  /** subscribeMessage.send (POST /cgi-bin/message/subscribe/send); never throws, see SubscribeSendResult. */
  sendSubscribeMessage(input: SubscribeMessageInput): Promise<SubscribeSendResult>
}

export interface WeChatClientOptions {
  /** WeChat's base URL, or a function giving it (the in-process sandbox's address is known only once listening). */
  apiBase: string | (() => string)
  appId: string
  secret: string
  timeoutMs: number
  fetch?: Fetch
  now?: () => number
}

/** WeChat's errcodes that the client must tell apart. */
export const WECHAT_ERR = {
  SYSTEM_BUSY: -1,
  INVALID_CREDENTIAL: 40001,
  INVALID_CODE: 40029,
  /** A wx.login code used a second time. */
  CODE_USED: 40163,
  ACCESS_TOKEN_EXPIRED: 42001,
  RATE_LIMITED: 45011,
  HIGH_RISK_USER: 40226,
  /** subscribeMessage.send: the user has no one-time subscription left for the template. */
  NO_SUBSCRIPTION: 43101,
  /** The API's daily quota is used up: try again later. */
  QUOTA_REACHED: 45009,
} as const

interface ErrPayload {
  errcode?: number
  errmsg?: string
}

/** Maps WeChat's errcodes to responses a villager understands. */
export function wechatErrorToAppError(errcode: number | undefined): AppError {
  switch (errcode) {
    case WECHAT_ERR.INVALID_CODE:
    case WECHAT_ERR.CODE_USED:
      return new AppError(400, 'WECHAT_CODE_INVALID', '登录凭证已失效，请重新点一次登录')
    case WECHAT_ERR.RATE_LIMITED:
      return new AppError(429, 'WECHAT_RATE_LIMITED', '登录太频繁了，请过一分钟再试', undefined, { 'Retry-After': '60' })
    case WECHAT_ERR.HIGH_RISK_USER:
      return new AppError(403, 'WECHAT_USER_BLOCKED', '微信提示您的账号存在风险，暂时无法登录，请在微信里处理后再试')
    default:
      return new AppError(502, 'WECHAT_UNAVAILABLE', '暂时连不上微信，请稍后再试', errcode === undefined ? undefined : { errcode })
  }
}

export function createWeChatClient(options: WeChatClientOptions): WeChatClient {
  const doFetch: Fetch = options.fetch ?? ((input, init) => fetch(input, init))
  const now = options.now ?? Date.now
  const apiBase = typeof options.apiBase === 'string' ? () => options.apiBase as string : options.apiBase
  let accessToken: { value: string; expiresAt: number } | null = null

  async function call<T extends ErrPayload>(pathAndQuery: string, init?: RequestInit): Promise<T> {
    let response: Response
    try {
      response = await doFetch(`${apiBase()}${pathAndQuery}`, { ...init, signal: AbortSignal.timeout(options.timeoutMs) })
    } catch {
      throw wechatErrorToAppError(undefined)
    }
    if (!response.ok) throw wechatErrorToAppError(undefined)
    try {
      // WeChat answers JSON, sometimes with a text/plain content type: parse the text.
      return JSON.parse(await response.text()) as T
    } catch {
      throw wechatErrorToAppError(undefined)
    }
  }

  async function getAccessToken(forceRefresh: boolean): Promise<string> {
    if (!forceRefresh && accessToken && accessToken.expiresAt > now()) return accessToken.value
    const query = new URLSearchParams({ grant_type: 'client_credential', appid: options.appId, secret: options.secret })
    const body = await call<ErrPayload & { access_token?: string; expires_in?: number }>(`/cgi-bin/token?${query}`)
    if (!body.access_token || (body.errcode !== undefined && body.errcode !== 0)) throw wechatErrorToAppError(body.errcode ?? -1)
    // Refresh five minutes early: WeChat's tokens live 7200 s.
    accessToken = { value: body.access_token, expiresAt: now() + Math.max(60, (body.expires_in ?? 7200) - 300) * 1000 }
    return accessToken.value
  }

  /** Like `call`, but a transport failure is an answer (errcode null) rather than an exception. */
  async function tryCall<T extends ErrPayload>(pathAndQuery: string, init?: RequestInit): Promise<T | { errcode: null; errmsg: string }> {
    let response: Response
    try {
      response = await doFetch(`${apiBase()}${pathAndQuery}`, { ...init, signal: AbortSignal.timeout(options.timeoutMs) })
    } catch (error) {
      return { errcode: null, errmsg: `network: ${String((error as Error)?.message ?? error).slice(0, 200)}` }
    }
    const text = await response.text().catch(() => '')
    if (!response.ok) return { errcode: null, errmsg: `HTTP ${response.status}` }
    try {
      return JSON.parse(text) as T
    } catch {
      return { errcode: null, errmsg: 'not JSON' }
    }
  }

  return {
    async sendSubscribeMessage(input) {
      const body = JSON.stringify({
        touser: input.touser,
        template_id: input.templateId,
        ...(input.page ? { page: input.page } : {}),
        data: Object.fromEntries(Object.entries(input.data).map(([name, value]) => [name, { value }])),
        miniprogram_state: input.miniprogramState ?? 'formal',
        lang: 'zh_CN',
      })
      const send = (token: string) =>
        tryCall<ErrPayload & { msgid?: number }>(`/cgi-bin/message/subscribe/send?access_token=${encodeURIComponent(token)}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body,
        })
      const token = async (force: boolean) => {
        try {
          return await getAccessToken(force)
        } catch {
          return null
        }
      }
      const first = await token(false)
      if (first === null) return { ok: false, errcode: null, errmsg: 'access_token unavailable', retryable: true }
      let answer = await send(first)
      if (answer.errcode === WECHAT_ERR.INVALID_CREDENTIAL || answer.errcode === WECHAT_ERR.ACCESS_TOKEN_EXPIRED) {
        // The cached token was revoked or ran out early: fetch a new one, once.
        const fresh = await token(true)
        if (fresh === null) return { ok: false, errcode: null, errmsg: 'access_token unavailable', retryable: true }
        answer = await send(fresh)
      }
      if (answer.errcode === 0 || answer.errcode === undefined) {
        return { ok: true, msgid: typeof (answer as { msgid?: unknown }).msgid === 'number' ? (answer as { msgid: number }).msgid : null }
      }
      const errcode = answer.errcode ?? null
      const retryable =
        errcode === null ||
        errcode === WECHAT_ERR.SYSTEM_BUSY ||
        errcode === WECHAT_ERR.QUOTA_REACHED ||
        errcode === WECHAT_ERR.INVALID_CREDENTIAL ||
        errcode === WECHAT_ERR.ACCESS_TOKEN_EXPIRED
      return { ok: false, errcode, errmsg: String(answer.errmsg ?? ''), retryable }
    },

    async exchangeLoginCode(code) {
      const query = new URLSearchParams({
        appid: options.appId,
        secret: options.secret,
        js_code: code,
        grant_type: 'authorization_code',
      })
      const body = await call<ErrPayload & { openid?: string; session_key?: string; unionid?: string }>(
        `/sns/jscode2session?${query}`,
      )
      if ((body.errcode !== undefined && body.errcode !== 0) || !body.openid || !body.session_key) {
        throw wechatErrorToAppError(body.errcode ?? -1)
      }
      return { openid: body.openid, unionid: body.unionid ?? null, sessionKey: body.session_key }
    },

    async exchangePhoneCode(code) {
      type PhoneAnswer = ErrPayload & { phone_info?: { purePhoneNumber?: string; countryCode?: string } }
      const ask = async (token: string) =>
        call<PhoneAnswer>(`/wxa/business/getuserphonenumber?access_token=${encodeURIComponent(token)}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ code }),
        })
      let body = await ask(await getAccessToken(false))
      if (body.errcode === WECHAT_ERR.INVALID_CREDENTIAL || body.errcode === WECHAT_ERR.ACCESS_TOKEN_EXPIRED) {
        body = await ask(await getAccessToken(true)) // the cached token was revoked: fetch a new one once
      }
      const info = body.phone_info
      if ((body.errcode !== undefined && body.errcode !== 0) || !info?.purePhoneNumber) {
        if (body.errcode === WECHAT_ERR.INVALID_CODE) {
          throw new AppError(400, 'WECHAT_CODE_INVALID', '获取手机号的凭证已失效，请再点一次“绑定手机号”')
        }
        throw wechatErrorToAppError(body.errcode ?? -1)
      }
      return { purePhoneNumber: info.purePhoneNumber, countryCode: info.countryCode ?? '86' }
    },
  }
}
