import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { loadConfig } from '../config'
import { createLessonMedia, type LessonMediaInternals } from '../modules/lesson-media'
import { describeEachDatabase, type TestDatabase } from '../testing/databases'
import type { Db } from '../platform/db'
import { createLogger } from '../platform/logging'
import { hasMandarinVoice, seedLessonMedia, wrapText } from './lesson-media'

describeEachDatabase('seed lesson media', (fresh) => {
  let database: TestDatabase
  let db: Db
  let media: LessonMediaInternals
  let dir: string

  beforeAll(async () => {
    database = await fresh()
    db = await database.open()
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'seed-lesson-media-'))
    const config = loadConfig({ NODE_ENV: 'test', DATA_DIR: dir, MEDIA_DIR: path.join(dir, 'media'), LESSON_MEDIA_URL_SECRET: 'seed-test-secret-0123456789abcdefghijklmn' })
    media = createLessonMedia({ db: db.kysely, config, logger: createLogger({ level: 'silent' }) })
  })
  afterAll(async () => {
    await db.close()
    fs.rmSync(dir, { recursive: true, force: true })
    await database.drop()
  })

  test('a lesson generated from its text plays as every edition; each slide becomes a still of the 2G edition', async () => {
    const lesson = {
      lessonId: 'seed-lesson-1',
      title: '玉米合理密植',
      // Each long enough to be spoken in more than 8 s: stills are at least 8 s apart (the 2G link's budget).
      slides: [
        '密植能增产，但太密会倒伏、空秆。紧凑型品种每亩种四千五百到五千五百株，肥水好的地块取上限。',
        '平展型品种每亩三千五百到四千株。旱薄地取下限，播种时按行距六十厘米、株距按密度计算。',
      ],
    }
    expect(await seedLessonMedia(media, lesson, { logger: createLogger({ level: 'silent' }), workDir: dir })).toBe('attached')
    expect((await media.describe(lesson.lessonId, { signed: false })).state).toBe('processing')
    // Attached already: a second start does not generate it again.
    expect(await seedLessonMedia(media, lesson, { logger: createLogger({ level: 'silent' }), workDir: dir })).toBe('skipped')
    await media.work()
    const m = await media.describe(lesson.lessonId, { signed: false })
    expect(m.error).toBeUndefined()
    expect(m.state).toBe('ready')
    expect(m.editions.map((e) => e.kind)).toEqual(['audio', 'slides', 'video240', 'video360'])
    // One still per slide: a change of text on the same background is a scene change.
    const stills = m.editions[1]!.files.filter((f) => f.role === 'slide')
    expect(stills).toHaveLength(lesson.slides.length)
    if (hasMandarinVoice()) expect(m.durationS!).toBeGreaterThan(6)
  }, 120_000)

  test('slide text wraps without starting a line with punctuation', () => {
    const lines = wrapText('密植能增产，但太密会倒伏、空秆。紧凑型品种每亩种四千五百到五千五百株。', 18)
    expect(lines.join('')).toBe('密植能增产，但太密会倒伏、空秆。紧凑型品种每亩种四千五百到五千五百株。')
    for (const l of lines.slice(1)) expect(l).not.toMatch(/^[，。；！？、：]/)
  })
})
