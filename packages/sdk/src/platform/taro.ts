import Taro from '@tarojs/taro'
import { SdkError, unsupported } from '../errors/sdk-error'
import { withBrowserConnectivity } from './browser-network'
import { downloadFile, uploadFile } from './taro-file-transfers'
import { later, lowerCaseKeys, transfer } from './taro-task'
import {
  type HttpResponse,
  type IntersectionWatcher,
  type NetworkStatusChange,
  type NetworkType,
  type NetworkTypeReading,
  type NetworkWeakChange,
  type MerchantTransferParams,
  type MerchantTransferResult,
  type PaymentSheetResult,
  type Platform,
  type SubscribeAnswer,
  type SubscribeSheetResult,
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

// Replaced by Taro's DefinePlugin at build time (undefined in tests): written out at each use
// (not kept in a variable) so a weapp bundle's minifier drops the browser-only code below.
declare const process: { env: { TARO_ENV?: string } }

/** Taro's API as it is: `wx` on weapp, Taro's browser stand-ins on H5. */
const taroApi: Platform = {
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

  // H5: loaded on the first upload or download (a seller's photo, a lesson saved for later),
  // not with the first screen: ≈ 2 KB of Taro's stand-ins off every app's first chunk on 2G.
  uploadFile: (req) => (process.env.TARO_ENV === 'h5' ? later(() => import('./taro-file-transfers'), (m) => m.uploadFile(req)) : uploadFile(req)),
  downloadFile: (req) => (process.env.TARO_ENV === 'h5' ? later(() => import('./taro-file-transfers'), (m) => m.downloadFile(req)) : downloadFile(req)),

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
  async requestMerchantTransfer(params): Promise<MerchantTransferResult> {
    if (isBrowser()) throw unsupported('requestMerchantTransfer', 'H5 (use the sandbox confirm page)')
    // Taro passes wx's API through untyped, and fills one this WeChat lacks with a stub that only
    // warns: ask WeChat itself (older WeChat versions have no merchant-transfer page).
    const api = (Taro as unknown as { requestMerchantTransfer?: (options: MerchantTransferParams & { success(): void; fail(e: { errMsg?: string }): void }) => void }).requestMerchantTransfer
    if (!Taro.canIUse('requestMerchantTransfer') || typeof api !== 'function') {
      throw new SdkError({ code: 'unsupported', userMessage: '微信版本太低，不能收款。请把微信升级到最新版本后再点「收款」', message: 'wx.requestMerchantTransfer is not available in this WeChat' })
    }
    return new Promise<MerchantTransferResult>((resolve) =>
      api({
        mchId: params.mchId,
        appId: params.appId,
        package: params.package,
        success: () => resolve({ outcome: 'confirmed' }),
        fail: (error) => {
          const detail = String(error?.errMsg ?? error)
          resolve(/cancel/.test(detail) ? { outcome: 'cancelled' } : { outcome: 'failed', detail })
        },
      }),
    )
  },
  requestSubscribeMessage(tmplIds): Promise<SubscribeSheetResult> {
    // The executor runs now, inside the caller's tap: WeChat shows the sheet only there. (Kept
    // small: taroPlatform is in every main package. H5 has the sandbox sheet, h5.ts.)
    return new Promise((resolve, reject) => {
      if (isBrowser()) return reject(unsupported('requestSubscribeMessage', 'H5'))
      Taro.requestSubscribeMessage({
        tmplIds,
        entityIds: [],
        success: (res) => resolve({ outcome: 'answered', answers: tmplIds.reduce<Record<string, SubscribeAnswer>>((all, id) => ((all[id] = (res as unknown as Record<string, SubscribeAnswer>)[id] || 'reject'), all), {}) }),
        fail: (e: { errMsg: string; errCode?: number }) => resolve({ outcome: 'failed', errCode: e.errCode ?? null, detail: e.errMsg }),
      } as Taro.requestSubscribeMessage.Option)
    })
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
      webp: process.env.TARO_ENV !== 'weapp' && isBrowser() ? browserDecodesWebp() : true,
    }
  },
  onShow(listener) {
    // Taro fires the page's `router.onShow` and `router.onHide` events on eventCenter each time
    // the page shows or hides (weapp and H5); read at subscription, i.e. while that page is being
    // rendered. Its first show is not "shown again": it comes a frame after the page mounts, and
    // a page whose first answers were already in (an early H5 answer, a fast link) would ask the
    // server the same thing twice.
    const router = Taro.getCurrentInstance().router
    const showKey = router?.onShow
    const hideKey = router?.onHide
    let hidden = false
    const onHide = () => (hidden = true)
    const onShow = () => {
      if (!hidden) return
      hidden = false
      listener()
    }
    if (showKey && hideKey) {
      Taro.eventCenter.on(hideKey, onHide)
      Taro.eventCenter.on(showKey, onShow)
    }
    return () => {
      if (!showKey || !hideKey) return
      Taro.eventCenter.off(showKey, onShow)
      Taro.eventCenter.off(hideKey, onHide)
    }
  },
  createIntersectionWatcher(component) {
    // H5 (or a browser in tests): the browser's own observer. An if/else on TARO_ENV, so that the
    // H5 build drops Taro's stand-in for createIntersectionObserver (webpack prunes the branch
    // the constant rules out; a bare `return` above the weapp code would leave it referenced).
    if (process.env.TARO_ENV === 'h5' || (process.env.TARO_ENV !== 'weapp' && isBrowser())) {
      return browserIntersectionWatcher()
    } else {
      return taroIntersectionWatcher(component)
    }
  },

  async getImageInfo(path) {
    const { width, height, type } = await Taro.getImageInfo({ src: path })
    return { width, height, type }
  },
  async compressImage({ src, quality, width, height }) {
    // Taro's H5 compressImage is a stub that answers without compressing.
    if (isBrowser()) throw unsupported('compressImage', 'H5')
    const { tempFilePath } = await Taro.compressImage({ src, quality, compressedWidth: width, compressedHeight: height })
    return { tempFilePath }
  },
}

