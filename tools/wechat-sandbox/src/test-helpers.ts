// Shared by this package's tests: real HTTP servers on 127.0.0.1 with ephemeral ports.
import { serve } from '@hono/node-server'
import fs from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import type { DeliveryAttempt } from './notify'
import type { WechatSandbox } from './app'

export const tempDir = (): string => fs.mkdtempSync(path.join(os.tmpdir(), 'wechat-sandbox-test-'))

/** Serves a fetch handler on 127.0.0.1:<ephemeral>. */
export async function listen(fetchHandler: (req: Request) => Response | Promise<Response>): Promise<{ url: string; close(): Promise<void> }> {
  return new Promise((resolve) => {
    const server = serve({ fetch: fetchHandler, port: 0, hostname: '127.0.0.1' }, (info) => {
      resolve({
        url: `http://127.0.0.1:${info.port}`,
        close: () =>
          new Promise<void>((done) => {
            ;(server as http.Server).closeAllConnections?.()
            server.close(() => done())
          }),
      })
    })
  })
}

export interface ReceivedNotification {
  headers: http.IncomingHttpHeaders
  body: string
  /** The value of `clock()` when it arrived. */
  at: number
}

/**
 * A merchant's notify endpoint. `answer(i)` decides the i-th (0-based) delivery's status, or
 * 'hang' to never answer (until closed).
 */
export async function startReceiver(answer: (i: number) => number | 'hang' = () => 200, clock: () => number = Date.now) {
  const received: ReceivedNotification[] = []
  const waiters: Array<{ n: number; resolve: () => void }> = []
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const i = received.length
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), at: clock() })
      for (const w of waiters.filter((w) => received.length >= w.n)) {
        waiters.splice(waiters.indexOf(w), 1)
        w.resolve()
      }
      const a = answer(i)
      if (a === 'hang') return
      res.writeHead(a, { 'Content-Type': 'application/json' })
      res.end(a === 200 ? '' : JSON.stringify({ code: 'FAIL', message: 'not yet' }))
    })
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const port = (server.address() as AddressInfo).port
  return {
    url: `http://127.0.0.1:${port}/notify`,
    received,
    /** Resolves once `n` deliveries have arrived. */
    waitFor: (n: number) =>
      new Promise<void>((resolve) => (received.length >= n ? resolve() : waiters.push({ n, resolve }))),
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections()
        server.close(() => r())
      }),
  }
}

/** Resolves with the sandbox's `n`-th delivery attempt record (1-based, counting all notifications). */
export function nthAttempt(sandbox: WechatSandbox, n: number): Promise<DeliveryAttempt> {
  return new Promise((resolve) => {
    const done = sandbox.notifications.attempts()
    if (done.length >= n) return resolve(done[n - 1]!)
    const off = sandbox.notifications.onAttempt(() => {
      const all = sandbox.notifications.attempts()
      if (all.length >= n) {
        off()
        resolve(all[n - 1]!)
      }
    })
  })
}
