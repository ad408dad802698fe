// The Taro adapter over a stand-in for @tarojs/taro: what it maps, and what it refuses.
import { taroPlatform, toNetworkType } from './taro'
import { TransferFailure } from './types'

/** Node's process, without pulling @types/node into a package that must not use it. */
const nodeProcess = (globalThis as unknown as { process: { on(event: string, f: () => void): void; off(event: string, f: () => void): void } }).process

type Callbacks = { success?: (res: unknown) => void; fail?: (res: unknown) => void }

const taro = {
  env: 'WEAPP',
  canIUse: jest.fn((_api: string) => true),
  lastRequest: undefined as (Callbacks & Record<string, unknown>) | undefined,
  abort: jest.fn(),
  storage: new Map<string, unknown>(),
  page: { route: 'pages/index/index' } as unknown,
  router: { onShow: 'pages/index/index.onShow', onHide: 'pages/index/index.onHide' } as { onShow: string; onHide: string } | undefined,
  events: new Map<string, Set<() => void>>(),
  /** Callbacks waiting for Taro.nextTick (the next setData). */
  ticks: [] as Array<() => void>,
  observers: [] as Array<{ component: unknown; margins: unknown; selector: string; callback?: (res: { intersectionRatio: number; id: string }) => void; disconnect: jest.Mock }>,
}

jest.mock('@tarojs/taro', () => ({
  __esModule: true,
  default: {
    ENV_TYPE: { WEAPP: 'WEAPP', WEB: 'WEB' },
    getEnv: () => taro.env,
    canIUse: (api: string) => taro.canIUse(api),
    onNetworkWeakChange: jest.fn(),
    offNetworkWeakChange: jest.fn(),
    request: (options: Callbacks & Record<string, unknown>) => {
      taro.lastRequest = options
      // Like Taro: a promise twin that rejects on failure, with abort on it
      const twin = new Promise((resolve, reject) => {
        const { success, fail } = options
        options.success = (res) => (success?.(res), resolve(res))
        options.fail = (res) => (fail?.(res), reject(res))
      })
      return Object.assign(twin, { abort: taro.abort })
    },
    login: jest.fn(async () => ({ code: 'wx-code', errMsg: 'login:ok' })),
    requestPayment: jest.fn(async () => {
      throw { errMsg: 'requestPayment:fail cancel' }
    }),
    // wx.requestMerchantTransfer, passed through by Taro untyped (callback style); answers as scripted.
    requestMerchantTransfer: (options: { package: string; success(): void; fail(e: { errMsg: string }): void }) =>
      options.package === 'ok' ? options.success() : options.fail({ errMsg: options.package === 'cancel' ? 'requestMerchantTransfer:fail cancel' : 'requestMerchantTransfer:fail 系统繁忙' }),
    getStorageSync: (key: string) => taro.storage.get(key) ?? '',
    setStorageSync: (key: string, value: unknown) => taro.storage.set(key, value),
    removeStorageSync: (key: string) => taro.storage.delete(key),
    getStorageInfoSync: () => ({ keys: [...taro.storage.keys()] }),
    getSystemInfoSync: () => ({ pixelRatio: 3, windowWidth: 393, windowHeight: 851, platform: 'android' }),
    getImageInfo: jest.fn(async () => ({ width: 4000, height: 3000, type: 'jpeg', path: 'p', errMsg: 'getImageInfo:ok' })),
    compressImage: jest.fn(async () => ({ tempFilePath: 'wxfile://tmp/small.jpg', errMsg: 'compressImage:ok' })),
    getCurrentInstance: () => ({ page: taro.page, router: taro.router }),
    eventCenter: {
      on: (name: string, f: () => void) => taro.events.set(name, (taro.events.get(name) ?? new Set()).add(f)),
      off: (name: string, f: () => void) => taro.events.get(name)?.delete(f),
    },
    nextTick: (f: () => void) => taro.ticks.push(f),
    createIntersectionObserver: jest.fn((component: unknown) => {
      const observer = {
        component,
        margins: undefined as unknown,
        selector: '',
        callback: undefined as undefined | ((res: { intersectionRatio: number; id: string }) => void),
        relativeToViewport(margins: unknown) {
          observer.margins = margins
          return observer
        },
        observe(selector: string, callback: (res: { intersectionRatio: number; id: string }) => void) {
          observer.selector = selector
          observer.callback = callback
        },
        disconnect: jest.fn(),
      }
      taro.observers.push(observer)
      return observer
    }),
  },
}))

