import { spawnSync } from 'node:child_process'
import path from 'node:path'
import { Writable } from 'node:stream'
import type { Db } from './db'
import { createJobsRunner, type JobsRunner } from './jobs'
import { createLogger } from './logging'
import { describeEachDatabase, type TestDatabase } from '../testing/databases'
import { TestClock } from '../testing/harness'

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

function runnerWithLogs(): { jobs: JobsRunner; logs: () => Record<string, unknown>[] } {
  const lines: string[] = []
  const logger = createLogger({ level: 'debug', destination: new Writable({ write: (chunk, _enc, done) => (lines.push(String(chunk)), done()) }) })
  return { jobs: createJobsRunner({ logger }), logs: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>) }
}

describe('jobs runner', () => {
  let jobs: JobsRunner
  afterEach(() => jobs.stop())

  test('runs each job on its own interval once started, not before', async () => {
    const r = runnerWithLogs()
    jobs = r.jobs
    const runs = { fast: 0, slow: 0 }
    jobs.add({ name: 'fast', everyMs: 10, run: async () => void runs.fast++ })
    jobs.add({ name: 'slow', everyMs: 1000, run: async () => void runs.slow++ })
    await sleep(40)
    expect(runs).toEqual({ fast: 0, slow: 0 })
    jobs.start()
    await sleep(120)
    expect(runs.fast).toBeGreaterThanOrEqual(4)
    expect(runs.slow).toBe(0)
  })

  test('a job never overlaps itself: ticks during a long run are skipped', async () => {
    jobs = runnerWithLogs().jobs
    let running = 0
    let most = 0
    let runs = 0
    jobs.add({
      name: 'long',
      everyMs: 5,
      run: async () => {
        running++
        most = Math.max(most, running)
        await sleep(40)
        running--
        runs++
      },
    })
    jobs.start()
    // runNow while a scheduled run may be going: joins it rather than starting a second one.
    await sleep(8)
    await Promise.all([jobs.runNow('long'), jobs.runNow('long')])
    await sleep(150)
    expect(most).toBe(1)
    expect(runs).toBeGreaterThanOrEqual(2)
  })

  test('a failing run is logged with the job’s name, not thrown, and the job runs again', async () => {
    const r = runnerWithLogs()
    jobs = r.jobs
    let calls = 0
    jobs.add({
      name: 'flaky',
      everyMs: 10,
      run: async () => {
        calls++
        if (calls === 1) throw new Error('database went away')
        return { swept: 3 }
      },
    })
    await expect(jobs.runNow('flaky')).resolves.toBeUndefined()
    jobs.start()
    await sleep(60)
    expect(calls).toBeGreaterThanOrEqual(2)
    const failed = r.logs().find((l) => l.msg === 'job failed')
    expect(failed).toMatchObject({ job: 'flaky', level: 40, err: { message: 'database went away' } })
    expect(r.logs().find((l) => l.msg === 'job done')).toMatchObject({ job: 'flaky', result: { swept: 3 } })
  })

  test('stop() waits for the runs in progress and no run starts afterwards', async () => {
    jobs = runnerWithLogs().jobs
    const events: string[] = []
    jobs.add({
      name: 'sweep',
      everyMs: 5,
      run: async () => {
        events.push('start')
        await sleep(50)
        events.push('end')
      },
    })
    jobs.start()
    while (!events.includes('start')) await sleep(2)
    await jobs.stop()
    events.push('stopped')
    expect(events.slice(-2)).toEqual(['end', 'stopped'])
    const count = events.length
    await sleep(40)
    await jobs.runNow('sweep')
    expect(events).toHaveLength(count)
  })

  test('a second job of the same name, or a zero interval, is refused', () => {
    jobs = runnerWithLogs().jobs
    jobs.add({ name: 'once', everyMs: 1000, run: async () => undefined })
    expect(() => jobs.add({ name: 'once', everyMs: 1000, run: async () => undefined })).toThrow('already registered')
    expect(() => jobs.add({ name: 'never', everyMs: 0, run: async () => undefined })).toThrow('everyMs')
  })

  test('its timers do not keep the process alive', () => {
    jobs = runnerWithLogs().jobs
    const script = `
      const { createJobsRunner } = require(${JSON.stringify(path.join(__dirname, 'jobs.ts'))})
      const jobs = createJobsRunner({ logger: { debug() {}, warn() {} } })
      jobs.add({ name: 'hourly', everyMs: 3600000, run: async () => undefined })
      jobs.start()
    `
    const child = spawnSync(process.execPath, ['--import', 'tsx', '--eval', script], { cwd: path.join(__dirname, '..', '..'), timeout: 20_000, encoding: 'utf8' })
    expect({ status: child.status, signal: child.signal, stderr: child.stderr }).toEqual({ status: 0, signal: null, stderr: '' })
  })
})

