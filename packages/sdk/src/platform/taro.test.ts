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
    getStorageSync: (key: string) => taro.storage.get(key) ?? '',
    setStorageSync: (key: string, value: unknown) => taro.storage.set(key, value),
    removeStorageSync: (key: string) => taro.storage.delete(key),
    getStorageInfoSync: () => ({ keys: [...taro.storage.keys()] }),
  },
}))

beforeEach(() => {
  taro.env = 'WEAPP'
  taro.canIUse.mockReturnValue(true)
  taro.storage.clear()
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

describe('toNetworkType', () => {
  it('keeps WeChat values, maps browser ones, and reads the rest as unknown', () => {
    expect(['wifi', '2g', 'none'].map(toNetworkType)).toEqual(['wifi', '2g', 'none'])
    expect(toNetworkType('slow-2g')).toBe('2g')
    expect(toNetworkType('ethernet')).toBe('wifi')
    expect(toNetworkType('6g')).toBe('unknown')
    expect(toNetworkType(undefined)).toBe('unknown')
  })
})