beforeEach(() => {
  taro.env = 'WEAPP'
  taro.canIUse.mockReturnValue(true)
  taro.storage.clear()
  taro.ticks.length = 0
  taro.observers.length = 0
})

describe('taroPlatform.request', () => {
  const req = { url: 'https://api.test/x', method: 'POST' as const, headers: { 'content-type': 'application/json' }, body: '{"a":1}', timeoutMs: 11_000 }

  it('asks for text and hands back lower-cased headers', async () => {
    const transfer = taroPlatform.request(req)
    expect(taro.lastRequest).toMatchObject({ url: req.url, method: 'POST', data: '{"a":1}', timeout: 11_000, dataType: 'text', responseType: 'text' })
    taro.lastRequest?.success?.({ statusCode: 201, header: { ETag: '"v1"', 'Retry-After': 3 }, data: '{"id":1}' })
    await expect(transfer.result).resolves.toEqual({ status: 201, headers: { etag: '"v1"', 'retry-after': '3' }, body: '{"id":1}' })
  })

  it.each([
    ['request:fail timeout', 'timeout'],
    ['request:fail abort', 'aborted'],
    ['request:fail -101:net::ERR_CONNECTION_RESET', 'network'],
  ])('maps "%s" to a %s failure, with no unhandled rejection', async (errMsg, kind) => {
    const unhandled = jest.fn()
    nodeProcess.on('unhandledRejection', unhandled)
    const transfer = taroPlatform.request(req)
    taro.lastRequest?.fail?.({ errMsg })
    const failure = await transfer.result.catch((e: unknown) => e)
    expect(failure).toBeInstanceOf(TransferFailure)
    expect(failure).toMatchObject({ kind })
    await new Promise((resolve) => setTimeout(resolve, 10))
    nodeProcess.off('unhandledRejection', unhandled)
    expect(unhandled).not.toHaveBeenCalled()
  })

  it('aborts the underlying task', () => {
    taroPlatform.request(req).abort()
    expect(taro.abort).toHaveBeenCalled()
  })
})

describe('taroPlatform refuses rather than pretends', () => {
  it('has no login, payment or weak-network event on H5', async () => {
    taro.env = 'WEB'
    await expect(taroPlatform.login()).rejects.toMatchObject({ code: 'unsupported' })
    await expect(taroPlatform.requestPayment({ timeStamp: '1', nonceStr: 'n', package: 'prepay_id=1', signType: 'RSA', paySign: 's' })).rejects.toMatchObject({
      code: 'unsupported',
    })
    expect(() => taroPlatform.onNetworkWeakChange(() => {})).toThrow(/not supported/)
  })

  it('has no weak-network event on an old base library, where Taro only stubs it', () => {
    taro.canIUse.mockReturnValue(false)
    expect(() => taroPlatform.onNetworkWeakChange(() => {})).toThrow(/not supported/)
  })

  it('merchant transfer: WeChat’s page on weapp; on a WeChat too old for it (and on H5), unsupported with a way out', async () => {
    const params = (pkg: string) => ({ mchId: '1900000109', appId: 'wx1', package: pkg })
    await expect(taroPlatform.requestMerchantTransfer(params('ok'))).resolves.toEqual({ outcome: 'confirmed' })
    await expect(taroPlatform.requestMerchantTransfer(params('cancel'))).resolves.toEqual({ outcome: 'cancelled' })
    await expect(taroPlatform.requestMerchantTransfer(params('busy'))).resolves.toEqual({ outcome: 'failed', detail: 'requestMerchantTransfer:fail 系统繁忙' })
    taro.canIUse.mockImplementation((api: string) => api !== 'requestMerchantTransfer')
    await expect(taroPlatform.requestMerchantTransfer(params('ok'))).rejects.toMatchObject({ code: 'unsupported', userMessage: expect.stringContaining('升级') })
    taro.canIUse.mockReturnValue(true)
    taro.env = 'WEB'
    await expect(taroPlatform.requestMerchantTransfer(params('ok'))).rejects.toMatchObject({ code: 'unsupported' })
  })

  it('logs in and reads a cancelled payment sheet on weapp', async () => {
    await expect(taroPlatform.login()).resolves.toEqual({ code: 'wx-code' })
    await expect(taroPlatform.requestPayment({ timeStamp: '1', nonceStr: 'n', package: 'prepay_id=1', signType: 'RSA', paySign: 's' })).resolves.toEqual({ outcome: 'cancelled' })
  })
})

