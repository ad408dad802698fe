// wx.login codes, jscode2session, access tokens and phone-number codes, answering as
// api.weixin.qq.com does: HTTP 200 with either the data or {errcode, errmsg}.
import crypto from 'node:crypto'
import { randomHex, randomString, sha256 } from './crypto'

export const CODE_TTL_MS = 5 * 60_000
export const ACCESS_TOKEN_TTL_S = 7200
export const LOGIN_LIMIT_PER_USER_PER_MINUTE = 100

export interface WechatError {
  errcode: number
  errmsg: string
}

const rid = () => `rid: ${randomHex(4).toLowerCase()}-${randomHex(4).toLowerCase()}-${randomHex(4).toLowerCase()}`
const error = (errcode: number, message: string): WechatError => ({ errcode, errmsg: `${message}, ${rid()}` })

export const ERRORS = {
  invalidAppid: () => error(40013, 'invalid appid'),
  invalidSecret: () => error(40125, 'invalid appsecret'),
  invalidGrantType: () => error(40002, 'invalid grant_type'),
  invalidCode: () => error(40029, 'invalid code'),
  // WeChat answers a second use of a code with 40163, not 40029.
  usedCode: () => error(40163, 'code been used'),
  rateLimited: () => error(45011, 'api minute-quota reach limit  mustslower  retry next minute'),
  invalidCredential: () => error(40001, 'invalid credential, access_token is invalid or not latest'),
  expiredToken: () => error(42001, 'access_token expired'),
  missingCode: () => error(41008, 'missing code'),
}

interface IssuedCode {
  user: string
  expiresAt: number
  usedAt?: number
}

const base64url = (b: Buffer) => b.toString('base64url')

export interface LoginOptions {
  appId: string
  appSecret: string
  now: () => number
  /** Include unionid in jscode2session answers (as when the app is bound to an Open Platform account). Default true. */
  unionId: boolean
  /** How long an access token lives, in seconds. Default 7200 (WeChat's); tests shorten it. */
  accessTokenTtlS?: number
}

export class LoginService {
  private readonly codes = new Map<string, IssuedCode>()
  private readonly phoneCodes = new Map<string, IssuedCode & { phone: string }>()
  private readonly phones = new Map<string, string>()
  private readonly exchanges = new Map<string, number[]>()
  private readonly tokens = new Map<string, number>()
  /** Test users seen (a login or phone code was issued for them), by openid: WeChat knows their openid. */
  private readonly users = new Map<string, string>()

  constructor(private readonly o: LoginOptions) {}

  /** The openid a test user has in this app: stable across runs, 28 characters like WeChat's. */
  openidOf(user: string): string {
    return 'o' + base64url(sha256(`openid\n${this.o.appId}\n${user}`)).slice(0, 27)
  }

  unionidOf(user: string): string {
    return 'o' + base64url(sha256(`unionid\n${user}`)).slice(0, 27)
  }

  /** The phone number a test user has, unless one was given when minting a phone code. */
  phoneOf(user: string): string {
    const known = this.phones.get(user)
    if (known) return known
    const digits = sha256(`phone\n${user}`).readUInt32BE(0) % 1_000_000_000
    return '13' + String(digits).padStart(9, '0')
  }

  issueLoginCode(user: string): { code: string; expiresAt: number } {
    this.sweep()
    this.users.set(this.openidOf(user), user)
    const code = randomString(32)
    const expiresAt = this.o.now() + CODE_TTL_MS
    this.codes.set(code, { user, expiresAt })
    return { code, expiresAt }
  }

  issuePhoneCode(user: string, phone?: string): { code: string; expiresAt: number } {
    this.sweep()
    this.users.set(this.openidOf(user), user)
    if (phone) this.phones.set(user, phone)
    const code = randomString(64, '0123456789abcdef')
    const expiresAt = this.o.now() + CODE_TTL_MS
    this.phoneCodes.set(code, { user, expiresAt, phone: this.phoneOf(user) })
    return { code, expiresAt }
  }

