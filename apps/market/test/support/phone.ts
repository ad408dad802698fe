// The simulated phone for the market's suites: the harness's sandbox phone (requests to the
// real API, its WeChat sandbox for login and payment), logged in as the buyer.
import { launchWithSandbox, type LaunchOptions, type SimApp } from '@tianyuan/sim'
import type { MarketApi } from './market-api'

export const BUYER_USER = '李大姐'

/**
 * Launches the app against the API with wx.login as the buyer (a test becomes someone else with
 * `sim.wx.setLoginCodes(() => api.loginCode(name))`); `fetch` may wrap the forwarder (to drop answers).
 */
export function launchMarket(api: MarketApi, options: LaunchOptions): Promise<SimApp> {
  return launchWithSandbox(api.url, { user: BUYER_USER, ...options })
}
