import { answerAsync, WxFailure, type WxCallbacks, type WxResult } from './callbacks'
import { NetworkConditions, type NetworkStatusEvent, type NetworkWeakEvent, type WxNetworkType } from './network'
import { wxDownloadFile, wxRequest, wxUploadFile, type FetchHandler, type RequestRecord, type TransferContext } from './requests'
import { fileSystemManager, SimAudioHub } from './media'
import { StorageError, WxStorage } from './storage'

// The fake's API table is untyped on purpose: it mirrors the shape of WeChat's `wx`, whose
// functions take many different option objects, and the app calls it through Taro.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above
export type WxFunction = (...args: any[]) => unknown
export type WxApi = Record<string, unknown>

export type PaymentOutcome = 'ok' | 'cancel' | 'fail'
export type ModalAnswer = 'confirm' | 'cancel' | { confirm: true; content: string }

export interface ShownToast {
  title: string
  icon: string
  duration: number
  mask: boolean
}

export interface ShownModal {
  title: string
  content: string
  showCancel: boolean
  confirmText: string
  cancelText: string
  editable: boolean
  /** what the (scripted) user answered */
  result?: { confirm: boolean; cancel: boolean; content?: string }
}

export interface PaymentRecord {
  params: Record<string, unknown>
  outcome: PaymentOutcome
}

export interface SystemInfo {
  [field: string]: unknown
  fontSizeSetting: number
  fontSizeScaleFactor: number
}

const WINDOW_FIELDS = ['pixelRatio', 'screenWidth', 'screenHeight', 'windowWidth', 'windowHeight', 'statusBarHeight', 'safeArea', 'screenTop']
const DEVICE_FIELDS = ['brand', 'model', 'system', 'platform', 'benchmarkLevel', 'memorySize', 'abi', 'cpuType']
const APP_BASE_FIELDS = ['SDKVersion', 'enableDebug', 'host', 'language', 'version', 'theme', 'fontSizeSetting', 'fontSizeScaleFactor']

/** A mid-range Android phone in WeChat 8.0 (most villagers' phones), standard font size. */
export const DEFAULT_SYSTEM_INFO: SystemInfo = {
  pixelRatio: 2,
  screenWidth: 393,
  screenHeight: 851,
  windowWidth: 393,
  windowHeight: 763,
  statusBarHeight: 32,
  safeArea: { left: 0, right: 393, top: 32, bottom: 851, width: 393, height: 819 },
  screenTop: 88,
  brand: 'simulated',
  model: 'Android phone (@tianyuan/sim)',
  system: 'Android 12',
  platform: 'android',
  benchmarkLevel: 20,
  memorySize: 4096,
  abi: 'arm64-v8a',
  cpuType: 'unknown',
  SDKVersion: '3.5.8',
  enableDebug: false,
  host: { env: 'WeChat' },
  language: 'zh_CN',
  version: '8.0.50',
  theme: 'light',
  fontSizeSetting: 16,
  fontSizeScaleFactor: 1,
}

/** The message every API the harness does not provide fails with. */
export function notProvidedMessage(name: string): string {
  return `wx.${name} is not provided by @tianyuan/sim`
}

/**
 * A controllable `wx`. `api` is the object installed as the global `wx`; everything else is
 * how the test drives it and sees what the app did. The same `api` object lives as long as
 * the test file (Taro keeps a reference from boot), so `reset()` clears state in place.
 */
export class SimWx {
  readonly api: WxApi = {}
  readonly storage = new WxStorage()
  readonly network = new NetworkConditions()
  /** The phone's files by path: uploadFile reads from here, downloadFile writes here. */
  readonly files = new Map<string, Uint8Array>()
  readonly requests: RequestRecord[] = []
  readonly toasts: ShownToast[] = []
  readonly modals: ShownModal[] = []
  /** Titles of every showLoading, in order. */
  readonly loadings: string[] = []
  readonly payments: PaymentRecord[] = []
  /** Codes handed out by wx.login, in order. */
  readonly loginCodes: string[] = []
  /**
   * The template ids of every wx.requestSubscribeMessage, in order. Without the sandbox
   * (wireSandbox answers at the sandbox instead) the villager taps 允许 for every template.
   */
  readonly subscribeRequests: string[][] = []
  /** Every call to an API the harness does not provide (each also threw). */
  readonly unprovidedCalls: string[] = []
  /** The loading indicator now on screen, if any (showToast replaces it, as in WeChat). */
  loading: { title: string; mask: boolean } | undefined
  /** Audio the app played (BackgroundAudioManager, InnerAudioContexts): `audio.current.advance(30)`. */
  readonly audio: SimAudioHub

