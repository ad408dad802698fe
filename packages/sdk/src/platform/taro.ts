import Taro from '@tarojs/taro'
import { unsupported } from '../errors/sdk-error'
import {
  TransferFailure,
  type DownloadResponse,
  type HttpResponse,
  type NetworkStatusChange,
  type NetworkType,
  type NetworkTypeReading,
  type NetworkWeakChange,
  type PaymentSheetResult,
  type Platform,
  type Transfer,
} from './types'

const KNOWN_TYPES: readonly NetworkType[] = ['wifi', '5g', '4g', '3g', '2g', 'none', 'unknown']
/** Browsers (Taro H5) report Network Information API values; map the ones that mean something. */
const BROWSER_TYPES: Record<string, NetworkType> = { 'slow-2g': '2g', ethernet: 'wifi' }

/** Anything WeChat (or a browser) adds later reads as 'unknown' rather than breaking a switch. */
export function toNetworkType(value: unknown): NetworkType {
  if (KNOWN_TYPES.includes(value as NetworkType)) return value as NetworkType
  return (typeof value === 'string' && BROWSER_TYPES[value]) || 'unknown'
}

/**
 * Taro's H5 stand-ins for login, payment and the weak-network event *succeed* silently in
 * production builds ("temporarilyNotSupport"), so the adapter refuses them itself.
 */
function isBrowser(): boolean {
  return Taro.getEnv() === Taro.ENV_TYPE.WEB
}

function lowerCaseKeys(headers: unknown): Record<string, string> {
  const out: Record<string, string> = {}
  if (headers && typeof headers === 'object') {
    for (const [name, value] of Object.entries(headers)) out[name.toLowerCase()] = String(value)
  }
  return out
}

/** WeChat reports failures as errMsg strings ("request:fail timeout", "…:fail abort"). */
function toTransferFailure(error: unknown): TransferFailure {
  const detail = String((error as { errMsg?: string; message?: string })?.errMsg ?? (error as Error)?.message ?? error)
  if (/timeout|timed out/i.test(detail)) return new TransferFailure('timeout', detail)
  if (/abort/i.test(detail)) return new TransferFailure('aborted', detail)
  return new TransferFailure('network', detail)
}

/** Turns a callback-style Taro task into a Transfer, so every host looks the same to the SDK. */
function transfer<T>(start: (resolve: (value: T) => void, reject: (error: unknown) => void) => { abort(): void } | undefined): Transfer<T> {
  let task: { abort(): void } | undefined
  const result = new Promise<T>((resolve, reject) => {
    task = start(resolve, (error) => reject(toTransferFailure(error)))
  })
  // Taro also returns a promise that rejects on failure; the callbacks above already carry
  // the outcome, so keep that twin from surfacing as an unhandled rejection.
  const twin = task as Partial<PromiseLike<unknown>> | undefined
  if (typeof twin?.then === 'function') twin.then(undefined, () => {})
  return { result, abort: () => task?.abort() }
}

