// A simulated phone whose WeChat is the real API's in-process sandbox: wx.login hands out the
// sandbox's codes for one villager, wx.requestPayment is answered by the sandbox cashier (so
// WeChat's side really records the payment and notifies the API), and requests go to the API
// over loopback. What every app's journeys against the real API need beyond the harness.
import { answerAsync, WxFailure, type WxCallbacks } from './callbacks'
import type { SimWx } from './fake-wx'
import { launchApp, type LaunchOptions, type SimApp } from './mini-program'
import { forwardTo } from './requests'
import { answerSubscribeSheet, confirmInCashier, sandboxLoginCode } from './sandbox'

/**
 * From now on wx.login gives a fresh sandbox code for `user` (`sim.wx.setLoginCodes` again to
 * become someone else), and wx.requestPayment presses the sandbox cashier's 确认支付: it
 * succeeds exactly when the sandbox accepts the params (paySign, prepay_id still valid, not paid
 * yet), and fails with the sandbox's errMsg otherwise — through callbacks, or the Promise WeChat
 * returns when there are none. `wx.payments` does not record these (that log belongs to
 * setPaymentOutcome's fake).
 */
export function wireSandbox(wx: SimWx, origin: string, user: string, options: { subscribeAnswer?: (templateId: string) => 'accept' | 'reject' } = {}): void {
  wx.setLoginCodes(() => sandboxLoginCode(origin, user))
  // wx.requestSubscribeMessage: the villager answers the sheet (允许 for every template unless told
  // otherwise) and WeChat — the sandbox — records each accept as one message the API may send.
  const subscribeAnswer = options.subscribeAnswer ?? (() => 'accept')
  wx.provide('requestSubscribeMessage', (opts?: WxCallbacks & { tmplIds?: unknown }) =>
    answerAsync('requestSubscribeMessage', opts, async () => {
      const result = await answerSubscribeSheet(origin, user, opts?.tmplIds, subscribeAnswer)
      const { errMsg, ...rest } = result
      if (errMsg !== 'requestSubscribeMessage:ok') throw new WxFailure(String(errMsg).replace(/^requestSubscribeMessage:fail ?/, ''), rest)
      return rest
    }),
  )
  wx.provide('requestPayment', (opts?: WxCallbacks & Record<string, unknown>) =>
    answerAsync('requestPayment', opts, async () => {
      const params = Object.fromEntries(Object.entries(opts ?? {}).filter(([, v]) => typeof v !== 'function'))
      const errMsg = await confirmInCashier(origin, params)
      if (errMsg !== 'requestPayment:ok') throw new WxFailure(errMsg.replace(/^requestPayment:fail ?/, ''))
      return {}
    }),
  )
}

/**
 * wx.createIntersectionObserver whose observers never report: jsdom has no layout, so nothing is
 * ever in view, and lazy images (NetImage) stay on their placeholders instead of loading.
 */
export function provideSilentIntersectionObserver(wx: SimWx): void {
  wx.provide('createIntersectionObserver', () => {
    const observer = { relativeTo: () => observer, relativeToViewport: () => observer, observe: () => undefined, disconnect: () => undefined }
    return observer
  })
}

export type SandboxLaunchOptions = LaunchOptions & {
  /** The sandbox villager wx.login logs in as (the API's user for that name). */
  user: string
  /** How the villager answers wx.requestSubscribeMessage, per template id. Default: 允许 (accept) every one. */
  subscribeAnswer?: (templateId: string) => 'accept' | 'reject'
}

/**
 * launchApp against the API at `origin` (http://127.0.0.1:<port>): requests forwarded to it
 * (`options.fetch` replaces that, e.g. a wrapper around `forwardTo(origin)` that drops answers),
 * the sandbox wired for `options.user` and observers that never report — both in place before
 * the first page renders; `options.prepareWx` runs after them.
 */
export function launchWithSandbox(origin: string, options: SandboxLaunchOptions): Promise<SimApp> {
  const { user, prepareWx, subscribeAnswer, ...launch } = options
  return launchApp({
    fetch: forwardTo(origin),
    ...launch,
    prepareWx: (wx) => {
      wireSandbox(wx, origin, user, { subscribeAnswer })
      provideSilentIntersectionObserver(wx)
      prepareWx?.(wx)
    },
  })
}
