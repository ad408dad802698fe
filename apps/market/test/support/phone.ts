// The simulated phone's WeChat pieces the market needs beyond the harness's defaults, wired to
// the real API and its WeChat sandbox.
import { forwardTo, launchApp, type LaunchOptions, type SimApp } from '@tianyuan/sim'
import type { MarketApi } from './market-api'
import { confirmInCashier } from './sandbox'

export const BUYER_USER = '李大姐'

type WxOptions = Record<string, unknown> & { success?: (r: unknown) => void; fail?: (r: unknown) => void; complete?: (r: unknown) => void }

/**
 * Launches the app against the API: requests forwarded to it, wx.login codes from the sandbox
 * for the buyer, wx.requestPayment answered by the sandbox cashier's 确认支付 (so WeChat's side
 * really records the payment), and an IntersectionObserver that never reports (photos stay on
 * their placeholders: jsdom has no layout). `fetch` may wrap the forwarder (to drop answers).
 */
export async function launchMarket(api: MarketApi, options: Omit<LaunchOptions, 'dist'> & { dist: string }): Promise<SimApp> {
  const sim = await launchApp({ fetch: forwardTo(api.url), ...options })
  sim.wx.setLoginCodes(() => api.loginCode(BUYER_USER))
  sim.wx.provide('requestPayment', (opts?: WxOptions) => {
    const { success, fail, complete, ...params } = opts ?? {}
    void confirmInCashier(api.url, params).then((errMsg) => {
      const result = { errMsg }
      if (errMsg === 'requestPayment:ok') success?.(result)
      else fail?.(result)
      complete?.(result)
    })
  })
  sim.wx.provide('createIntersectionObserver', () => {
    const observer = { relativeTo: () => observer, relativeToViewport: () => observer, observe: () => undefined, disconnect: () => undefined }
    return observer
  })
  return sim
}
