import { spawnSync } from 'node:child_process'
import path from 'node:path'
import { Writable } from 'node:stream'
import { createJobsRunner, type JobsRunner } from './jobs'
import { createLogger } from './logging'

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
