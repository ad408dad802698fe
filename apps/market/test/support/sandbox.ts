// Logging in as a villager through the in-process WeChat sandbox, as a phone would. `origin`
// may carry a path or a trailing slash (the e2e base URL): only its origin is used.

/** A fresh single-use wx.login code for this sandbox user (the API exchanges it with jscode2session). */
export async function sandboxLoginCode(origin: string, user: string): Promise<string> {
  const res = await fetch(new URL('/wechat-sandbox/sandbox/login', origin), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ user }) })
  return ((await res.json()) as { code: string }).code
}

/** An API session token for this sandbox user. */
export async function signIn(origin: string, user: string): Promise<string> {
  const code = await sandboxLoginCode(origin, user)
  const res = await fetch(new URL('/api/auth/login', origin), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code }) })
  if (!res.ok) throw new Error(`login ${res.status}: ${await res.text()}`)
  return ((await res.json()) as { token: string }).token
}

/** What the sandbox cashier's 确认支付 button does, for a phone's requestPayment params → WeChat's errMsg. */
export async function confirmInCashier(origin: string, params: Record<string, unknown>): Promise<string> {
  const prepayId = /^prepay_id=(.+)$/.exec(String(params.package))?.[1] ?? ''
  const res = await fetch(new URL(`/wechat-sandbox/sandbox/cashier/${encodeURIComponent(prepayId)}/confirm`, origin), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(params),
  })
  return String(((await res.json()) as { errMsg?: unknown }).errMsg)
}
