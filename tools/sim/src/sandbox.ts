// Being a villager's WeChat against the real API's in-process WeChat sandbox
// (tools/wechat-sandbox, mounted at /wechat-sandbox), over HTTP as a phone would: login codes
// and the cashier's 确认支付. Plain fetch and nothing of the simulator, so browser suites (Node,
// no jsdom) import this file alone as `@tianyuan/sim/sandbox`.
//
// `origin` may carry a path or a trailing slash (the e2e base URL, http://127.0.0.1:4000/):
// only its origin is used.

async function answer<T>(what: string, res: Response): Promise<T> {
  const text = await res.text()
  if (!res.ok) throw new Error(`${what}: ${res.status} ${text}`)
  return JSON.parse(text) as T
}

/** A fresh single-use wx.login code for this sandbox user (the API exchanges it with jscode2session). */
export async function sandboxLoginCode(origin: string, user: string): Promise<string> {
  const res = await fetch(new URL('/wechat-sandbox/sandbox/login', origin), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ user }) })
  return (await answer<{ code: string }>('sandbox login', res)).code
}

/** An API session token for this sandbox user: the same user a phone logging in as `user` becomes. */
export async function signIn(origin: string, user: string): Promise<string> {
  const code = await sandboxLoginCode(origin, user)
  const res = await fetch(new URL('/api/auth/login', origin), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code }) })
  return (await answer<{ token: string }>('login', res)).token
}

/**
 * What the sandbox cashier's 确认支付 button does, for the params a phone hands to
 * wx.requestPayment (POST /api/payments gives them) → WeChat's errMsg ('requestPayment:ok' when
 * paid). The sandbox checks the paySign and then notifies the API, as WeChat Pay would.
 */
export async function confirmInCashier(origin: string, params: Record<string, unknown>): Promise<string> {
  const prepayId = /^prepay_id=(.+)$/.exec(String(params.package))?.[1] ?? ''
  const res = await fetch(new URL(`/wechat-sandbox/sandbox/cashier/${encodeURIComponent(prepayId)}/confirm`, origin), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(params),
  })
  // Refusals (a bad paySign, an expired prepay_id) are answers too: 200 with a failing errMsg.
  return String(((await res.json()) as { errMsg?: unknown }).errMsg)
}

/**
 * What a villager's answer on wx.requestSubscribeMessage's sheet does: records it at the sandbox
 * (POST /sandbox/subscribe/request) and returns WeChat's result — `{errMsg: 'requestSubscribeMessage:ok',
 * <templateId>: 'accept' | 'reject'}`, or `{errMsg: 'requestSubscribeMessage:fail …', errCode}`
 * (more than 3 templates, an unknown one). Each accept is one message the API may send later.
 */
export async function answerSubscribeSheet(origin: string, user: string, tmplIds: unknown, decide: (templateId: string) => 'accept' | 'reject'): Promise<Record<string, unknown>> {
  const ids = Array.isArray(tmplIds) ? tmplIds : []
  const answers = Object.fromEntries(ids.filter((id): id is string => typeof id === 'string').map((id) => [id, decide(id)]))
  const res = await fetch(new URL('/wechat-sandbox/sandbox/subscribe/request', origin), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ user, tmplIds, answers }),
  })
  const result = await answer<{ errMsg: string; errCode?: number; answers?: Record<string, string> }>('sandbox subscribe', res)
  return result.answers ? { errMsg: result.errMsg, ...result.answers } : { errMsg: result.errMsg, errCode: result.errCode }
}

/** A sandbox user's 服务通知 (newest first) and the one-time grants they have left. */
export async function sandboxInbox(origin: string, user: string): Promise<{ grants: Record<string, number>; messages: Array<{ title: string; page: string | null; templateId: string; lines: Array<{ name: string; label: string; value: string }> }> }> {
  const res = await fetch(new URL(`/wechat-sandbox/sandbox/subscribe/messages?user=${encodeURIComponent(user)}`, origin))
  return answer('sandbox inbox', res)
}
