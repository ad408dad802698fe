// Child process for the throughput benchmark's "several processes" part: API_PROCESSES copies of
// the API (each a node:cluster worker running startServer: its own database pool, scheduler and
// memory) on one DATABASE_URL, behind one port. The load balancer is node:cluster's primary (this
// process): it accepts each connection on the shared port and hands it to the next worker in turn
// (round-robin, Node's default scheduling on Linux) — a connection-level balancer, as a TCP/L4
// proxy would be, costing the primary only the accept. Each worker also listens on a port of its
// own (not shared), so the race checks can send each request to a chosen process, and a login
// (whose sandbox code lives in one worker's memory) goes through one worker.
//
// Writes one JSON line to fd 3 once every worker listens:
//   {"url": shared, "processes": [{"pid": …, "url": own}, …]}
// The first worker alone seeds the market and the clinic (SEED=1) before the others start.
// SIGTERM: every worker shuts down gracefully, then the primary exits.
import cluster from 'node:cluster'
import fs from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { createDiskStorage, loadConfig, seedClinic, startServer } from '@tianyuan/api'
import { seedMarket } from '../../../apps/api/src/seed/market'

interface Ready {
  pid: number
  url: string
  shared: string
}

async function primary(): Promise<void> {
  const count = Number(process.env.API_PROCESSES ?? '1')
  if (!Number.isInteger(count) || count < 1 || count > 16) throw new Error(`API_PROCESSES must be 1–16, not ${process.env.API_PROCESSES}`)
  cluster.setupPrimary({ exec: __filename, execArgv: process.execArgv })
  const ready: Ready[] = []
  const start = (seed: boolean) =>
    new Promise<Ready>((resolve, reject) => {
      const worker = cluster.fork({ SEED: seed ? '1' : '' })
      worker.once('message', (m: Ready) => resolve(m))
      worker.once('exit', (code) => reject(new Error(`an API worker exited with ${code} before it listened`)))
    })
  // The first alone (migrations, seed data, the sandbox's keys), then the rest at once.
  ready.push(await start(true))
  ready.push(...(await Promise.all(Array.from({ length: count - 1 }, () => start(false)))))
  const shared = new Set(ready.map((r) => r.shared))
  if (shared.size !== 1) throw new Error(`the workers listen on different shared ports: ${[...shared].join(', ')}`)
  fs.writeSync(3, `${JSON.stringify({ url: ready[0]?.shared, processes: ready.map(({ pid, url }) => ({ pid, url })) })}\n`)
  process.once('SIGTERM', () => {
    for (const w of Object.values(cluster.workers ?? {})) w?.kill('SIGTERM')
    const check = setInterval(() => {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0)
    }, 50)
    check.unref()
    setTimeout(() => process.exit(0), 15_000).unref()
  })
}

async function worker(): Promise<void> {
  // This worker's own port first (not shared, not balanced): WeChat (the sandbox in this process)
  // is reached through it, since a login code lives in the memory of the sandbox that issued it —
  // through the shared port the API's jscode2session call could reach another worker's sandbox.
  const own = http.createServer()
  await new Promise<void>((resolve) => own.listen({ port: 0, host: '127.0.0.1', exclusive: true }, resolve))
  const ownUrl = `http://127.0.0.1:${(own.address() as AddressInfo).port}`
  // PORT 0 in every worker: node:cluster gives them all the same port (the primary's one handle).
  const config = loadConfig({
    ...process.env,
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
    WECHAT_API_BASE: `${ownUrl}/wechat-sandbox`,
    WECHATPAY_API_BASE: `${ownUrl}/wechat-sandbox`,
  })
  const server = await startServer({ config, handleSignals: true })
  if (process.env.SEED === '1') {
    const storage = createDiskStorage(config.mediaDir)
    const deps = { db: server.db.kysely, storage, now: Date.now, maxBytes: config.mediaMaxBytes, maxPixels: config.mediaMaxPixels }
    await seedMarket(deps)
    const sandbox = server.sandbox
    await seedClinic({ ...deps, openidOf: sandbox ? (name) => sandbox.openidOf(name) : undefined })
  }
  // The own port serves the same request handler as the shared one.
  own.on('request', (req, res) => server.server.emit('request', req, res))
  process.once('SIGTERM', () => own.close())
  process.send?.({ pid: process.pid, url: ownUrl, shared: server.url } satisfies Ready)
}

;(cluster.isPrimary ? primary() : worker()).catch((e: unknown) => {
  console.error(e)
  process.exit(1)
})