  jscode2session(q: Record<string, string | undefined>): WechatError | { openid: string; session_key: string; unionid?: string } {
    if (q.appid !== this.o.appId) return ERRORS.invalidAppid()
    if (q.secret !== this.o.appSecret) return ERRORS.invalidSecret()
    if (q.grant_type !== 'authorization_code') return ERRORS.invalidGrantType()
    if (!q.js_code) return ERRORS.invalidCode()
    const issued = this.codes.get(q.js_code)
    const now = this.o.now()
    if (!issued || issued.expiresAt <= now) return ERRORS.invalidCode()
    const recent = (this.exchanges.get(issued.user) ?? []).filter((t) => t > now - 60_000)
    if (recent.length >= LOGIN_LIMIT_PER_USER_PER_MINUTE) {
      this.exchanges.set(issued.user, recent)
      return ERRORS.rateLimited()
    }
    recent.push(now)
    this.exchanges.set(issued.user, recent)
    if (issued.usedAt !== undefined) return ERRORS.usedCode()
    issued.usedAt = now
    return {
      openid: this.openidOf(issued.user),
      session_key: crypto.randomBytes(16).toString('base64'),
      ...(this.o.unionId ? { unionid: this.unionidOf(issued.user) } : {}),
    }
  }

  accessToken(q: Record<string, string | undefined>): WechatError | { access_token: string; expires_in: number } {
    if (q.grant_type !== 'client_credential') return ERRORS.invalidGrantType()
    if (q.appid !== this.o.appId) return ERRORS.invalidAppid()
    if (q.secret !== this.o.appSecret) return ERRORS.invalidSecret()
    const token = randomString(136, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-')
    const ttl = this.o.accessTokenTtlS ?? ACCESS_TOKEN_TTL_S
    this.tokens.set(token, this.o.now() + ttl * 1000)
    return { access_token: token, expires_in: ttl }
  }

  /** null for a live access token; 40001 for one never issued, 42001 for one past its time. */
  checkToken(accessToken: string | undefined): WechatError | null {
    const expiresAt = accessToken ? this.tokens.get(accessToken) : undefined
    if (expiresAt === undefined) return ERRORS.invalidCredential()
    if (expiresAt <= this.o.now()) return ERRORS.expiredToken()
    return null
  }

  /** Test control: every access token issued so far is past its time (the next call answers 42001). */
  expireAccessTokens(): void {
    const past = this.o.now()
    for (const token of this.tokens.keys()) this.tokens.set(token, past)
  }

  /** The test user an openid belongs to, if WeChat has seen them. */
  userOf(openid: string): string | null {
    return this.users.get(openid) ?? null
  }

  getUserPhoneNumber(accessToken: string | undefined, code: unknown):
    | WechatError
    | { errcode: 0; errmsg: 'ok'; phone_info: { phoneNumber: string; purePhoneNumber: string; countryCode: string; watermark: { timestamp: number; appid: string } } } {
    const tokenProblem = this.checkToken(accessToken)
    if (tokenProblem) return tokenProblem
    const now = this.o.now()
    if (typeof code !== 'string' || code === '') return ERRORS.missingCode()
    const issued = this.phoneCodes.get(code)
    if (!issued || issued.expiresAt <= now || issued.usedAt !== undefined) return ERRORS.invalidCode()
    issued.usedAt = now
    return {
      errcode: 0,
      errmsg: 'ok',
      phone_info: {
        phoneNumber: issued.phone,
        purePhoneNumber: issued.phone,
        countryCode: '86',
        watermark: { timestamp: Math.floor(now / 1000), appid: this.o.appId },
      },
    }
  }

  /** Forgets codes that expired more than a minute ago, so the maps stay small. */
  private sweep(): void {
    const cutoff = this.o.now() - 60_000
    for (const [k, v] of this.codes) if (v.expiresAt < cutoff) this.codes.delete(k)
    for (const [k, v] of this.phoneCodes) if (v.expiresAt < cutoff) this.phoneCodes.delete(k)
    // An expired token is remembered for a day, so that it answers 42001 (expired), not 40001.
    for (const [k, v] of this.tokens) if (v < cutoff - 86_400_000) this.tokens.delete(k)
  }
}
