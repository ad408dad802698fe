import path from 'node:path'
import { ConfigError, REPO_ROOT, loadConfig } from './config'

describe('loadConfig', () => {
  test('defaults work out of the box: embedded SQLite under the repo-root data/', () => {
    const config = loadConfig({})
    expect(config.database).toEqual({ kind: 'sqlite', file: path.join(REPO_ROOT, 'data', 'tianyuan.db') })
    expect(config.mediaDir).toBe(path.join(REPO_ROOT, 'data', 'media'))
    expect(config.port).toBe(3000)
    // Outside production WeChat is the in-process sandbox (null = <this server>/wechat-sandbox), keys included.
    expect(config.wechat.apiBase).toBeNull()
    expect(config.wechatPay).toMatchObject({ apiBase: null, keys: null, notifyUrlBase: null, mchId: '1900000001', paymentTimeoutMs: 15 * 60_000 })
    expect(config.sandbox).toEqual({ enabled: true, dataDir: path.join(REPO_ROOT, 'data', 'wechat-sandbox') })
  })

  test('DATABASE_URL picks PostgreSQL or an SQLite file', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://u@h:5432/db' }).database).toEqual({ kind: 'postgres', url: 'postgres://u@h:5432/db' })
    expect(loadConfig({ DATABASE_URL: 'sqlite:other.db', DATA_DIR: '/tmp/x' }).database).toEqual({ kind: 'sqlite', file: '/tmp/x/other.db' })
    expect(loadConfig({ DATABASE_URL: 'file:/abs/a.db' }).database).toEqual({ kind: 'sqlite', file: '/abs/a.db' })
  })

  test('invalid values stop the start with every problem named', () => {
    let error: unknown
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', LOG_LEVEL: 'loud', WECHAT_API_BASE: 'not a url' })
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(ConfigError)
    const message = (error as ConfigError).message
    for (const name of ['PORT', 'DATABASE_URL', 'LOG_LEVEL', 'WECHAT_API_BASE']) expect(message).toContain(name)
  })

  const PRODUCTION_PAY = {
    WECHATPAY_MCHID: '1900000109',
    WECHATPAY_MERCHANT_SERIAL: '5157F09EFDC096DE15EBE81A47057A7232F1B8E1',
    WECHATPAY_MERCHANT_PRIVATE_KEY_FILE: '/etc/tianyuan/apiclient_key.pem',
    WECHATPAY_PLATFORM_PUBLIC_KEY_FILE: '/etc/tianyuan/pub_key.pem',
    WECHATPAY_PLATFORM_PUBLIC_KEY_ID: 'PUB_KEY_ID_0114232134912410000',
    WECHATPAY_APIV3_KEY_FILE: '/etc/tianyuan/apiv3_key.txt',
    WECHATPAY_NOTIFY_URL_BASE: 'https://api.tianyuan.example',
  }

  test('production refuses the development WeChat credentials and missing WeChat Pay settings', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/WECHAT_APPID[\s\S]*WECHAT_SECRET/)
    let error: unknown
    try {
      loadConfig({ NODE_ENV: 'production', WECHAT_APPID: 'wx1', WECHAT_SECRET: 's' })
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(ConfigError)
    for (const name of Object.keys(PRODUCTION_PAY)) expect((error as ConfigError).message).toContain(`${name}: must be set in production`)
    expect(() => loadConfig({ NODE_ENV: 'production', WECHAT_APPID: 'wx1', WECHAT_SECRET: 's', ...PRODUCTION_PAY, WECHATPAY_NOTIFY_URL_BASE: 'http://x.example' })).toThrow(
      /WECHATPAY_NOTIFY_URL_BASE: WeChat Pay requires https/,
    )
    const config = loadConfig({ NODE_ENV: 'production', WECHAT_APPID: 'wx1', WECHAT_SECRET: 's', ...PRODUCTION_PAY })
    expect(config.env).toBe('production')
    // Production defaults are the real WeChat; the sandbox is off.
    expect(config.wechat.apiBase).toBe('https://api.weixin.qq.com')
    expect(config.wechatPay.apiBase).toBe('https://api.mch.weixin.qq.com')
    expect(config.sandbox.enabled).toBe(false)
  })

  test('WeChat Pay key settings: all five or none', () => {
    expect(() => loadConfig({ WECHATPAY_MERCHANT_SERIAL: 'ABCDEF0123456789' })).toThrow(/WECHATPAY_MERCHANT_PRIVATE_KEY_FILE.*set all five/)
    const { WECHATPAY_MCHID: _m, WECHATPAY_NOTIFY_URL_BASE: _n, ...keys } = PRODUCTION_PAY
    expect(loadConfig(keys).wechatPay.keys).toMatchObject({ platformPublicKeyId: 'PUB_KEY_ID_0114232134912410000' })
  })
})