describe('taroPlatform storage', () => {
  it('reads a missing key (Taro gives "") as undefined', async () => {
    await expect(taroPlatform.getStorage('nothing')).resolves.toBeUndefined()
    await taroPlatform.setStorage('k', '{"a":1}')
    await expect(taroPlatform.getStorage('k')).resolves.toBe('{"a":1}')
    await expect(taroPlatform.storageKeys()).resolves.toEqual(['k'])
  })
})

describe('taroPlatform.onShow', () => {
  const fire = (event: 'onShow' | 'onHide') => taro.events.get(`pages/index/index.${event}`)?.forEach((f) => f())

  it("calls back when the current page is shown again after being hidden, not for its first show, and stops", () => {
    const shown = jest.fn()
    const stop = taroPlatform.onShow!(shown)
    fire('onShow') // the page's first show, a frame after it mounted
    expect(shown).not.toHaveBeenCalled()
    fire('onHide') // another page on top, or the app in the background
    fire('onShow')
    expect(shown).toHaveBeenCalledTimes(1)
    fire('onShow')
    expect(shown).toHaveBeenCalledTimes(1)
    stop()
    expect(taro.events.get('pages/index/index.onShow')?.size).toBe(0)
    expect(taro.events.get('pages/index/index.onHide')?.size).toBe(0)
  })

  it('does nothing outside a page', () => {
    taro.router = undefined
    taro.events.clear()
    const stop = taroPlatform.onShow!(jest.fn())
    expect(taro.events.size).toBe(0)
    stop()
    taro.router = { onShow: 'pages/index/index.onShow', onHide: 'pages/index/index.onHide' }
  })
})

describe('toNetworkType', () => {
  it('keeps WeChat values, maps browser ones, and reads the rest as unknown', () => {
    expect(['wifi', '2g', 'none'].map(toNetworkType)).toEqual(['wifi', '2g', 'none'])
    expect(toNetworkType('slow-2g')).toBe('2g')
    expect(toNetworkType('ethernet')).toBe('wifi')
    expect(toNetworkType('6g')).toBe('unknown')
    expect(toNetworkType(undefined)).toBe('unknown')
  })
})