// With the database, the runner is shared by every instance on it: each tick runs on one of them.
describeEachDatabase('durable jobs runner: several instances on one database', (fresh) => {
  let database: TestDatabase
  const dbs: Db[] = []
  const runners: JobsRunner[] = []
  const silent = createLogger({ level: 'silent' })
  /** Another API instance: its own connection(s) to the same database, its own runner. */
  const instance = async (more: { now?: () => number; leaseMs?: number } = {}) => {
    const db = await database.open()
    dbs.push(db)
    const jobs = createJobsRunner({ logger: silent, db, ...more })
    runners.push(jobs)
    return jobs
  }
  beforeAll(async () => {
    database = await fresh()
  })
  afterEach(async () => {
    await Promise.all(runners.splice(0).map((r) => r.stop()))
    await Promise.all(dbs.splice(0).map((d) => d.close()))
  })
  afterAll(() => database.drop())

  test('of two instances racing for each tick, one runs it', async () => {
    const clock = new TestClock()
    const a = await instance({ now: clock.now })
    const b = await instance({ now: clock.now })
    const runs: string[] = []
    a.add({ name: 'sweep.race', everyMs: 60_000, run: async () => void runs.push('a') })
    b.add({ name: 'sweep.race', everyMs: 60_000, run: async () => void runs.push('b') })
    // Not yet due: the first tick is one interval after the job first appears.
    expect(await Promise.all([a.tick('sweep.race'), b.tick('sweep.race')])).toEqual([false, false])
    for (let i = 0; i < 10; i++) {
      clock.advance(60_000)
      const won = await Promise.all([a.tick('sweep.race'), b.tick('sweep.race'), b.tick('sweep.race'), a.tick('sweep.race')])
      expect(won.filter(Boolean)).toHaveLength(1)
    }
    expect(runs).toHaveLength(10)
  })

  test('started on two instances, a job runs once per interval between them', async () => {
    const a = await instance()
    const b = await instance()
    const runs: number[] = []
    for (const r of [a, b]) r.add({ name: 'sweep.timers', everyMs: 100, run: async () => void runs.push(Date.now()) })
    a.start()
    b.start()
    await sleep(1250)
    await Promise.all([a.stop(), b.stop()])
    // One runner alone would run it 11–12 times in 1.25 s (the first tick 100 ms after start); two
    // runners each on their own, twice that.
    expect(runs.length).toBeGreaterThanOrEqual(8)
    expect(runs.length).toBeLessThanOrEqual(13)
    const gaps = runs.slice(1).map((t, i) => t - (runs[i] as number))
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(80)
  })

  test('a tick still running on one instance is not run by another; once its lease runs out (the instance died), it is', async () => {
    const clock = new TestClock()
    const a = await instance({ now: clock.now, leaseMs: 60_000 })
    const b = await instance({ now: clock.now, leaseMs: 60_000 })
    let release: () => void = () => undefined
    const runs: string[] = []
    a.add({
      name: 'sweep.slow',
      everyMs: 10_000,
      run: async () => {
        runs.push('a')
        await new Promise<void>((resolve) => (release = resolve))
      },
    })
    b.add({ name: 'sweep.slow', everyMs: 10_000, run: async () => void runs.push('b') })
    await b.tick('sweep.slow') // makes the row
    clock.advance(10_000)
    const slow = a.tick('sweep.slow')
    while (!runs.length) await sleep(5)
    clock.advance(20_000) // two intervals later, a's run is still going under its lease
    expect(await b.tick('sweep.slow')).toBe(false)
    clock.advance(40_000) // a's lease (60 s, not renewed: its timer runs on real time) has run out
    expect(await b.tick('sweep.slow')).toBe(true)
    expect(runs).toEqual(['a', 'b'])
    release()
    expect(await slow).toBe(true)
  })

  test('a tick missed while every instance was down runs at the next start', async () => {
    const clock = new TestClock()
    const before = await instance({ now: clock.now })
    let runs = 0
    before.add({ name: 'sweep.missed', everyMs: 60_000, run: async () => void runs++ })
    expect(await before.tick('sweep.missed')).toBe(false)
    await before.stop()
    clock.advance(5 * 60_000) // down for five minutes
    const after = await instance({ now: clock.now })
    after.add({ name: 'sweep.missed', everyMs: 60_000, run: async () => void runs++ })
    expect(await after.tick('sweep.missed')).toBe(true)
    expect(await after.tick('sweep.missed')).toBe(false)
    expect(runs).toBe(1)
  })

  test('runNow still runs the job at once on this instance (tests), and an everyInstance job ticks everywhere', async () => {
    const a = await instance()
    const b = await instance()
    let runs = 0
    a.add({ name: 'sweep.now', everyMs: 3600_000, run: async () => void runs++ })
    await a.runNow('sweep.now')
    await a.runNow('sweep.now')
    expect(runs).toBe(2)
    let worked = 0
    for (const r of [a, b]) r.add({ name: 'worker', everyMs: 3600_000, everyInstance: true, run: async () => void worked++ })
    expect(await Promise.all([a.tick('worker'), b.tick('worker')])).toEqual([true, true])
    expect(worked).toBe(2)
  })
})
