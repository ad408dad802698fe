import fs from 'node:fs'
import http from 'node:http'
import os from 'node:os'
import path from 'node:path'
import { loadConfig } from '../../config'
import { createLogger } from '../logging'
import { startServer, type RunningServer } from '../../server'
import { TEST_APPID, TEST_SECRET } from '../../testing/harness'
import { createWeChatDouble } from '../wechat/double'

// A phone's connection pool (wx.request keeps connections alive): after a 413 the next request on
// the same pooled connection must work. The server does not read a body it refuses, so it must
// say it closes the connection (Connection: close) instead of promising keep-alive and hanging up.
describe('413 over a kept-alive connection (real HTTP)', () => {
  let dir: string
  let server: RunningServer
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 })

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tianyuan-413-'))
    const config = loadConfig({ NODE_ENV: 'test', HOST: '127.0.0.1', PORT: '0', DATA_DIR: dir, WECHAT_APPID: TEST_APPID, WECHAT_SECRET: TEST_SECRET, WECHAT_API_BASE: 'http://wechat.test', BODY_LIMIT_BYTES: '1024', LOG_LEVEL: 'silent' })
    server = await startServer({ config, logger: createLogger({ level: 'silent' }), fetch: createWeChatDouble({ appId: TEST_APPID, secret: TEST_SECRET }).fetch })
  })
  afterAll(async () => {
    agent.destroy()
    await server.shutdown()
    fs.rmSync(dir, { recursive: true, force: true })
  })

  /** One request on the pooled connection; `pauseMs`: the body's first KB, a pause (a slow uplink), then the rest. */
  const send = (method: string, pathname: string, body?: Buffer, pauseMs = 0) =>
    new Promise<{ status: number; headers: http.IncomingHttpHeaders; text: string }>((resolve, reject) => {
      const url = new URL(pathname, server.url)
      const req = http.request(
        { host: url.hostname, port: url.port, path: url.pathname, method, agent, headers: body ? { 'content-type': 'application/json', 'content-length': String(body.length) } : {} },
        (res) => {
          let text = ''
          res.setEncoding('utf8')
          res.on('data', (chunk: string) => (text += chunk))
          res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }))
        },
      )
      req.on('error', reject)
      if (body && pauseMs > 0) {
        req.write(body.subarray(0, 1024))
        setTimeout(() => req.end(body.subarray(1024)), pauseMs)
      } else req.end(body)
    })
  const big = Buffer.from(JSON.stringify({ code: 'x'.repeat(200_000) }))

  test.each([
    ['sent at once', 0],
    ['sent over a slow link (refused before it is all sent)', 300],
  ])('body %s: the 413 says Connection: close, and the next request on the pool succeeds', async (_name, pauseMs) => {
    expect((await send('GET', '/healthz')).status).toBe(200) // a pooled connection exists
    const refused = await send('POST', '/api/auth/login', big, pauseMs)
    expect(refused.status).toBe(413)
    expect(JSON.parse(refused.text)).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' })
    const next = await send('GET', '/healthz').then((r) => r.status, (error: Error) => error.message)
    expect(next).toBe(200)
    expect(refused.headers.connection).toBe('close')
    for (let i = 0; i < 3; i++) expect((await send('GET', '/healthz')).status).toBe(200)
  })
})