/** weapp: Taro's IntersectionObserver on the page (or a component), started once the nodes are there. */
function taroIntersectionWatcher(component: unknown): ReturnType<Platform['createIntersectionWatcher']> {
  // Taro wants the page instance (getCurrentInstance().page); its typings say IAnyObject.
  const scope = (component ?? Taro.getCurrentInstance().page) as Record<string, unknown>
  const observer = Taro.createIntersectionObserver(scope, { thresholds: [0], observeAll: true })
  let stopped = false
  return {
    observe(selector, margins, listener) {
      // A node a component has just rendered reaches the page with the next setData.
      Taro.nextTick(() => {
        if (stopped) return
        observer.relativeToViewport(margins).observe(selector, (res) =>
          // weapp adds the node's id; Taro's typings do not list it
          listener({ intersectionRatio: res.intersectionRatio ?? 0, id: (res as { id?: string }).id }),
        )
      })
    },
    disconnect: () => {
      stopped = true
      observer.disconnect()
    },
  }
}

/**
 * The default platform: Taro's API, which is `wx` on weapp and the browser on H5 — where
 * whether there is a connection at all comes from the browser (navigator.onLine and the
 * online/offline events), which Taro's H5 network API does not read.
 */
export const taroPlatform: Platform = process.env.TARO_ENV === 'h5' ? withBrowserConnectivity(taroApi) : taroApi

let webpVerdict: boolean | undefined
/** A canvas that can encode WebP can show it. Safari decodes WebP but cannot encode it: JPEG there. */
function browserDecodesWebp(): boolean {
  if (webpVerdict === undefined) {
    try {
      webpVerdict = document.createElement('canvas').toDataURL('image/webp').indexOf('data:image/webp') === 0
    } catch {
      webpVerdict = false
    }
  }
  return webpVerdict
}

/**
 * H5: the browser's IntersectionObserver. Taro's H5 stand-in measures against the first
 * `.taro_page` in the document, which is not the current page once one is pushed. Each
 * page scrolls in its own `.taro_page` (unless window scroll is on): that is the root the
 * preload margins apply to. Without IntersectionObserver (old Android WebViews) the node
 * is reported visible at once: the image loads eagerly rather than never.
 */
function browserIntersectionWatcher(): IntersectionWatcher {
  let observer: IntersectionObserver | undefined
  let stopped = false
  return {
    observe(selector, { top = 0, right = 0, bottom = 0, left = 0 }, listener) {
      Taro.nextTick(() => {
        const node = stopped ? null : document.querySelector(selector)
        if (!node) return
        if (typeof IntersectionObserver !== 'function') return listener({ intersectionRatio: 1, id: node.id })
        const page = node.closest('.taro_page')
        const scrolls = page && /auto|scroll/.test(getComputedStyle(page).overflowY)
        observer = new IntersectionObserver(
          (entries) => entries.forEach((e) => listener({ intersectionRatio: e.isIntersecting ? e.intersectionRatio || 0.001 : 0, id: node.id })),
          { root: scrolls ? page : null, rootMargin: `${top}px ${right}px ${bottom}px ${left}px` },
        )
        observer.observe(node)
      })
    },
    disconnect: () => {
      stopped = true
      observer?.disconnect()
    },
  }
}