/** The default platform: Taro's API, which is `wx` on weapp and the browser on H5. */
export const taroPlatform: Platform = {
  async getNetworkType(): Promise<NetworkTypeReading> {
    const result = await Taro.getNetworkType()
    // weakNet is newer than Taro's typings
    const weakNet = (result as { weakNet?: boolean }).weakNet
    return { networkType: toNetworkType(result.networkType), weakNet: weakNet === true }
  },
  onNetworkStatusChange(listener: (change: NetworkStatusChange) => void): () => void {
    const callback = (res: { isConnected: boolean; networkType: string }): void => {
      listener({ isConnected: res.isConnected, networkType: toNetworkType(res.networkType) })
    }
    Taro.onNetworkStatusChange(callback)
    return () => Taro.offNetworkStatusChange(callback)
  },
  onNetworkWeakChange(listener: (change: NetworkWeakChange) => void): () => void {
    // Taro fills APIs the base library lacks with a stub that only warns: ask WeChat itself.
    if (isBrowser() || !Taro.canIUse('onNetworkWeakChange')) throw unsupported('onNetworkWeakChange', 'this host')
    const callback = (res: { weakNet: boolean; networkType: string }): void => {
      listener({ weakNet: res.weakNet, networkType: toNetworkType(res.networkType) })
    }
    Taro.onNetworkWeakChange(callback)
    return () => Taro.offNetworkWeakChange(callback)
  },

  request: (req) =>
    transfer<HttpResponse>((resolve, reject) =>
      Taro.request({
        url: req.url,
        method: req.method,
        header: req.headers,
        data: req.body,
        timeout: req.timeoutMs,
        // Anything but 'json' leaves the body as text on weapp and H5: the SDK parses it.
        dataType: 'text',
        responseType: 'text',
        success: (res) =>
          resolve({ status: res.statusCode, headers: lowerCaseKeys(res.header), body: typeof res.data === 'string' ? res.data : JSON.stringify(res.data ?? '') }),
        fail: reject,
      }),
    ),

  uploadFile: (req) =>
    transfer<HttpResponse>((resolve, reject) => {
      const task = Taro.uploadFile({
        url: req.url,
        filePath: req.filePath,
        name: req.fieldName,
        header: req.headers,
        formData: req.formData,
        timeout: req.timeoutMs,
        success: (res) => resolve({ status: res.statusCode, headers: lowerCaseKeys(res.header), body: res.data }),
        fail: reject,
      })
      if (req.onProgress) task.onProgressUpdate((p) => req.onProgress?.(p.totalBytesSent, p.totalBytesExpectedToSend))
      return task
    }),

  downloadFile: (req) =>
    transfer<DownloadResponse>((resolve, reject) => {
      const task = Taro.downloadFile({
        url: req.url,
        header: req.headers,
        timeout: req.timeoutMs,
        success: (res) => resolve({ status: res.statusCode, tempFilePath: res.tempFilePath }),
        fail: reject,
      })
      if (req.onProgress) task.onProgressUpdate((p) => req.onProgress?.(p.totalBytesWritten, p.totalBytesExpectedToWrite))
      return task
    }),

  // The sync calls are the dependable ones on both hosts; '' is what they return for a
  // missing key, and the SDK never stores '' (it stores JSON).
  async getStorage(key) {
    const value: unknown = Taro.getStorageSync(key)
    return typeof value === 'string' && value !== '' ? value : undefined
  },
  async setStorage(key, value) {
    Taro.setStorageSync(key, value)
  },
  async removeStorage(key) {
    Taro.removeStorageSync(key)
  },
  async storageKeys() {
    return Taro.getStorageInfoSync().keys
  },

  async login() {
    if (isBrowser()) throw unsupported('login', 'H5 (use the wechat-sandbox adapter)')
    const { code } = await Taro.login()
    return { code }
  },
  async requestPayment(params): Promise<PaymentSheetResult> {
    if (isBrowser()) throw unsupported('requestPayment', 'H5 (use the sandbox cashier)')
    try {
      await Taro.requestPayment({ ...params })
      return { outcome: 'confirmed' }
    } catch (error) {
      const detail = String((error as { errMsg?: string })?.errMsg ?? error)
      return /cancel/.test(detail) ? { outcome: 'cancelled' } : { outcome: 'failed', detail }
    }
  },
  getSystemInfo() {
    const info = Taro.getSystemInfoSync()
    const scale = (info as { fontSizeScaleFactor?: number }).fontSizeScaleFactor
    return {
      pixelRatio: info.pixelRatio,
      windowWidth: info.windowWidth,
      windowHeight: info.windowHeight,
      platform: isBrowser() ? 'web' : info.platform,
      fontSizeScaleFactor: typeof scale === 'number' && scale > 0 ? scale : 1,
    }
  },
  createIntersectionWatcher(component) {
    // Taro wants the page instance (getCurrentInstance().page); its typings say IAnyObject.
    const observer = Taro.createIntersectionObserver(component as Record<string, unknown>, { thresholds: [0], observeAll: true })
    return {
      observe(selector, margins, listener) {
        observer.relativeToViewport(margins).observe(selector, (res) =>
          // weapp adds the node's id; Taro's typings do not list it
          listener({ intersectionRatio: res.intersectionRatio ?? 0, id: (res as { id?: string }).id }),
        )
      },
      disconnect: () => observer.disconnect(),
    }
  },
}
