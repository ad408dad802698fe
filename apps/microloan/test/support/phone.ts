// The simulated phone for the microloan's suites: the harness's sandbox phone (requests to the
// real API, its WeChat sandbox for login and payment), plus what the loans need of WeChat besides:
// the getPhoneNumber button's code and wx.requestMerchantTransfer (收款), both answered by the
// sandbox as WeChat would.
import path from 'node:path'
import { launchWithSandbox, type LaunchOptions, type SimApp, type SimWx } from '@tianyuan/sim'
import type { MicroloanApi } from './microloan-api'

/** The borrower the phone logs in as by default. */
export const BORROWER = '王大伯'

/** The compiled app the suites run (`node scripts/build.mjs weapp microloan`). */
export const MICROLOAN_DIST = path.resolve(__dirname, '../../dist/weapp')

export type MicroloanLaunchOptions = Omit<LaunchOptions, 'dist'> & { dist?: string; user?: string }

type Callbacks = { success?: (r: unknown) => void; fail?: (r: unknown) => void; complete?: (r: unknown) => void }

/** wx.requestMerchantTransfer: the sandbox's 确认收款 for the bill's package (WeChat's errMsg back). */
export function provideMerchantTransfer(wx: SimWx, origin: string, decision: 'confirm' | 'cancel' = 'confirm'): void {
  wx.provide('requestMerchantTransfer', (opts?: Callbacks & Record<string, unknown>) => {
    const input = { mchId: opts?.mchId, appId: opts?.appId, package: opts?.package }
    void fetch(`${origin}/wechat-sandbox/sandbox/transfer/${decision}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(input) })
      .then((res) => res.json() as Promise<{ errMsg: string }>)
      .then(({ errMsg }) => {
        const result = { errMsg }
        if (/:ok$/.test(errMsg)) opts?.success?.(result)
        else opts?.fail?.(result)
        opts?.complete?.(result)
      })
  })
}

/** Launches the app against the API; `fetch` may wrap the forwarder (to drop answers). */
export function launchMicroloan(api: Pick<MicroloanApi, 'url'>, options: MicroloanLaunchOptions = {}): Promise<SimApp> {
  const { dist = MICROLOAN_DIST, user = BORROWER, prepareWx, ...launch } = options
  return launchWithSandbox(api.url, {
    ...launch,
    dist,
    user,
    prepareWx: (wx) => {
      provideMerchantTransfer(wx, api.url)
      prepareWx?.(wx)
    },
  })
}

/** A getPhoneNumber code for `user` from the sandbox (what the button's `detail.code` carries). */
export async function phoneCode(api: Pick<MicroloanApi, 'url'>, user: string, phoneNumber = '13912345678'): Promise<string> {
  const res = await fetch(`${api.url}/wechat-sandbox/sandbox/phone-code`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ user, phoneNumber }) })
  return ((await res.json()) as { code: string }).code
}

/** Taps 微信一键登录 once the page's SignInGate offers it (it first reads the stored session). */
export async function signInOn(page: SimApp['page']): Promise<void> {
  await page.waitFor(() => page.has('#sign-in-button'))
  await page.tap('#sign-in-button')
}

/** Signs in if the page asks, else goes on once `selector` shows (the app's modules keep the session within a file). */
export async function signInIfAsked(page: SimApp['page'], selector: string): Promise<void> {
  await page.waitFor(() => page.has('#sign-in-button') || page.has(selector))
  if (page.has('#sign-in-button')) await page.tap('#sign-in-button')
}
