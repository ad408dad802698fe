// Runs the sandbox on its own port: `pnpm --filter @tianyuan/wechat-sandbox start`
// (tsx src/server.ts). Settings come from the environment; see the README.
import { serve } from '@hono/node-server'
import { createWechatSandbox, DEFAULT_DATA_DIR } from './app'
import { KEY_FILES } from './keys'

const env = process.env
const port = Number(env.WECHAT_SANDBOX_PORT ?? 3100)
const host = env.WECHAT_SANDBOX_HOST ?? '127.0.0.1'
const dataDir = env.WECHAT_SANDBOX_DATA_DIR ?? DEFAULT_DATA_DIR

const sandbox = createWechatSandbox({
  dataDir,
  appId: env.WECHAT_APPID ?? 'wx-dev-appid',
  appSecret: env.WECHAT_SECRET ?? 'wx-dev-secret',
  mchId: env.WECHATPAY_MCHID ?? '1900000001',
  notifyRetryFactor: Number(env.WECHAT_SANDBOX_RETRY_FACTOR ?? 0.001),
})

const server = serve({ fetch: sandbox.fetch, port, hostname: host }, (info) => {
  const base = `http://${host}:${info.port}`
  console.log(`WeChat sandbox on ${base}  (appid ${sandbox.appId}, mchid ${sandbox.mchId})`)
  console.log(`  keys in ${dataDir}: ${Object.values(KEY_FILES).join(', ')}`)
  console.log(`  login code:  curl -XPOST ${base}/sandbox/login -H 'content-type: application/json' -d '{"user":"张大爷"}'`)
})

let stopping = false
const stop = () => {
  if (stopping) return
  stopping = true
  void sandbox.close().then(() => server.close(() => process.exit(0)))
}
process.on('SIGINT', stop)
process.on('SIGTERM', stop)
