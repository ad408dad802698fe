// HTTP benchmark of the API on embedded SQLite: a catalogue-like public read, an authenticated
// read and an authenticated write with an Idempotency-Key. Prints JSON (req/s and latency).
//
//   pnpm --filter @tianyuan/api bench            (BENCH_DURATION=10 BENCH_CONNECTIONS=20 by default)
//
// The API runs as its own process (as in production, request logs at info to /dev/null); this
// process plays WeChat (the double) and drives autocannon. Both share the machine's cores.
import { spawn } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import net, { type AddressInfo } from 'node:net'
import autocannon from 'autocannon'
import { serve } from '@hono/node-server'
import sharp from 'sharp'
import type { LoginResponse, MediaMeta } from '@tianyuan/contracts'
import { createWeChatDouble } from '../src/platform/wechat/double'

const DURATION = Number(process.env.BENCH_DURATION ?? 10)
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 20)
const APPID = 'wx-bench-appid'
const SECRET = 'wx-bench-secret'

/**
 * A port nothing uses now, as the kernel hands one out. A random number in 30000–50000 (what this
 * was) lies in Linux's ephemeral range, where the run's own outgoing connections take ports: one
 * CI run failed to start the API with EADDRINUSE.
 */
async function freePort(): Promise<number> {
  const probe = net.createServer()
  await new Promise<void>((resolve, reject) => probe.once('error', reject).listen(0, '127.0.0.1', resolve))
  const { port } = probe.address() as AddressInfo
  await new Promise<void>((resolve) => probe.close(() => resolve()))
  return port
}

async function main() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tianyuan-bench-'))
  const wechat = createWeChatDouble({ appId: APPID, secret: SECRET })
  const wechatServer = serve({ fetch: wechat.app.fetch, port: 0, hostname: '127.0.0.1' })
  await new Promise((r) => wechatServer.once('listening', r))
  const wechatPort = (wechatServer.address() as AddressInfo).port
  const port = await freePort()

  const api = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, '../src/server.ts')], {
    cwd: path.join(__dirname, '..'),
    env: {
      ...process.env,
      NODE_ENV: 'production',
      PORT: String(port),
      DATA_DIR: dataDir,
      WECHAT_API_BASE: `http://127.0.0.1:${wechatPort}`,
      WECHAT_APPID: APPID,
      WECHAT_SECRET: SECRET,
      LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  })
  const base = `http://127.0.0.1:${port}`
  try {
    await waitForReady(base)
    const login = (await (
      await fetch(`${base}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ code: wechat.issueLoginCode('openid-bench') }),
      })
    ).json()) as LoginResponse
    const auth = { authorization: `Bearer ${login.token}` }
    const form = new FormData()
    const photo = await sharp({ create: { width: 800, height: 600, channels: 3, background: '#6a8' } }).jpeg().toBuffer()
    form.append('file', new Blob([new Uint8Array(photo)], { type: 'image/jpeg' }), 'p.jpg')
    const media = (await (await fetch(`${base}/api/media`, { method: 'POST', headers: auth, body: form })).json()) as MediaMeta

    const results = []
    results.push(await run('catalogue read: GET /api/media/:id/meta (public, 1 query)', { url: `${base}/api/media/${media.id}/meta` }))
    results.push(await run('authenticated read: GET /api/me (session + user)', { url: `${base}/api/me`, headers: auth }))
    results.push(
      await run('authenticated write: PATCH /api/me with a fresh Idempotency-Key', {
        url: base,
        requests: [
          {
            method: 'PATCH',
            path: '/api/me',
            headers: { ...auth, 'content-type': 'application/json' },
            setupRequest: (req) => ({
              ...req,
              headers: { ...req.headers, 'idempotency-key': randomUUID() },
              body: JSON.stringify({ nickname: `老王${Math.floor(Math.random() * 1000)}` }),
            }),
          },
        ],
      }),
    )
    results.push(await run('image variant (disk cache hit): GET /api/media/:id?w=320', { url: `${base}/api/media/${media.id}?w=320` }))
    console.log(
      JSON.stringify(
        { node: process.version, cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, database: 'sqlite', durationSeconds: DURATION, connections: CONNECTIONS, results },
        null,
        2,
      ),
    )
  } finally {
    api.kill('SIGTERM')
    await new Promise((r) => api.once('exit', r))
    wechatServer.close()
    fs.rmSync(dataDir, { recursive: true, force: true })
  }
}

async function run(name: string, options: autocannon.Options) {
  // A short warm-up, then the measured run.
  await autocannon({ ...options, connections: CONNECTIONS, duration: 2 })
  const r = await autocannon({ ...options, connections: CONNECTIONS, duration: DURATION })
  return {
    name,
    requestsPerSecond: Math.round(r.requests.average),
    latencyMs: { p50: r.latency.p50, p90: r.latency.p90, p99: r.latency.p99, max: r.latency.max },
    total: r.requests.total,
    non2xx: r.non2xx,
    errors: r.errors,
    timeouts: r.timeouts,
  }
}

async function waitForReady(base: string) {
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(`${base}/readyz`)).ok) return
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100))
  }
  throw new Error('the API did not become ready')
}

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