  private readonly provided = new Map<string, WxFunction>()
  private readonly known = new Set<string>()
  private fetchHandler: FetchHandler | undefined
  private loginProvider: () => string | Promise<string> = defaultLoginProvider()
  private paymentOutcome: PaymentOutcome | ((params: Record<string, unknown>) => PaymentOutcome) = 'ok'
  private modalAnswer: ModalAnswer | ((modal: ShownModal) => ModalAnswer) = 'confirm'
  private systemInfo: SystemInfo = { ...DEFAULT_SYSTEM_INFO }
  private tempFileCount = 0

  /**
   * @param knownApis names of every wx API the app might look for (the simulator's list);
   *   those the harness does not provide become functions that throw, naming the API.
   */
  constructor(knownApis: Iterable<string> = []) {
    for (const name of knownApis) this.known.add(name)
    this.api.env = { USER_DATA_PATH: 'wxfile://usr' }
    this.installStorage()
    this.audio = new SimAudioHub(this.files, this.installTransfers())
    this.installMedia()
    this.installDeviceAndNetwork()
    this.installUi()
    this.installLoginAndPayment()
    this.provide('canIUse', (schema: string) => this.provided.has(String(schema).split('.')[0] ?? ''))
    for (const name of this.known) if (!(name in this.api)) this.api[name] = this.notProvided(name)
  }

  /** Adds (or replaces) an API, e.g. one a single test needs: `sim.wx.provide('scanCode', …)`. */
  provide(name: string, implementation: WxFunction): void {
    this.provided.set(name, implementation)
    this.known.add(name)
    this.api[name] = implementation
  }

  /** Undoes `provide`: the API fails loudly again. */
  withdraw(name: string): void {
    this.provided.delete(name)
    this.api[name] = this.notProvided(name)
  }

  isProvided(name: string): boolean {
    return this.provided.has(name)
  }

  setFetchHandler(handler: FetchHandler | undefined): void {
    this.fetchHandler = handler
  }

  /** wifi → 2g → none and back; the app's onNetworkStatusChange listeners hear each change. */
  switchNetwork(type: WxNetworkType, options: { weak?: boolean } = {}): void {
    this.network.switchTo(type, options)
  }

  /** What wx.login hands out; throw (a WxFailure for a specific errMsg) to make login fail. */
  setLoginCodes(provider: () => string | Promise<string>): void {
    this.loginProvider = provider
  }

  /** How the (simulated) user answers wx.requestPayment from now on. */
  setPaymentOutcome(outcome: PaymentOutcome | ((params: Record<string, unknown>) => PaymentOutcome)): void {
    this.paymentOutcome = outcome
  }

  /** How the (simulated) user answers wx.showModal from now on; 'confirm' until set. */
  answerModals(answer: ModalAnswer | ((modal: ShownModal) => ModalAnswer)): void {
    this.modalAnswer = answer
  }

  /** The user's WeChat font size: 1 is standard, 1.5 is large. Read by getSystemInfo & co. */
  setFontScale(factor: number): void {
    this.systemInfo.fontSizeScaleFactor = factor
    this.systemInfo.fontSizeSetting = Math.round(16 * factor)
  }

  setSystemInfo(fields: Partial<SystemInfo>): void {
    Object.assign(this.systemInfo, fields)
  }

  /** A fresh phone for a new launch; the `api` object itself stays the same. */
  reset(): void {
    this.storage.clear()
    // Listeners stay: the app's own (from onLaunch) live as long as the app; pages remove
    // theirs when they unload. Going back to Wi-Fi fires events so they stay in step.
    this.network.switchTo('wifi')
    this.files.clear()
    this.audio.reset()
    for (const list of [this.requests, this.toasts, this.modals, this.loadings, this.payments, this.loginCodes, this.unprovidedCalls, this.subscribeRequests]) list.length = 0
    this.loading = undefined
    this.fetchHandler = undefined
    this.loginProvider = defaultLoginProvider()
    this.paymentOutcome = 'ok'
    this.modalAnswer = 'confirm'
    this.systemInfo = { ...DEFAULT_SYSTEM_INFO }
    this.tempFileCount = 0
  }

  private notProvided(name: string): WxFunction {
    return () => {
      this.unprovidedCalls.push(name)
      throw new Error(notProvidedMessage(name))
    }
  }

