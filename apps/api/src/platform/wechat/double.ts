import { randomBytes } from 'node:crypto'
import { Hono } from 'hono'
import type { Fetch } from './client'

/**
 * A stand-in for WeChat's server, for tests and the benchmark until the WeChat sandbox (its own
 * issue) exists. It speaks the same HTTP interface as api.weixin.qq.com for the calls the API makes:
 *   GET  /sns/jscode2session?appid&secret&js_code&grant_type=authorization_code
 *   GET  /cgi-bin/token?grant_type=client_credential&appid&secret
 *   POST /wxa/business/getuserphonenumber?access_token=…  {code}
 * Codes are single use, like WeChat's. Hand `double.fetch` to the API's WeChat client, or
 * serve `double.app` on a port.
 */
export interface WeChatDouble {
  app: Hono
  fetch: Fetch
  /** A fresh wx.login code for this openid; `errcode` makes the exchange fail with it instead. */
  issueLoginCode(openid: string, options?: { errcode?: number; unionid?: string }): string
  /** A fresh getPhoneNumber code for this number. */
  issuePhoneCode(purePhoneNumber: string): string
  /** Makes every currently cached access token invalid (WeChat's 40001 on the next call). */
  revokeAccessTokens(): void
  /** Delays every answer by this many ms (to keep a request in flight). */
  setDelay(ms: number): void
  /** session_key values handed out so far: tests check none of them leaks. */
  readonly issuedSessionKeys: string[]
  readonly calls: { jscode2session: number; token: number; phone: number }
}

export function createWeChatDouble(options: { appId: string; secret: string }): WeChatDouble {
  const loginCodes = new Map<string, { openid: string; errcode?: number; unionid?: string }>()
  const phoneCodes = new Map<string, string>()
  const accessTokens = new Set<string>()
  const issuedSessionKeys: string[] = []
  const calls = { jscode2session: 0, token: 0, phone: 0 }
  let delayMs = 0
  const app = new Hono()
  const pause = () => (delayMs > 0 ? new Promise((r) => setTimeout(r, delayMs)) : Promise.resolve())
  const err = (errcode: number, errmsg: string) => ({ errcode, errmsg })

  app.get('/sns/jscode2session', async (c) => {
    calls.jscode2session++
    await pause()
    const q = c.req.query()
    if (q.appid !== options.appId) return c.json(err(40013, 'invalid appid'))
    if (q.secret !== options.secret) return c.json(err(40125, 'invalid appsecret'))
    if (q.grant_type !== 'authorization_code') return c.json(err(40002, 'invalid grant_type'))
    const entry = q.js_code ? loginCodes.get(q.js_code) : undefined
    if (!entry || !q.js_code) return c.json(err(40029, 'invalid code'))
    loginCodes.delete(q.js_code) // single use
    if (entry.errcode) return c.json(err(entry.errcode, 'error'))
    const sessionKey = randomBytes(16).toString('base64')
    issuedSessionKeys.push(sessionKey)
    // WeChat really does answer with text/plain.
    return c.text(JSON.stringify({ openid: entry.openid, session_key: sessionKey, ...(entry.unionid ? { unionid: entry.unionid } : {}) }))
  })

  app.get('/cgi-bin/token', async (c) => {
    calls.token++
    await pause()
    const q = c.req.query()
    if (q.grant_type !== 'client_credential') return c.json(err(40002, 'invalid grant_type'))
    if (q.appid !== options.appId || q.secret !== options.secret) return c.json(err(40125, 'invalid appsecret'))
    const token = randomBytes(24).toString('hex')
    accessTokens.add(token)
    return c.json({ access_token: token, expires_in: 7200 })
  })

  app.post('/wxa/business/getuserphonenumber', async (c) => {
    calls.phone++
    await pause()
    const token = c.req.query('access_token')
    if (!token || !accessTokens.has(token)) return c.json(err(40001, 'invalid credential, access_token is invalid or not latest'))
    const body = (await c.req.json().catch(() => ({}))) as { code?: unknown }
    const phone = typeof body.code === 'string' ? phoneCodes.get(body.code) : undefined
    if (!phone || typeof body.code !== 'string') return c.json(err(40029, 'invalid code'))
    phoneCodes.delete(body.code)
    return c.json({
      errcode: 0,
      errmsg: 'ok',
      phone_info: {
        phoneNumber: phone,
        purePhoneNumber: phone,
        countryCode: '86',
        watermark: { timestamp: Math.floor(Date.now() / 1000), appid: options.appId },
      },
    })
  })

  return {
    app,
    fetch: (input, init) => Promise.resolve(app.fetch(new Request(input, init))),
    issueLoginCode(openid, opts = {}) {
      const code = `wxcode_${randomBytes(12).toString('hex')}`
      loginCodes.set(code, { openid, ...opts })
      return code
    },
    issuePhoneCode(phone) {
      const code = `phonecode_${randomBytes(12).toString('hex')}`
      phoneCodes.set(code, phone)
      return code
    },
    revokeAccessTokens: () => accessTokens.clear(),
    setDelay: (ms) => {
      delayMs = ms
    },
    issuedSessionKeys,
    calls,
  }
}
