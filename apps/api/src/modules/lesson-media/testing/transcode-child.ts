// A transcode worker in a process of its own, on a test's database and media folder: for the test
// that kills it (SIGKILL) mid-way and resumes the job elsewhere. Run as
// `node --import tsx transcode-child.ts` with TIANYUAN_LESSON_MEDIA_CHILD (JSON: TranscodeChildSettings).
import type { DatabaseTarget } from '../../../config'
import { loadConfig } from '../../../config'
import { openDatabase } from '../../../platform/db'
import { createLogger } from '../../../platform/logging'
import { createLessonMedia } from '../service'

export interface TranscodeChildSettings {
  target: DatabaseTarget
  schema?: string
  mediaDir: string
  dataDir: string
  /** Epoch ms the child's clock starts at (the test's clock), then moving with the wall clock. */
  clockAt: number
}

async function main(): Promise<void> {
  const settings = JSON.parse(process.env.TIANYUAN_LESSON_MEDIA_CHILD ?? '') as TranscodeChildSettings
  const config = loadConfig({ NODE_ENV: 'test', DATA_DIR: settings.dataDir, MEDIA_DIR: settings.mediaDir, LESSON_MEDIA_JOB_LEASE_SECONDS: '30' })
  const db = await openDatabase(settings.target, settings.schema ? { schema: settings.schema, poolSize: 2 } : {})
  const started = Date.now()
  const media = createLessonMedia({ db: db.kysely, config, logger: createLogger({ level: 'silent' }), now: () => settings.clockAt + (Date.now() - started), instanceId: 'child' })
  process.stdout.write('working\n')
  await media.work()
  await db.close()
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error instanceof Error ? error.stack : error)}\n`)
  process.exit(1)
})
