import type { RequestPaymentParams } from '@tianyuan/contracts'
import { createLogger } from '../platform/logging'
import type { TestDatabase } from './databases'
import { createHarness, removeMediaDir, type Harness } from './harness'

/**
 * Setup shared by the suites that pay through the payments module against the in-process WeChat
 * sandbox (../modules/market/payments.test.ts, ../modules/clinic/payments.test.ts).
 */

export const silent = createLogger({ level: 'silent' })

/** Waits for a condition by polling (bounded), never for a fixed time. */
export async function until(what: string, probe: () => Promise<boolean>, timeoutMs = 8000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 20))
  }
}

/**
 * A harness over a fresh database for the enclosing describe (made in beforeAll, dropped in afterAll),
 * read through `.h` once beforeAll has run. The sandbox keeps real time (its payments expire by the
 * wall clock): so does the harness's clock, until a test moves it.
 */
export function useSandboxHarness(fresh: () => Promise<TestDatabase>): { readonly h: Harness } {
  let database: TestDatabase
  let h: Harness
  beforeAll(async () => {
    database = await fresh()
    h = await createHarness(database)
    h.clock.t = Date.now()
  })
  afterAll(async () => {
    await h.close()
    removeMediaDir(h)
    await database.drop()
  })
  return {
    get h() {
      return h
    },
  }
}

/** Confirms a payment at the sandbox's cashier, as the mini program's wx.requestPayment would; WeChat's errMsg. */
export async function payAtCashier(h: Harness, params: RequestPaymentParams): Promise<string> {
  const prepayId = params.package.replace(/^prepay_id=/, '')
  const res = await h.sandbox.fetch(
    new Request(`http://sandbox.test/sandbox/cashier/${prepayId}/confirm`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(params) }),
  )
  return ((await res.json()) as { errMsg: string }).errMsg
}
