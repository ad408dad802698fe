import { loadConfig } from '../config'
import { openDatabase } from '../platform/db'
import { createLogger } from '../platform/logging'
import { createDiskStorage } from '../platform/media/storage'
import { seedMarket } from './market'
import { seedClinic } from './clinic'
import { seedClassroom } from './classroom'
import { seedLoans } from './loans'
import { seedNotices } from './notices'

/**
 * `pnpm --filter @tianyuan/api seed`: adds the demo data that is not there yet (idempotent), on
 * the database and media folder the server would use (DATABASE_URL, DATA_DIR, MEDIA_DIR).
 */
async function main(): Promise<void> {
  const config = loadConfig()
  const logger = createLogger({ level: config.logLevel })
  const db = await openDatabase(config.database)
  try {
    const added = await seedMarket({
      db: db.kysely,
      storage: createDiskStorage(config.mediaDir),
      now: Date.now,
      logger,
      maxBytes: config.mediaMaxBytes,
      maxPixels: config.mediaMaxPixels,
    })
    console.log(`田园集市 demo data: ${added.sellers} sellers and ${added.products} products added (already there: skipped).`)
    const clinic = await seedClinic({
      db: db.kysely,
      storage: createDiskStorage(config.mediaDir),
      now: Date.now,
      logger,
      maxBytes: config.mediaMaxBytes,
      maxPixels: config.mediaMaxPixels,
    })
    console.log(`乡村问诊 demo data: ${clinic.doctors} doctors added (already there: skipped); slots topped up to the coming 7 days.`)
    const classroom = await seedClassroom({
      db: db.kysely,
      storage: createDiskStorage(config.mediaDir),
      now: Date.now,
      logger,
      maxBytes: config.mediaMaxBytes,
      maxPixels: config.mediaMaxPixels,
    })
    // The lessons' generated media is made by the server at its first start (lesson-media's seed, with its transcode jobs).
    console.log(`田间课堂 demo data: ${classroom.courses} courses and ${classroom.lessons} lessons added (already there: skipped); their video and audio are generated when the server starts.`)
    const loans = await seedLoans({ db: db.kysely, now: Date.now, settings: config.loans, logger })
    console.log(`惠农小贷 demo data: ${loans.products} products and ${loans.officers} officer added (already there: skipped).`)
    const notices = await seedNotices({ db: db.kysely, now: Date.now, logger })
    console.log(`通知到人 demo data: ${notices.organisations} organisations and ${notices.notices} notices added or renewed (live ones: skipped).`)
  } finally {
    await db.close()
  }
}

main().catch((error: unknown) => {
  console.error('seed failed:', error instanceof Error ? error.message : error)
  process.exit(1)
})