  private installStorage(): void {
    const storage = this.storage
    // The sync forms throw, with WeChat's errMsg as the message.
    const sync = <T>(name: string, work: () => T): T => {
      try {
        return work()
      } catch (error) {
        if (error instanceof StorageError) throw new Error(`${name}:fail ${error.reason}`, { cause: error })
        throw error
      }
    }
    const async = (name: string, opts: WxCallbacks | undefined, work: () => Record<string, unknown>) =>
      answerAsync(name, opts, () => {
        try {
          return work()
        } catch (error) {
          if (error instanceof StorageError) throw new WxFailure(error.reason)
          throw error
        }
      })
    type KeyOptions = WxCallbacks & { key?: unknown; data?: unknown }

    this.provide('setStorageSync', (key: unknown, data: unknown) => sync('setStorageSync', () => storage.set(key, data)))
    this.provide('getStorageSync', (key: unknown) =>
      sync('getStorageSync', () => {
        const read = storage.get(key)
        // a missing key reads as '' in the sync form
        return read.found ? read.data : ''
      }),
    )
    this.provide('removeStorageSync', (key: unknown) => sync('removeStorageSync', () => storage.remove(key)))
    this.provide('clearStorageSync', () => storage.clear())
    this.provide('getStorageInfoSync', () => storage.info())

    this.provide('setStorage', (opts?: KeyOptions) => async('setStorage', opts, () => (storage.set(opts?.key, opts?.data), {})))
    this.provide('getStorage', (opts?: KeyOptions) =>
      async('getStorage', opts, () => {
        const read = storage.get(opts?.key)
        if (!read.found) throw new WxFailure('data not found')
        return { data: read.data }
      }),
    )
    this.provide('removeStorage', (opts?: KeyOptions) => async('removeStorage', opts, () => (storage.remove(opts?.key), {})))
    this.provide('clearStorage', (opts?: WxCallbacks) => async('clearStorage', opts, () => (storage.clear(), {})))
    this.provide('getStorageInfo', (opts?: WxCallbacks) => async('getStorageInfo', opts, () => ({ ...storage.info() })))
  }

  private installMedia(): void {
    const fs = fileSystemManager(this.files)
    this.provide('getFileSystemManager', () => fs)
    this.provide('getBackgroundAudioManager', () => this.audio.getBackgroundAudioManager())
    this.provide('createInnerAudioContext', () => this.audio.createInnerAudioContext())
  }

  private installTransfers(): TransferContext {
    const ctx: TransferContext = {
      handler: () => this.fetchHandler,
      isOnline: () => this.network.isConnected,
      files: this.files,
      log: this.requests,
      nextTempPath: () => `wxfile://tmp_${++this.tempFileCount}`,
    }
    this.provide('request', (opts?: Parameters<typeof wxRequest>[1]) => wxRequest(ctx, opts))
    this.provide('uploadFile', (opts?: Parameters<typeof wxUploadFile>[1]) => wxUploadFile(ctx, opts))
    this.provide('downloadFile', (opts?: Parameters<typeof wxDownloadFile>[1]) => wxDownloadFile(ctx, opts))
    return ctx
  }

  private installDeviceAndNetwork(): void {
    const pick = (fields: string[]): Record<string, unknown> =>
      Object.fromEntries(fields.filter((f) => f in this.systemInfo).map((f) => [f, this.systemInfo[f]]))
    const everything = (): Record<string, unknown> => ({ ...this.systemInfo, wifiEnabled: true, locationEnabled: true, bluetoothEnabled: false })
    this.provide('getSystemInfoSync', everything)
    this.provide('getSystemInfo', (opts?: WxCallbacks) => answerAsync('getSystemInfo', opts, everything))
    this.provide('getSystemInfoAsync', (opts?: WxCallbacks) => answerAsync('getSystemInfoAsync', opts, everything))
    this.provide('getWindowInfo', () => pick(WINDOW_FIELDS))
    this.provide('getDeviceInfo', () => pick(DEVICE_FIELDS))
    this.provide('getAppBaseInfo', () => pick(APP_BASE_FIELDS))

    const network = this.network
    this.provide('getNetworkType', (opts?: WxCallbacks) =>
      answerAsync('getNetworkType', opts, () => ({
        networkType: network.type,
        // WeChat reports signal strength for wifi only; 0 elsewhere
        signalStrength: network.type === 'wifi' ? -50 : 0,
        hasSystemProxy: false,
        weakNet: network.weak,
      })),
    )
    this.provide('onNetworkStatusChange', (listener: (event: NetworkStatusEvent) => void) => void network.statusListeners.add(listener))
    // Without a listener WeChat removes them all.
    this.provide('offNetworkStatusChange', (listener?: (event: NetworkStatusEvent) => void) =>
      void (listener ? network.statusListeners.delete(listener) : network.statusListeners.clear()),
    )
    this.provide('onNetworkWeakChange', (listener: (event: NetworkWeakEvent) => void) => void network.weakListeners.add(listener))
    this.provide('offNetworkWeakChange', (listener?: (event: NetworkWeakEvent) => void) =>
      void (listener ? network.weakListeners.delete(listener) : network.weakListeners.clear()),
    )
  }