describe('taroPlatform for images', () => {
  it('says the weapp <image> shows WebP', () => {
    expect(taroPlatform.getSystemInfo()).toMatchObject({ pixelRatio: 3, windowHeight: 851, webp: true })
  })

  it('compresses by one side on weapp, and refuses on H5 (Taro there answers without compressing)', async () => {
    await expect(taroPlatform.compressImage({ src: 'a.jpg', quality: 70, width: 1280 })).resolves.toEqual({ tempFilePath: 'wxfile://tmp/small.jpg' })
    const Taro = jest.requireMock<{ default: { compressImage: jest.Mock } }>('@tarojs/taro').default
    expect(Taro.compressImage).toHaveBeenCalledWith({ src: 'a.jpg', quality: 70, compressedWidth: 1280, compressedHeight: undefined })
    await expect(taroPlatform.getImageInfo('a.jpg')).resolves.toEqual({ width: 4000, height: 3000, type: 'jpeg' })
    taro.env = 'WEB'
    await expect(taroPlatform.compressImage({ src: 'a.jpg', quality: 70 })).rejects.toMatchObject({ code: 'unsupported' })
  })

  it('watches a node of the current page, once it has reached the page (next tick)', () => {
    const seen: Array<[number, string | undefined]> = []
    const watcher = taroPlatform.createIntersectionWatcher(undefined)
    watcher.observe('#ty-img-1', { bottom: 851 }, (e) => seen.push([e.intersectionRatio, e.id]))
    const [observer] = taro.observers
    expect(observer?.component).toBe(taro.page)
    expect(observer?.callback).toBeUndefined() // not before the node is rendered
    taro.ticks.forEach((tick) => tick())
    expect(observer?.margins).toEqual({ bottom: 851 })
    observer?.callback?.({ intersectionRatio: 0.5, id: 'ty-img-1' })
    expect(seen).toEqual([[0.5, 'ty-img-1']])
    watcher.disconnect()
    expect(observer?.disconnect).toHaveBeenCalled()
  })

  it('does not start watching a node whose component went away before the tick', () => {
    const watcher = taroPlatform.createIntersectionWatcher({ custom: 'wrapper' })
    watcher.observe('#ty-img-2', {}, () => {})
    watcher.disconnect()
    taro.ticks.forEach((tick) => tick())
    expect(taro.observers[0]?.component).toEqual({ custom: 'wrapper' })
    expect(taro.observers[0]?.callback).toBeUndefined()
  })

  describe('on H5', () => {
    type Entry = { isIntersecting: boolean; intersectionRatio: number }
    const globals = globalThis as unknown as Record<string, unknown>
    const page = { className: 'taro_page' }
    const node = { id: 'ty-img-3', closest: (selector: string) => (selector === '.taro_page' ? page : null) }
    let observers: Array<{ callback: (entries: Entry[]) => void; options: { root: unknown; rootMargin: string }; observed: unknown[] }>
    let overflowY = 'scroll'
    beforeEach(() => {
      taro.env = 'WEB'
      observers = []
      globals.document = { querySelector: (selector: string) => (selector === '#ty-img-3' ? node : null) }
      globals.getComputedStyle = () => ({ overflowY })
      globals.IntersectionObserver = class {
        observed: unknown[] = []
        constructor(callback: (entries: Entry[]) => void, options: { root: unknown; rootMargin: string }) {
          observers.push({ callback, options, observed: this.observed })
        }
        observe(target: unknown) {
          this.observed.push(target)
        }
        disconnect() {}
      }
    })
    afterEach(() => {
      delete globals.document
      delete globals.getComputedStyle
      delete globals.IntersectionObserver
    })

    it('measures against the page that scrolls (not Taro’s first .taro_page), with the preload margins', () => {
      const seen: number[] = []
      taroPlatform.createIntersectionWatcher(undefined).observe('#ty-img-3', { top: 400, bottom: 400 }, (e) => seen.push(e.intersectionRatio))
      taro.ticks.forEach((tick) => tick())
      expect(taro.observers).toHaveLength(0) // not Taro's H5 stand-in
      expect(observers[0]?.options).toEqual({ root: page, rootMargin: '400px 0px 400px 0px' })
      expect(observers[0]?.observed).toEqual([node])
      observers[0]?.callback([{ isIntersecting: true, intersectionRatio: 0 }]) // inside the margin: counts as in view
      observers[0]?.callback([{ isIntersecting: false, intersectionRatio: 0 }])
      expect(seen).toEqual([0.001, 0])
    })

    it('uses the viewport when the window scrolls, and loads at once where there is no IntersectionObserver', () => {
      overflowY = 'visible'
      taroPlatform.createIntersectionWatcher(undefined).observe('#ty-img-3', {}, () => {})
      taro.ticks.splice(0).forEach((tick) => tick())
      expect(observers[0]?.options.root).toBeNull()
      delete globals.IntersectionObserver
      const seen: number[] = []
      taroPlatform.createIntersectionWatcher(undefined).observe('#ty-img-3', {}, (e) => seen.push(e.intersectionRatio))
      taro.ticks.splice(0).forEach((tick) => tick())
      expect(seen).toEqual([1])
    })
  })
})
