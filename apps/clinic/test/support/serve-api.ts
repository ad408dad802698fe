// Runs the real API for the clinic's simulator suites, in its own Node process (see
// @tianyuan/sim's child-server for why): temp SQLite (NODE_ENV=test: nothing seeded at start),
// the WeChat sandbox mounted at /wechat-sandbox, then the 20 demo doctors with a week of slots,
// each doctor's user given the sandbox's openid for the doctor's name (so a sandbox login as
// 张桂芳 is that doctor, as in development), and 通知到人's demo notices. Announces { url, doctors, seedMs } when ready;
// SIGTERM shuts it down and removes the data.
import fs from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import type { Doctor, DoctorPage } from '@tianyuan/contracts/types'
import { runChildServer } from '@tianyuan/sim/child-server'

/** What this script uses of @tianyuan/api (typed here: see API_MODULE). */
interface ApiModule {
  loadConfig(env: Record<string, string>): { mediaDir: string }
  startServer(options: { config: unknown; now?: () => number }): Promise<{
    url: string
    db: { kysely: unknown }
    sandbox: { openidOf(name: string): string } | null
    scheduler: { runDue(): Promise<{ ran: number; failed: number; expired: number }> }
    shutdown(): Promise<void>
  }>
  createDiskStorage(dir: string): unknown
  seedClinic(deps: { db: unknown; storage: unknown; now: () => number; openidOf: (name: string) => string }): Promise<{ doctors: number }>
  /** 通知到人's organisations and a live notice of every topic (one urgent): the home page's notice strip. */
  seedNotices(deps: { db: unknown; now: () => number }): Promise<{ notices: number }>
}

/** What the suite learns when the API is ready (clinic-api.ts reads it). */
export interface ClinicApiReady {
  url: string
  /** The seeded doctors, as GET /api/clinic/doctors lists them. */
  doctors: Doctor[]
  /** How long seeding them took (ms): it is most of the start. */
  seedMs: number
  /**
   * The test hooks (http://127.0.0.1:<port>, loopback only, this child only): `POST /advance?ms=`
   * moves the API's clock forward (its scheduler, sessions, holds); `POST /run-due` runs the
   * scheduler's due jobs now and answers `{ran, failed, expired}`.
   */
  control: string
}

// Loaded by name at run time, so that typechecking the app's tests does not typecheck the API's
// sources under the app's compiler settings (they differ: the API is checked by its own tsconfig).
const API_MODULE = '@tianyuan/api'

runChildServer(async () => {
  const api = (await import(API_MODULE)) as ApiModule
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clinic-sim-'))
  const removeData = () => fs.rmSync(dir, { recursive: true, force: true })
  try {
    const config = api.loadConfig({ NODE_ENV: 'test', HOST: '127.0.0.1', PORT: '0', DATA_DIR: dir, LOG_LEVEL: 'silent' })
    // The API's clock: real time plus what the suite moved it forward by (POST /advance).
    let offsetMs = 0
    const server = await api.startServer({ config, now: () => Date.now() + offsetMs })
    const sandbox = server.sandbox
    if (!sandbox) throw new Error('the WeChat sandbox is not mounted (NODE_ENV=test should mount it)')
    const t0 = Date.now()
    await api.seedClinic({ db: server.db.kysely, storage: api.createDiskStorage(config.mediaDir), now: Date.now, openidOf: (name) => sandbox.openidOf(name) })
    const seedMs = Date.now() - t0
    // The notices the home page's strip shows (an urgent cold-wave warning, the health centre's vaccination day).
    await api.seedNotices({ db: server.db.kysely, now: Date.now })
    const url = server.url.replace(/\/+$/, '')
    const res = await fetch(`${url}/api/clinic/doctors?size=50`)
    if (!res.ok) throw new Error(`GET /api/clinic/doctors: ${res.status} ${await res.text()}`)
    const { items: doctors } = (await res.json()) as DoctorPage
    const control = http.createServer((req, res) => {
      const answer = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' })
        res.end(JSON.stringify(body))
      }
      const at = new URL(req.url ?? '/', 'http://control')
      if (req.method === 'POST' && at.pathname === '/advance') {
        const ms = Number(at.searchParams.get('ms'))
        if (!Number.isSafeInteger(ms) || ms < 0) return answer(400, { error: 'ms must be a whole number ≥ 0' })
        offsetMs += ms
        return answer(200, { offsetMs })
      }
      if (req.method === 'POST' && at.pathname === '/run-due') {
        server.scheduler.runDue().then(
          (result) => answer(200, result),
          (error: unknown) => answer(500, { error: String(error) }),
        )
        return
      }
      answer(404, { error: 'POST /advance?ms= or /run-due' })
    })
    await new Promise<void>((resolve) => control.listen(0, '127.0.0.1', resolve))
    const controlUrl = `http://127.0.0.1:${(control.address() as AddressInfo).port}`
    const ready: ClinicApiReady = { url, doctors, seedMs, control: controlUrl }
    return { ready, shutdown: () => new Promise<void>((resolve) => control.close(() => resolve())).then(() => server.shutdown()).finally(removeData) }
  } catch (error) {
    removeData()
    throw error
  }
})