  private installUi(): void {
    type ToastOptions = WxCallbacks & { title?: string; icon?: string; duration?: number; mask?: boolean }
    type ModalOptions = WxCallbacks & Partial<Omit<ShownModal, 'result'>>
    this.provide('showToast', (opts?: ToastOptions) =>
      answerAsync('showToast', opts, () => {
        // one slot on screen: a toast replaces the loading indicator
        this.loading = undefined
        this.toasts.push({ title: opts?.title ?? '', icon: opts?.icon ?? 'success', duration: opts?.duration ?? 1500, mask: opts?.mask ?? false })
        return {}
      }),
    )
    this.provide('hideToast', (opts?: WxCallbacks) => answerAsync('hideToast', opts, () => ({})))
    this.provide('showLoading', (opts?: ToastOptions) =>
      answerAsync('showLoading', opts, () => {
        const title = opts?.title ?? ''
        this.loading = { title, mask: opts?.mask ?? false }
        this.loadings.push(title)
        return {}
      }),
    )
    this.provide('hideLoading', (opts?: WxCallbacks) =>
      answerAsync('hideLoading', opts, () => {
        this.loading = undefined
        return {}
      }),
    )
    this.provide('showModal', (opts?: ModalOptions) =>
      answerAsync('showModal', opts, () => {
        const modal: ShownModal = {
          title: opts?.title ?? '',
          content: opts?.content ?? '',
          showCancel: opts?.showCancel ?? true,
          confirmText: opts?.confirmText ?? '确定',
          cancelText: opts?.cancelText ?? '取消',
          editable: opts?.editable ?? false,
        }
        this.modals.push(modal)
        const answer = typeof this.modalAnswer === 'function' ? this.modalAnswer(modal) : this.modalAnswer
        if (answer === 'cancel') {
          if (!modal.showCancel) throw new Error(`the test answered "cancel" to a modal without a cancel button: ${modal.title}`)
          modal.result = { confirm: false, cancel: true }
        } else {
          modal.result = { confirm: true, cancel: false, ...(modal.editable ? { content: typeof answer === 'object' ? answer.content : '' } : {}) }
        }
        return { ...modal.result }
      }),
    )
  }

  private installLoginAndPayment(): void {
    // WeChat's checks first (1–3 template ids), then 允许 for each one.
    this.provide('requestSubscribeMessage', (opts?: WxCallbacks & { tmplIds?: unknown }) =>
      answerAsync('requestSubscribeMessage', opts, () => {
        const ids = opts?.tmplIds
        if (!Array.isArray(ids) || ids.length === 0) throw new WxFailure('TmplIds can not be empty', { errCode: 10001 })
        if (ids.length > 3) throw new WxFailure('Templates count out of max bounds', { errCode: 20003 })
        this.subscribeRequests.push(ids.map(String))
        return Object.fromEntries(ids.map((id) => [String(id), 'accept']))
      }),
    )
    this.provide('login', (opts?: WxCallbacks) =>
      answerAsync('login', opts, async () => {
        const code = await this.loginProvider()
        this.loginCodes.push(code)
        return { code }
      }),
    )
    this.provide('requestPayment', (opts?: WxCallbacks & Record<string, unknown>) =>
      answerAsync('requestPayment', opts, () => {
        const params = Object.fromEntries(Object.entries(opts ?? {}).filter(([, v]) => typeof v !== 'function'))
        // WeChat refuses to open the cashier without these
        for (const field of ['timeStamp', 'nonceStr', 'package', 'paySign']) {
          if (typeof params[field] !== 'string') throw new WxFailure(`parameter error: parameter.${field} should be String instead of ${params[field] === undefined ? 'Undefined' : typeof params[field]};`)
        }
        const outcome = typeof this.paymentOutcome === 'function' ? this.paymentOutcome(params) : this.paymentOutcome
        this.payments.push({ params, outcome })
        if (outcome === 'cancel') throw new WxFailure('cancel')
        if (outcome === 'fail') throw new WxFailure('system error (simulated payment failure)')
        return {}
      }),
    )
  }
}

function defaultLoginProvider(): () => string {
  let count = 0
  return () => `sim-login-code-${++count}`
}

export type { WxResult }
