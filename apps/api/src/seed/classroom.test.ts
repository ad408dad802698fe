import type { CourseDetail, HomeResponse, SearchResponse } from '@tianyuan/contracts'
import { describeEachDatabase, type TestDatabase } from '../testing/databases'
import { createHarness, removeMediaDir, type Harness } from '../testing/harness'
import { createDiskStorage } from '../platform/media/storage'
import { classroomDb } from '../modules/classroom/schema'
import { ILLUSTRATIONS } from './pictures'
import { SEED_CLASSROOM_COURSES, SEED_CLASSROOM_COVERS, SEED_CLASSROOM_LESSONS, seedClassroom } from './classroom'

/** What each cover must show: the course's title names it. */
const COVER_WORDS: Record<string, string[]> = { corn: ['玉米'], grain: ['水稻'], pig: ['猪'], camera: ['拍照'], fruitTree: ['果树'], pill: ['用药'] }

describeEachDatabase('classroom demo data', (fresh) => {
  let database: TestDatabase
  let h: Harness

  beforeAll(async () => {
    database = await fresh()
    h = await createHarness(database)
  })
  afterAll(async () => {
    await h.close()
    removeMediaDir(h)
    await database.drop()
  })

  const seed = () => seedClassroom({ db: h.db.kysely, storage: createDiskStorage(h.config.mediaDir), now: h.clock.now })

  test('about 6 courses and 20 lessons of all three kinds, free and paid with trials, quizzes; idempotent', async () => {
    const first = await seed()
    expect(first).toMatchObject({ courses: SEED_CLASSROOM_COURSES, lessons: SEED_CLASSROOM_LESSONS })
    expect(SEED_CLASSROOM_COURSES).toBeGreaterThanOrEqual(6)
    expect(SEED_CLASSROOM_LESSONS).toBeGreaterThanOrEqual(20)
    const again = await seed()
    expect(again).toMatchObject({ teachers: 0, courses: 0, lessons: 0 })
    // The media lessons are handed to lesson-media's seed both times (it skips what has media).
    expect(again.media.map((m) => m.lessonId).sort()).toEqual(first.media.map((m) => m.lessonId).sort())
    expect(first.media.every((m) => m.slides.length >= 3)).toBe(true)

    const db = classroomDb(h.db.kysely)
    const lessons = await db.selectFrom('classroom_lessons').select(['kind', 'trial', 'quiz']).execute()
    expect(new Set(lessons.map((l) => l.kind))).toEqual(new Set(['video', 'audio', 'article']))
    expect(lessons.filter((l) => l.quiz !== null).length).toBeGreaterThanOrEqual(3)
    const home = await (await h.request('GET', '/api/classroom/home')).json() as HomeResponse
    expect(home.courses).toHaveLength(SEED_CLASSROOM_COURSES)
    expect(home.courses.some((c) => c.free)).toBe(true)
    for (const c of home.courses.filter((x) => !x.free)) expect(c.trialCount).toBeGreaterThanOrEqual(1)
    expect(home.topics.every((t) => t.courseCount > 0)).toBe(true)
    // Every paid course's trial lesson opens without buying.
    for (const card of home.courses.filter((x) => !x.free)) {
      const course = (await (await h.request('GET', `/api/classroom/courses/${card.id}`)).json() as { course: CourseDetail }).course
      expect(course.lessons.filter((l) => !l.locked).every((l) => l.trial)).toBe(true)
    }
  })

  test('each cover shows what its course teaches (or there is none)', async () => {
    for (const { title, cover } of SEED_CLASSROOM_COVERS) {
      if (cover === null) continue
      expect(ILLUSTRATIONS[cover]).toBeDefined()
      expect([title, COVER_WORDS[cover]?.some((w) => title.includes(w))]).toEqual([title, true])
    }
  })

  test('the seeded courses are found by pinyin, initials and two characters', async () => {
    const find = async (q: string) => ((await (await h.request('GET', `/api/classroom/search?${new URLSearchParams({ q })}`)).json()) as SearchResponse).courses.map((c) => c.title)
    expect(await find('yumi')).toContain('玉米种植与高产栽培')
    expect(await find('ymzz')).toContain('玉米种植与高产栽培')
    expect(await find('水稻')).toContain('水稻旱育秧技术')
    expect(await find('猪瘟')).toContain('生猪常见病预防')
    expect(await find('农药')).toContain('果树冬季修剪与安全用药')
  })
})
