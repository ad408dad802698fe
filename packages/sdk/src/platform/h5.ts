/**
 * The H5 preview's platform: everything from a base adapter (Taro's, on H5) except login
 * and payment, which an ordinary browser has neither of. They go to the wechat-sandbox,
 * the local stand-in for WeChat's servers that speaks the real protocols:
 *
 * - `login()` asks `POST <sandboxBase>/sandbox/login {user}` for a `wx.login`-style code,
 *   for a named test user kept per browser profile (so two browsers are two villagers);
 * - `requestPayment()` opens the sandbox cashier in a sheet over the page (an iframe: the
 *   preview shows apps inside a phone-frame iframe, where a pop-up or a navigation away
 *   would lose the page) and resolves with what the cashier posts back to its parent.
 *
 * Nothing here pretends: the sandbox checks codes, signatures and the order as WeChat does.
 */
import { SdkError, USER_MESSAGES } from '../errors/sdk-error'
import { withFirstScreenData } from './first-screen-data'
import { browserSpeech } from './h5-speech'
import type { MerchantTransferParams, MerchantTransferResult, PaymentParams, PaymentSheetResult, Platform, SubscribeAnswer, SubscribeSheetResult } from './types'

/** Where the preview mounts the sandbox, on the API's origin. */
export const DEFAULT_SANDBOX_BASE = '/wechat-sandbox'
/** The test user a new browser profile logs in as. */
export const DEFAULT_SANDBOX_USER = '田园用户'
const USER_KEY = 'ty:sandbox:user'

/** WeChat's requestPayment errMsg → the platform's outcome. */
export function paymentOutcomeOf(errMsg: string): PaymentSheetResult {
  if (errMsg === 'requestPayment:ok') return { outcome: 'confirmed' }
  if (/cancel/.test(errMsg)) return { outcome: 'cancelled' }
  return { outcome: 'failed', detail: errMsg.replace(/^requestPayment:fail ?/, '') || errMsg }
}

/** WeChat's requestMerchantTransfer errMsg → the platform's outcome. */
export function transferOutcomeOf(errMsg: string): MerchantTransferResult {
  if (errMsg === 'requestMerchantTransfer:ok') return { outcome: 'confirmed' }
  if (/cancel/.test(errMsg)) return { outcome: 'cancelled' }
  return { outcome: 'failed', detail: errMsg.replace(/^requestMerchantTransfer:fail ?/, '') || errMsg }
}

/**
 * wx.requestSubscribeMessage's result as the sandbox gives it (`{errMsg, answers?, errCode?}`, or
 * WeChat's flat `{errMsg, <templateId>: answer}`) → the platform's outcome. A closed sheet is a 取消:
 * every template rejected, as WeChat answers it.
 */
export function subscribeOutcomeOf(result: Record<string, unknown>, templateIds: string[]): SubscribeSheetResult {
  const errMsg = String(result.errMsg ?? '')
  const cancelled = /cancel/.test(errMsg)
  if (errMsg !== 'requestSubscribeMessage:ok' && !cancelled) {
    return { outcome: 'failed', errCode: typeof result.errCode === 'number' ? result.errCode : null, detail: errMsg.replace(/^requestSubscribeMessage:fail ?/, '') || errMsg }
  }
  const given = (result.answers && typeof result.answers === 'object' ? result.answers : result) as Record<string, unknown>
  const answers: Record<string, SubscribeAnswer> = {}
  for (const id of templateIds) {
    const answer = given[id]
    answers[id] = !cancelled && (answer === 'accept' || answer === 'ban' || answer === 'filter') ? answer : 'reject'
  }
  return { outcome: 'answered', answers }
}

/** What the subscribe sheet is given; resolves with WeChat's result object ({errMsg, …}). */
export type SubscribeOpener = (url: string, templateIds: string[]) => Promise<Record<string, unknown>>

/** What the confirm-to-receive sheet is given; resolves with WeChat's errMsg ('requestMerchantTransfer:ok', …). */
export type TransferOpener = (url: string, params: MerchantTransferParams) => Promise<string>

/** What the cashier sheet is given; resolves with WeChat's errMsg ('requestPayment:ok', …). */
export type CashierOpener = (url: string, prepayId: string, params: PaymentParams) => Promise<string>

