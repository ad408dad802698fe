// A small in-memory stand-in for apps/api, for the auth and payment suites (not shipped:
// nothing in index.ts imports it). It keeps the API's rules that matter to the SDK: single-use
// login codes, bearer sessions that can expire, Idempotency-Key replays, payments per order.
import type { FakeHandler, FakeReply, FakeRequest } from './platform/fake'
import type { Payment } from '@tianyuan/contracts/types'

const user = (id: string, nickname: string | null = null) => ({ id, nickname, avatarMediaId: null, phone: null, createdAt: '2026-11-28T12:00:00+08:00' })

export interface TestApi {
  handler: FakeHandler
  /** Issues a single-use code for `user`, as wx.login would. */
  code(userName?: string): string
  /** Makes every current session expire (the next use answers 401 SESSION_EXPIRED). */
  expireSessions(): void
  /** Counts of requests by "METHOD /path" (query dropped). */
  count(route: string): number
  payments: Map<string, Payment & { key: string }>
  /** Marks a payment paid, as WeChat's notification would. */
  markPaid(id: string): void
  /** Login answers this error instead, once per entry. */
  loginErrors: FakeReply[]
  nickname: Map<string, string>
}

export function createTestApi(): TestApi {
  const codes = new Map<string, string>()
  const sessions = new Map<string, string>()
  const stored = new Map<string, FakeReply>()
  const counts = new Map<string, number>()
  const payments = new Map<string, Payment & { key: string }>()
  const nickname = new Map<string, string>()
  const loginErrors: FakeReply[] = []
  let seq = 0

  const error = (status: number, code: string, message: string): FakeReply => ({ status, body: { code, message } })
  const route = (req: FakeRequest) => `${req.method} ${req.path.replace(/\?.*$/, '').replace(/^\/api/, '')}`

  const handler: FakeHandler = (req) => {
    const r = route(req)
    counts.set(r, (counts.get(r) ?? 0) + 1)
    if (r === 'POST /auth/login') {
      const failure = loginErrors.shift()
      if (failure) return failure
      const { code } = req.json() as { code: string }
      const who = codes.get(code)
      if (!who) return error(400, 'WECHAT_CODE_INVALID', '微信登录凭证无效或已过期，请重新登录')
      codes.delete(code)
      const token = `token-${++seq}`
      sessions.set(token, who)
      return { body: { token, expiresAt: '2026-12-28T12:00:00+08:00', user: user(who, nickname.get(who) ?? null) } }
    }
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1]
    if (!token) return error(401, 'UNAUTHENTICATED', '请先登录')
    const who = sessions.get(token)
    if (!who) return error(401, 'SESSION_EXPIRED', '登录已过期，请重新登录')

    const key = req.headers['idempotency-key']
    const replay = key ? stored.get(`${who} ${key}`) : undefined
    if (replay) return replay
    const answer = (reply: FakeReply) => {
      if (key) stored.set(`${who} ${key}`, reply)
      return reply
    }

    if (r === 'POST /auth/logout') {
      sessions.delete(token)
      return { body: { ok: true } }
    }
    if (r === 'GET /me') return { body: { user: user(who, nickname.get(who) ?? null) } }
    if (r === 'PATCH /me') {
      nickname.set(who, (req.json() as { nickname: string }).nickname)
      return answer({ body: { user: user(who, nickname.get(who) ?? null) } })
    }
    if (r === 'POST /payments') {
      const { kind, orderId } = req.json() as { kind: string; orderId: string }
      const id = `pay-${++seq}`
      const payment: Payment & { key: string } = {
        ...{ id, kind, orderId, status: 'pending', amountFen: 1250, refundedFen: 0, description: '土鸡蛋 30 枚' },
        ...{ createdAt: '2026-11-28T12:00:00+08:00', expiresAt: '2026-11-28T14:00:00+08:00', key: key ?? '' },
      }
      payments.set(id, payment)
      const { key: _key, ...shown } = payment
      return answer({
        status: 201,
        body: { payment: shown, requestPayment: { timeStamp: '1764316800', nonceStr: 'n', package: `prepay_id=wx${id}`, signType: 'RSA', paySign: 'sig' } },
      })
    }
    const get = /^GET \/payments\/(.+)$/.exec(r)
    if (get) {
      const payment = payments.get(decodeURIComponent(get[1] ?? ''))
      if (!payment) return error(404, 'NOT_FOUND', '没有找到这笔支付')
      const { key: _key, ...shown } = payment
      return { body: { payment: shown } }
    }
    return error(404, 'NOT_FOUND', '没有这个接口')
  }

  return {
    handler,
    code(userName = '张大爷') {
      const code = `code-${++seq}`
      codes.set(code, userName)
      return code
    },
    expireSessions: () => sessions.clear(),
    count: (r) => counts.get(r) ?? 0,
    payments,
    markPaid(id) {
      const payment = payments.get(id)
      if (payment) payment.status = 'paid'
    },
    loginErrors,
    nickname,
  }
}
