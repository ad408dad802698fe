// The sandbox does not exist in production: nothing mounts, nothing answers, its keys are refused.
import { Hono } from 'hono'
import { createWechatPayClient } from '@tianyuan/wechatpay'
import { createWechatSandbox } from './app'
import { ensureSandboxKeys, loadSandboxKeys, SandboxRefusedError } from './keys'
import { mountWechatSandbox } from './mount'
import { tempDir } from './test-helpers'

const keysDir = tempDir() + '/keys'
const opts = { dataDir: keysDir, appId: 'wx-test-appid', appSecret: 's', mchId: '1900000109' }
const probes = [
  ['POST', '/wechat-sandbox/sandbox/login', '{"user":"张大爷"}'],
  ['GET', '/wechat-sandbox/sns/jscode2session?appid=wx-test-appid&secret=s&js_code=x&grant_type=authorization_code', undefined],
  ['POST', '/wechat-sandbox/v3/pay/transactions/jsapi', '{}'],
  ['POST', '/wechat-sandbox/sandbox/cashier/wx1/cancel', '{}'],
] as const

function apiLikeApp() {
  const app = new Hono()
  app.get('/health', (c) => c.json({ ok: true }))
  return app
}

test('in development the mounted sandbox answers under its prefix (the control)', async () => {
  const app = apiLikeApp()
  const sandbox = mountWechatSandbox(app, { ...opts, env: 'development' })
  expect(sandbox).not.toBeNull()
  try {
    for (const [method, path, body] of probes) {
      const res = await app.request(path, { method, body })
      expect([200, 401]).toContain(res.status)
    }
  } finally {
    await sandbox?.close()
  }
})

test('with NODE_ENV=production nothing is mounted and every sandbox route is 404', async () => {
  const saved = process.env.NODE_ENV
  process.env.NODE_ENV = 'production'
  try {
    const app = apiLikeApp()
    expect(mountWechatSandbox(app, opts)).toBeNull()
    for (const [method, path, body] of probes) {
      const res = await app.request(path, { method, body })
      expect(res.status).toBe(404)
    }
    expect((await app.request('/health')).status).toBe(200)
    expect(() => createWechatSandbox(opts)).toThrow(SandboxRefusedError)
  } finally {
    process.env.NODE_ENV = saved
  }
})

test('in production the sandbox keys are refused, by the loader and by the WeChat Pay client', () => {
  const keys = ensureSandboxKeys(keysDir, { env: 'test' })
  expect(() => loadSandboxKeys(keysDir, { env: 'production' })).toThrow(SandboxRefusedError)
  expect(() => ensureSandboxKeys(keysDir, { env: 'production' })).toThrow(SandboxRefusedError)
  const clientOptions = {
    baseUrl: 'https://api.mch.weixin.qq.com',
    mchId: '1900000109',
    merchantSerial: keys.merchantSerial,
    merchantPrivateKey: keys.merchantPrivateKey,
    platformPublicKeys: { [keys.platformSerial]: keys.platformPublicKey },
    apiV3Key: keys.apiV3Key,
  }
  expect(() => createWechatPayClient({ ...clientOptions, environment: 'development' })).not.toThrow()
  expect(() => createWechatPayClient({ ...clientOptions, environment: 'production' })).toThrow(/sandbox/)
})