export interface H5PlatformOptions {
  /** Everything but login and payment (taroPlatform on H5). */
  base: Platform
  /** The sandbox's URL prefix, e.g. '/wechat-sandbox' (same origin) or 'http://127.0.0.1:3100'. */
  sandboxBase?: string
  /** Shows the cashier and waits for its answer; the default is an iframe sheet over the page. */
  openCashier?: CashierOpener
  /** Shows the sandbox's 确认收款 page and waits for its answer; the default is the same kind of sheet. */
  openTransfer?: TransferOpener
  /** Shows the sandbox's subscribe sheet (允许 / 取消) and waits for its answer; the default is the same kind of sheet. */
  openSubscribe?: SubscribeOpener
}

export interface H5Platform extends Platform {
  /** The test user this browser logs in as. */
  sandboxUser(): Promise<string>
  /** Changes it (the next login is this user). */
  setSandboxUser(name: string): Promise<void>
  /**
   * A `getPhoneNumber`-style code for that test user, issued by the sandbox: the preview has no
   * phone-number button (weapp takes the button's `detail.code`). Single use, valid 5 minutes.
   */
  sandboxPhoneCode(): Promise<string>
}

function loginFailed(message: string, cause?: unknown): SdkError {
  return new SdkError({ code: 'login_failed', userMessage: USER_MESSAGES.login_failed, message: `sandbox login: ${message}`, cause })
}

export function createH5Platform({ base, sandboxBase = DEFAULT_SANDBOX_BASE, openCashier = openCashierSheet, openTransfer = openTransferSheet, openSubscribe = openSubscribeSheet }: H5PlatformOptions): H5Platform {
  const root = sandboxBase.replace(/\/+$/, '')
  const sandboxUser = async () => (await base.getStorage(USER_KEY)) ?? DEFAULT_SANDBOX_USER
  return {
    ...base,
    // A first visit's home page: the answers the HTML's inline script fetched early, once.
    request: withFirstScreenData((req) => base.request(req)),
    // 听 in the preview: the browser's voice, when it has a zh-CN one (else the button stays hidden).
    speech: base.speech ?? browserSpeech(),
    sandboxUser,
    async setSandboxUser(name) {
      const user = name.trim()
      if (!user || user.length > 64) throw new RangeError('a sandbox user is 1-64 characters')
      await base.setStorage(USER_KEY, user)
    },
    async sandboxPhoneCode() {
      const body = JSON.stringify({ user: await sandboxUser() })
      const response = await base.request({ url: `${root}/sandbox/phone-code`, method: 'POST', headers: { 'content-type': 'application/json' }, body, timeoutMs: 15_000 }).result
      const code = (JSON.parse(response.body) as { code?: unknown }).code
      if (response.status !== 200 || typeof code !== 'string') throw new Error(`sandbox phone code: ${response.status}`)
      return code
    },
    async login() {
      const body = JSON.stringify({ user: await sandboxUser() })
      const headers = { 'content-type': 'application/json', accept: 'application/json' }
      const response = await base.request({ url: `${root}/sandbox/login`, method: 'POST', headers, body, timeoutMs: 15_000 }).result.catch((cause: unknown) => {
        throw loginFailed(String(cause), cause)
      })
      let code: unknown
      try {
        code = (JSON.parse(response.body) as { code?: unknown }).code
      } catch {
        // not JSON: reported below
      }
      if (response.status !== 200 || typeof code !== 'string') throw loginFailed(`${response.status} ${response.body.slice(0, 200)}`)
      return { code }
    },
    async requestPayment(params) {
      const prepayId = /^prepay_id=(.+)$/.exec(params.package)?.[1]
      if (!prepayId) return { outcome: 'failed', detail: 'package 格式不对' }
      const query = { prepay_id: prepayId, ...params }
      const url = `${root}/sandbox/cashier?${Object.entries(query)
        .map(([k, v]) => `${k}=${encodeURIComponent(v)}`)
        .join('&')}`
      try {
        return paymentOutcomeOf(await openCashier(url, prepayId, params))
      } catch (error) {
        return { outcome: 'failed', detail: String((error as Error)?.message ?? error) }
      }
    },
    async requestSubscribeMessage(templateIds) {
      // WeChat's own check, before any sheet: at most 3 templates per call.
      if (templateIds.length === 0 || templateIds.length > 3) return { outcome: 'failed', errCode: templateIds.length ? 20003 : 10001, detail: templateIds.length ? 'Templates count out of max bounds' : 'TmplIds can not be empty' }
      const url = `${root}/sandbox/subscribe/sheet?user=${encodeURIComponent(await sandboxUser())}&tmplIds=${encodeURIComponent(templateIds.join(','))}`
      try {
        return subscribeOutcomeOf(await openSubscribe(url, templateIds), templateIds)
      } catch (error) {
        return { outcome: 'failed', errCode: null, detail: String((error as Error)?.message ?? error) }
      }
    },
    async requestMerchantTransfer(params) {
      const query = { package: params.package, mchId: params.mchId, appId: params.appId }
      const url = `${root}/sandbox/transfer?${Object.entries(query)
        .map(([k, v]) => `${k}=${encodeURIComponent(v)}`)
        .join('&')}`
      try {
        return transferOutcomeOf(await openTransfer(url, params))
      } catch (error) {
        return { outcome: 'failed', detail: String((error as Error)?.message ?? error) }
      }
    },
  }
}

