import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { Writable } from 'node:stream'
import { childArgs } from '../../testing/child-bundle'
import { describeEachDatabase, type TestDatabase } from '../../testing/databases'
import { createHarness, removeMediaDir, TestClock, type Harness } from '../../testing/harness'
import { createLogger } from '../../platform/logging'
import { createLessonMedia, type LessonMediaInternals } from './service'
import type { JobOutputs } from './transcode'
import { makeClip } from './testing/fixtures'
import type { TranscodeChildSettings } from './testing/transcode-child'

// A transcode survives its worker dying: a worker in its own process is killed with SIGKILL (with
// its ffmpeg) once the job is part-way done; nothing is published meanwhile; no other worker takes
// the job while its lease runs; after the lease another worker (a restarted API, or another
// instance) claims it, skips the steps already done, and publishes every edition once.
describeEachDatabase('lesson media: a transcode killed mid-way is resumed', (fresh) => {
  let database: TestDatabase
  let h: Harness
  let media: LessonMediaInternals
  let tmp: string
  const logs: string[] = []
  let child: ChildProcess | null = null

  beforeAll(async () => {
    database = await fresh()
    h = await createHarness(database, { clock: new TestClock(Date.now()), env: { LESSON_MEDIA_URL_SECRET: 'crash-test-secret-0123456789abcdefghijkl', LESSON_MEDIA_JOB_LEASE_SECONDS: '30' } })
    const logger = createLogger({
      level: 'info',
      destination: new Writable({
        write(chunk, _enc, done) {
          logs.push(String(chunk))
          done()
        },
      }),
    })
    media = createLessonMedia({ db: h.db.kysely, config: h.config, logger, now: h.clock.now, instanceId: 'parent' })
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lesson-media-crash-'))
  })
  afterAll(async () => {
    if (child && child.exitCode === null && child.signalCode === null) process.kill(-child.pid!, 'SIGKILL')
    await h.close()
    removeMediaDir(h)
    fs.rmSync(tmp, { recursive: true, force: true })
    await database.drop()
  })

  const jobRow = () => media.db.selectFrom('lesson_media_jobs').selectAll().where('lesson_id', '=', 'lesson-crash').executeTakeFirstOrThrow()

  test('killed with SIGKILL after a step, resumed elsewhere after its lease, finished once', async () => {
    await media.attachOriginal({ lessonId: 'lesson-crash', file: makeClip(tmp, { seconds: 20 }) })
    const settings: TranscodeChildSettings = { target: database.target, schema: database.schema, mediaDir: h.mediaDir, dataDir: tmp, clockAt: h.clock.now() }
    // Its own process group: the kill takes its ffmpeg too, as a crashed machine would.
    child = spawn(process.execPath, childArgs(path.join(__dirname, 'testing', 'transcode-child.ts')), {
      cwd: path.join(__dirname, '..', '..', '..'),
      env: { ...process.env, TIANYUAN_LESSON_MEDIA_CHILD: JSON.stringify(settings) },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    })
    let stderr = ''
    child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()))
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child!.once('exit', (_code, signal) => resolve(signal)))

    // Wait until the child has done at least one step (the audio) and is working on the next.
    const deadline = Date.now() + 90_000
    let outputs: JobOutputs
    for (;;) {
      const job = await jobRow()
      outputs = JSON.parse(job.outputs) as JobOutputs
      if (job.state === 'running' && job.claimed_by === 'child' && outputs.audio) break
      if (Date.now() > deadline || child.exitCode !== null) throw new Error(`the child never got part-way: ${job.state} ${stderr}`)
      await new Promise((r) => setTimeout(r, 50))
    }
    process.kill(-child.pid!, 'SIGKILL')
    expect(await exited).toBe('SIGKILL')

    const killed = await jobRow()
    expect(killed.state).toBe('running')
    expect(killed.attempts).toBe(1)
    expect(JSON.parse(killed.outputs)).not.toHaveProperty('video360')
    // Nothing half-published: the lesson is still processing, with no editions and no reachable files.
    const during = await media.describe('lesson-crash', { signed: true })
    expect(during.state).toBe('processing')
    expect(during.editions).toEqual([])
    expect(await media.db.selectFrom('lesson_media_refs').selectAll().where('lesson_id', '=', 'lesson-crash').execute()).toEqual([])

    // While the dead worker's lease runs, nobody takes the job (it might only be slow).
    expect(await media.work()).toBe(0)
    // After it, this worker claims it, skips the audio already made, and finishes.
    h.clock.advance(h.config.lessonMedia.jobLeaseMs + 120_000)
    expect(await media.work()).toBe(1)
    const done = await jobRow()
    expect(done.state).toBe('done')
    expect(done.attempts).toBe(2)
    expect(done.claimed_by).toBe('parent')
    const finished = JSON.parse(done.outputs) as JobOutputs
    expect(finished.audio).toEqual(outputs.audio)
    const steps = logs.filter((l) => l.includes('step done')).map((l) => (JSON.parse(l) as { step: string }).step)
    expect(steps).not.toContain('audio')
    expect(steps).toContain('video360')

    const ready = await media.describe('lesson-crash', { signed: true })
    expect(ready.state).toBe('ready')
    expect(ready.editions.map((e) => e.kind)).toEqual(['audio', 'slides', 'video240', 'video360'])
    expect(ready.durationS).toBeCloseTo(20, 0)
    // No temporary files left behind by either worker.
    expect(fs.readdirSync(media.dirs.work)).toEqual([])
  }, 180_000)
})
