import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { Writable } from 'node:stream'
import type { LoginResponse } from '@tianyuan/contracts'
import { loadConfig } from './config'
import { createLogger } from './platform/logging'
import { createWeChatDouble } from './platform/wechat/double'
import { openApi, startServer } from './server'
import { postgresAvailable } from './testing/databases'
import { TEST_APPID, TEST_SECRET } from './testing/harness'

// Over a real socket: graceful shutdown is about HTTP connections, which app.request() has none of.
describe('server (real HTTP, embedded SQLite)', () => {
  let dir: string
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tianyuan-server-'))
  })
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }))

  function start(wechat = createWeChatDouble({ appId: TEST_APPID, secret: TEST_SECRET })) {
    const logs: string[] = []
    const config = loadConfig({ NODE_ENV: 'test', PORT: '0', DATA_DIR: dir, WECHAT_APPID: TEST_APPID, WECHAT_SECRET: TEST_SECRET, WECHAT_API_BASE: 'http://wechat.test', SHUTDOWN_TIMEOUT_MS: '5000' })
    const logger = createLogger({ destination: new Writable({ write: (c, _e, done) => (logs.push(String(c)), done()) }) })
    return startServer({ config, logger, fetch: wechat.fetch }).then((s) => ({ ...s, logs, wechat }))
  }

  test('creates and migrates the database file on first start (WAL), answers /healthz and /readyz', async () => {
    const s = await start()
    try {
      expect(fs.existsSync(path.join(dir, 'tianyuan.db'))).toBe(true)
      expect(fs.existsSync(path.join(dir, 'tianyuan.db-wal'))).toBe(true)
      expect(await (await fetch(`${s.url}/healthz`)).json()).toEqual({ ok: true })
      const ready = await fetch(`${s.url}/readyz`)
      expect(ready.status).toBe(200)
      expect(ready.headers.get('x-request-id')).toBeTruthy()
    } finally {
      await s.shutdown()
    }
  })

  test('shutdown lets an in-flight request finish, refuses new work, then closes the database', async () => {
    const s = await start()
    s.wechat.setDelay(400)
    const inFlight = fetch(`${s.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code: s.wechat.issueLoginCode('openid-late') }),
    })
    while (s.wechat.calls.jscode2session === 0) await new Promise((r) => setTimeout(r, 5)) // the request is in the handler
    const stopped = s.shutdown()
    await new Promise((r) => setTimeout(r, 50))
    await expect(fetch(`${s.url}/healthz`)).rejects.toThrow() // no longer accepting
    const res = await inFlight
    expect(res.status).toBe(200)
    expect(((await res.json()) as LoginResponse).token).toBeTruthy()
    await stopped
    await expect(s.db.ping()).rejects.toThrow() // closed
    expect(s.logs.join('')).toContain('stopped: database closed')
    // The login committed before the close: a restart sees the user.
    const again = await start()
    try {
      const users = await again.db.kysely.selectFrom('users').select('openid').execute()
      expect(users.map((u) => u.openid)).toContain('openid-late')
    } finally {
      await again.shutdown()
    }
  })
})

test('openApi: the app without a socket, for mounting at /api/* on another server', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tianyuan-embed-'))
  const api = await openApi({
    config: loadConfig({ NODE_ENV: 'test', DATA_DIR: dir }),
    logger: createLogger({ level: 'silent' }),
  })
  try {
    const res = await api.fetch(new Request('http://preview.local/api/me'))
    expect(res.status).toBe(401)
    expect(((await res.json()) as { code: string }).code).toBe('UNAUTHENTICATED')
  } finally {
    await api.close()
    fs.rmSync(dir, { recursive: true, force: true })
  }
})

test('openApi runs every periodic sweep as a job, and close() waits for a running one before the database closes', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tianyuan-jobs-'))
  const api = await openApi({ config: loadConfig({ NODE_ENV: 'test', DATA_DIR: dir }), logger: createLogger({ level: 'silent' }) })
  try {
    // The sweeps that were timers of their own (server.ts, modules/*/background.ts) are jobs now.
    for (const name of ['housekeeping', 'payments.sweep', 'market.holds', 'clinic.holds']) await expect(api.jobs.runNow(name)).resolves.toBeUndefined()
    let finished: 'not yet' | 'ok' | string = 'not yet'
    api.jobs.add({
      name: 'slow-sweep',
      everyMs: 3600_000,
      run: async () => {
        await new Promise((resolve) => setTimeout(resolve, 200))
        try {
          await api.db.ping() // still open: close() waited for this run
          finished = 'ok'
        } catch (error) {
          finished = String(error)
        }
      },
    })
    const running = api.jobs.runNow('slow-sweep')
    await api.close()
    expect(finished).toBe('ok')
    await running
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
})

test('openApi polls the durable scheduler, keeps the sweeps’ ticks in scheduled_jobs, and stops both before the database closes', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tianyuan-scheduler-'))
  const api = await openApi({ config: loadConfig({ NODE_ENV: 'test', DATA_DIR: dir, SCHEDULER_POLL_MS: '20' }), logger: createLogger({ level: 'silent' }) })
  try {
    const ran: string[] = []
    api.scheduler.handle('test.ping', async (job) => void ran.push(job.key))
    await api.db.kysely.transaction().execute((tx) => api.scheduler.schedule(tx, { kind: 'test.ping', key: 'p1', runAt: Date.now() }))
    for (let i = 0; i < 200 && ran.length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 20))
    expect(ran).toEqual(['p1'])
    const ticks = async () => (await api.db.kysely.selectFrom('scheduled_jobs').select('key').where('kind', '=', 'jobs.periodic').execute()).map((r) => r.key)
    for (let i = 0; i < 100 && !(await ticks()).includes('market.holds'); i++) await new Promise((resolve) => setTimeout(resolve, 20))
    expect(await ticks()).toEqual(expect.arrayContaining(['housekeeping', 'payments.sweep', 'market.holds', 'clinic.holds']))
  } finally {
    await api.close()
    fs.rmSync(dir, { recursive: true, force: true })
  }
})

test('PostgreSQL availability is reported', () => {
  // global-setup prints a loud banner when the PostgreSQL run is skipped; this just records it.
  expect(typeof postgresAvailable).toBe('boolean')
})