/**
 * The cashier in an iframe sheet over the page, with a close button (closing is a cancel,
 * as swiping WeChat's sheet away is). The cashier posts `{source: 'wechat-sandbox', type:
 * 'requestPayment', prepayId, errMsg}` to its parent; only a message from that frame counts.
 */
export const openCashierSheet: CashierOpener = (url, prepayId) =>
  openSandboxSheet(url, { label: '微信支付', frameTitle: '微信支付（沙箱）', type: 'requestPayment', okMsg: 'requestPayment:ok', matches: (data) => data.prepayId === undefined || data.prepayId === prepayId })

/**
 * The sandbox's 确认收款 page (wx.requestMerchantTransfer's stand-in) in the same kind of sheet: it
 * posts `{source: 'wechat-sandbox', type: 'requestMerchantTransfer', package, errMsg}`; closing is a cancel.
 */
export const openTransferSheet: TransferOpener = (url, params) =>
  openSandboxSheet(url, { label: '确认收款', frameTitle: '确认收款（沙箱）', type: 'requestMerchantTransfer', okMsg: 'requestMerchantTransfer:ok', matches: (data) => data.package === undefined || data.package === params.package })

/**
 * The sandbox's wx.requestSubscribeMessage sheet (a switch per template, 允许 / 取消) in the same kind
 * of sheet: it posts `{source: 'wechat-sandbox', type: 'requestSubscribeMessage', errMsg, result}`;
 * closing is a 取消 (every template rejected).
 */
export const openSubscribeSheet: SubscribeOpener = (url) => {
  let result: Record<string, unknown> | undefined
  return openSandboxSheet(url, {
    label: '订阅消息',
    frameTitle: '订阅消息（沙箱）',
    type: 'requestSubscribeMessage',
    okMsg: 'requestSubscribeMessage:ok',
    matches: () => true,
    onAnswer: (data) => {
      result = data.result && typeof data.result === 'object' ? (data.result as Record<string, unknown>) : undefined
    },
  }).then((errMsg) => result ?? { errMsg })
}

interface SheetSpec {
  label: string
  frameTitle: string
  type: string
  okMsg: string
  matches(data: { prepayId?: unknown; package?: unknown }): boolean
  /** Sees the whole message that answered (the subscribe sheet's carries its result). */
  onAnswer?(data: { result?: unknown }): void
}

function openSandboxSheet(url: string, spec: SheetSpec): Promise<string> {
  return new Promise<string>((resolve) => {
    const sheet = document.createElement('div')
    sheet.setAttribute('role', 'dialog')
    sheet.setAttribute('aria-label', spec.label)
    sheet.style.cssText = 'position:fixed;inset:0;z-index:2147483647;background:rgba(0,0,0,.5);display:flex;flex-direction:column;justify-content:flex-end'
    const close = document.createElement('button')
    close.type = 'button'
    close.textContent = '关闭'
    close.style.cssText = 'align-self:flex-end;min-width:88px;min-height:48px;margin:8px;font-size:18px;border:0;border-radius:8px;background:#fff'
    const frame = document.createElement('iframe')
    frame.src = url
    frame.title = spec.frameTitle
    frame.style.cssText = 'width:100%;height:80%;border:0;border-radius:12px 12px 0 0;background:#f2f2f2'
    sheet.append(close, frame)
    const finish = (errMsg: string) => {
      window.removeEventListener('message', onMessage)
      sheet.remove()
      resolve(errMsg)
    }
    const onMessage = (event: MessageEvent) => {
      const data = event.data as { source?: unknown; type?: unknown; prepayId?: unknown; package?: unknown; errMsg?: unknown } | null
      if (event.source !== frame.contentWindow || data?.source !== 'wechat-sandbox' || data.type !== spec.type) return
      if (!spec.matches(data)) return
      spec.onAnswer?.(data as { result?: unknown })
      // Let the villager read 支付成功 / 收款成功 for a moment, as WeChat's sheet does.
      if (typeof data.errMsg === 'string') setTimeout(finish, data.errMsg === spec.okMsg ? 800 : 0, data.errMsg)
    }
    close.onclick = () => finish(`${spec.type}:fail cancel`)
    window.addEventListener('message', onMessage)
    document.body.appendChild(sheet)
  })
}

/**
 * The cashier's JSON endpoints, for tests and the simulator: decides the payment the way a
 * tap on 确认支付 / 取消 / the failure switch would, and returns WeChat's errMsg.
 */
export function sandboxCashierDecision(base: Platform, sandboxBase: string, action: 'confirm' | 'cancel' | 'fail', detail?: string): CashierOpener {
  return async (_url, prepayId, params) => {
    const body = JSON.stringify({ ...params, ...(detail ? { detail } : {}) })
    const url = `${sandboxBase.replace(/\/+$/, '')}/sandbox/cashier/${encodeURIComponent(prepayId)}/${action}`
    const response = await base.request({ url, method: 'POST', headers: { 'content-type': 'application/json' }, body, timeoutMs: 15_000 }).result
    return String((JSON.parse(response.body) as { errMsg?: unknown }).errMsg)
  }
}

/**
 * The 确认收款 page's JSON endpoints, for tests and the simulator: answers the transfer the way a tap
 * on 确认收款 / 暂不收款 / the failure switch would, and returns WeChat's errMsg.
 */
export function sandboxTransferDecision(base: Platform, sandboxBase: string, action: 'confirm' | 'cancel' | 'fail', failReason?: string): TransferOpener {
  return async (_url, params) => {
    const body = JSON.stringify({ mchId: params.mchId, appId: params.appId, package: params.package, ...(failReason ? { failReason } : {}) })
    const url = `${sandboxBase.replace(/\/+$/, '')}/sandbox/transfer/${action}`
    const response = await base.request({ url, method: 'POST', headers: { 'content-type': 'application/json' }, body, timeoutMs: 15_000 }).result
    return String((JSON.parse(response.body) as { errMsg?: unknown }).errMsg)
  }
}

/**
 * The subscribe sheet's JSON endpoint, for tests and the simulator: answers the sheet the way taps on
 * its switches and 允许 would (`answer` per template id; default accept) and returns WeChat's result.
 */
export function sandboxSubscribeDecision(base: Platform, sandboxBase: string, answer: (templateId: string) => 'accept' | 'reject' = () => 'accept'): SubscribeOpener {
  return async (url, templateIds) => {
    const user = decodeURIComponent(/[?&]user=([^&]*)/.exec(url)?.[1] ?? '')
    const body = JSON.stringify({ user, tmplIds: templateIds, answers: Object.fromEntries(templateIds.map((id) => [id, answer(id)])) })
    const response = await base.request({ url: `${sandboxBase.replace(/\/+$/, '')}/sandbox/subscribe/request`, method: 'POST', headers: { 'content-type': 'application/json' }, body, timeoutMs: 15_000 }).result
    return JSON.parse(response.body) as Record<string, unknown>
  }
}

/** The query parameter that turns the image policy off in the preview: `/market/?imagePolicy=off`. */
export const IMAGE_POLICY_OFF_PARAM = 'imagePolicy=off'

/**
 * Whether this page was opened with `?imagePolicy=off` (H5 only): NetImage then shows plain
 * images (see NetImage), the baseline tools/bench measures the image policy against. Read from
 * the URL, not storage, so it lasts one page load and is never left on by accident.
 */
export function imagePolicyOff(search: string = globalThis.location?.search ?? ''): boolean {
  return search.replace(/^\?/, '').split('&').includes(IMAGE_POLICY_OFF_PARAM)
}
