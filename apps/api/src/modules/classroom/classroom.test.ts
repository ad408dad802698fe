import type { CourseDetail, ErrorBody, HomeResponse, LearnersResponse, MeResponse, MyCoursesResponse, SearchResponse, TeacherCourse, TeacherCoursesResponse } from '@tianyuan/contracts'
import { describeEachDatabase, type TestDatabase } from '../../testing/databases'
import { createHarness, removeMediaDir, type Harness } from '../../testing/harness'
import { classroomDb } from './schema'
import { insertLesson } from './teacher'
import { articleLesson, getCourse, getLesson, json, newCourse, newLearner, newTeacher, sendProgress, type TestTeacher, type TestUser } from './testing'

/**
 * 田间课堂 as learners and teachers use it: the catalogue, free courses, locked lessons of paid
 * courses, progress synced in batches (replays never count twice), quizzes, course completion,
 * search by Chinese, pinyin and initials, and a teacher who sees only their own courses.
 */
describeEachDatabase('classroom', (fresh) => {
  let database: TestDatabase
  let h: Harness
  let teacher: TestTeacher
  let otherTeacher: TestTeacher
  let learner: TestUser
  let corn: Awaited<ReturnType<typeof newCourse>>
  let pigs: Awaited<ReturnType<typeof newCourse>>

  beforeAll(async () => {
    database = await fresh()
    h = await createHarness(database)
    teacher = await newTeacher(h)
    otherTeacher = await newTeacher(h)
    learner = await newLearner(h)
    corn = await newCourse(h, teacher, { title: '玉米种植技术', priceFen: 0 })
    pigs = await newCourse(h, otherTeacher, { title: '生猪常见病预防', topic: 'livestock', intro: '猪瘟、蓝耳病、腹泻的预防和识别。', priceFen: 1990, trials: 1 })
  })
  afterAll(async () => {
    await h.close()
    removeMediaDir(h)
    await database.drop()
  })

  test('home: topics with counts and the published courses; a draft is not listed', async () => {
    await json(await h.request('POST', '/api/classroom/teacher/courses', { token: teacher.token, json: { title: '草稿课', topic: 'health', intro: '还没写完', priceFen: 0 } }), 201)
    const home = await json<HomeResponse>(await h.request('GET', '/api/classroom/home'), 200)
    expect(home.topics.map((t) => [t.word, t.courseCount])).toEqual([
      ['种植', 1],
      ['养殖', 1],
      ['电商', 0],
      ['健康', 0],
    ])
    expect(home.courses.map((c) => c.title).sort()).toEqual(['玉米种植技术', '生猪常见病预防'].sort())
    const pig = home.courses.find((c) => c.id === pigs.course.id)!
    expect(pig).toMatchObject({ free: false, priceFen: 1990, lessonCount: 3, trialCount: 1, topicWord: '养殖' })
    expect(home.continue).toEqual([])
  })

  test('a paid course: trial lesson open, the others locked (no 图文 body, no quiz) until bought', async () => {
    const course = await getCourse(h, pigs.course.id, learner.token)
    expect(course.access).toBe('trial_only')
    expect(course.lessons.map((l) => [l.trial, l.locked])).toEqual([
      [true, false],
      [false, true],
      [false, true],
    ])
    const trial = await getLesson(h, pigs.lessons[0]!.id, learner.token)
    expect(trial.blocks?.[0]).toMatchObject({ type: 'text' })
    const locked = await getLesson(h, pigs.lessons[1]!.id, learner.token)
    expect(locked).toMatchObject({ locked: true, blocks: null, quiz: null })
    // Anonymous too.
    expect((await getLesson(h, pigs.lessons[1]!.id)).blocks).toBeNull()
    // The teacher of the course opens everything.
    expect((await getLesson(h, pigs.lessons[1]!.id, otherTeacher.token)).blocks).not.toBeNull()
    // Progress and quizzes on a locked lesson are refused.
    const batch = await sendProgress(h, learner.token, [{ clientEventId: 'locked-event-1', lessonId: pigs.lessons[1]!.id, at: '2026-11-28T12:00:00+08:00', positionS: 5, completedAt: '2026-11-28T12:00:00+08:00' }])
    expect(batch.results[0]).toMatchObject({ status: 'rejected' })
    expect(batch.lessons).toEqual([])
    const enrol = await h.request('POST', `/api/classroom/courses/${pigs.course.id}/enrol`, { token: learner.token })
    expect(enrol.status).toBe(409)
    expect(((await enrol.json()) as ErrorBody).message).toContain('需要购买')
  })

  test('a free course: enrol once (again: 200, unchanged); listed in 我的课程', async () => {
    const first = await h.request('POST', `/api/classroom/courses/${corn.course.id}/enrol`, { token: learner.token })
    expect(first.status).toBe(201)
    const firstBody = (await first.json()) as { enrolledAt: string }
    h.clock.advance(60_000)
    const again = await h.request('POST', `/api/classroom/courses/${corn.course.id}/enrol`, { token: learner.token })
    expect(again.status).toBe(200)
    expect(((await again.json()) as { enrolledAt: string }).enrolledAt).toBe(firstBody.enrolledAt)
    const mine = await json<MyCoursesResponse>(await h.request('GET', '/api/classroom/my/courses', { token: learner.token }), 200)
    expect(mine.items.map((m) => [m.course.id, m.access])).toEqual([[corn.course.id, 'free']])
    expect((await getCourse(h, corn.course.id, learner.token)).enrolled).toBe(true)
  })

  test('progress batches replayed: each event counted once, the resume position is the latest, played seconds their union; done at 90 %', async () => {
    const db = classroomDb(h.db.kysely)
    // An audio lesson of 600 s whose media is known (the seed's and the teacher's lessons get theirs from lesson-media).
    const audioId = await insertLesson(db, { courseId: corn.course.id, kind: 'audio', title: '第四课 合理密植', trial: false, durationS: 600 }, h.clock.now())
    const ev = (id: string, at: string, positionS: number, segments: [number, number][], watchedS: number) => ({ clientEventId: id, lessonId: audioId, at, positionS, segments, watchedS })
    const batch1 = [ev('evt-aaaa-0001', '2026-11-28T12:00:00+08:00', 200, [[0, 200]], 200), ev('evt-aaaa-0002', '2026-11-28T12:05:00+08:00', 300, [[200, 300]], 100)]
    const first = await sendProgress(h, learner.token, batch1)
    expect(first.results.map((r) => r.status)).toEqual(['applied', 'applied'])
    expect(first.lessons[0]).toMatchObject({ positionS: 300, coveredS: 300, fraction: 0.5, done: false })
    // The same batch again (a dropped answer), and twice at once: nothing more counted.
    const replays = await Promise.all([sendProgress(h, learner.token, batch1), sendProgress(h, learner.token, batch1), sendProgress(h, learner.token, batch1)])
    for (const r of replays) {
      expect(r.results.map((x) => x.status)).toEqual(['duplicate', 'duplicate'])
      expect(r.lessons[0]).toMatchObject({ positionS: 300, coveredS: 300, done: false })
    }
    // Watching 100–250 again (a rewind) counts nothing new, and resumes at 250 (the latest event), not 300.
    const rewind = await sendProgress(h, learner.token, [ev('evt-aaaa-0003', '2026-11-28T12:10:00+08:00', 250, [[100, 250]], 150)])
    expect(rewind.lessons[0]).toMatchObject({ positionS: 250, furthestS: 300, coveredS: 300, done: false })
    // An older event arriving late (queued offline on another phone) does not move the resume point.
    const late = await sendProgress(h, learner.token, [ev('evt-aaaa-0004', '2026-11-28T11:00:00+08:00', 500, [[300, 520]], 220)])
    expect(late.lessons[0]).toMatchObject({ positionS: 250, furthestS: 520, coveredS: 520, done: false })
    // 540 of 600 s = 90 %: done.
    const done = await sendProgress(h, learner.token, [ev('evt-aaaa-0005', '2026-11-28T12:20:00+08:00', 540, [[520, 540]], 20)])
    expect(done.lessons[0]).toMatchObject({ coveredS: 540, done: true, doneBy: 'watched' })
    const row = await db.selectFrom('classroom_progress').selectAll().where('user_id', '=', learner.userId).where('lesson_id', '=', audioId).executeTakeFirstOrThrow()
    expect(Number(row.watched_s)).toBe(200 + 100 + 150 + 220 + 20)
    // Continue where you stopped.
    const home = await json<HomeResponse>(await h.request('GET', '/api/classroom/home', { token: learner.token }), 200)
    expect(home.continue[0]).toMatchObject({ lesson: { id: audioId, kind: 'audio', kindWord: '音频' }, positionS: 540, done: true })
  })

  test('batches racing (two phones syncing at once, each retried): every event applied once, none lost', async () => {
    const db = classroomDb(h.db.kysely)
    const id = await insertLesson(db, { courseId: corn.course.id, kind: 'audio', title: '第七课 收获与晾晒', trial: false, durationS: 180 }, h.clock.now())
    const event = (n: number) => ({ clientEventId: `race-event-000${n}`, lessonId: id, at: `2026-11-28T16:0${n}:00+08:00`, positionS: n * 30, segments: [[(n - 1) * 30, n * 30]] as [number, number][], watchedS: 30 })
    const batches = [[event(1), event(2)], [event(3), event(4)], [event(5), event(6)]]
    const answers = await Promise.all([...batches, ...batches].map((b) => sendProgress(h, learner.token, b)))
    const applied = answers.flatMap((a) => a.results.filter((r) => r.status === 'applied').map((r) => r.clientEventId))
    expect(applied.sort()).toEqual([1, 2, 3, 4, 5, 6].map((n) => `race-event-000${n}`))
    const row = await db.selectFrom('classroom_progress').selectAll().where('user_id', '=', learner.userId).where('lesson_id', '=', id).executeTakeFirstOrThrow()
    expect([Number(row.watched_s), Number(row.covered_s), Number(row.position_s)]).toEqual([180, 180, 180])
    expect(row.done_at).not.toBeNull()
  })

  test('a phone that sends only watchedS: the sum of distinct events, capped at the length', async () => {
    const db = classroomDb(h.db.kysely)
    const id = await insertLesson(db, { courseId: corn.course.id, kind: 'video', title: '第五课 追肥', trial: false, durationS: 100 }, h.clock.now())
    const e = (n: number, watchedS: number) => ({ clientEventId: `watched-only-${n}`, lessonId: id, at: `2026-11-28T13:0${n}:00+08:00`, positionS: n * 30, watchedS })
    await sendProgress(h, learner.token, [e(1, 40), e(2, 40)])
    const again = await sendProgress(h, learner.token, [e(1, 40), e(2, 40)])
    expect(again.lessons[0]).toMatchObject({ coveredS: 80, done: false })
    const more = await sendProgress(h, learner.token, [e(3, 80)])
    expect(more.lessons[0]).toMatchObject({ coveredS: 100, done: true })
  })

  test('图文 read to the end and a passed quiz mark lessons done; all done → the course completed once', async () => {
    const quizLesson = await json<{ lesson: { id: string } }>(
      await h.request('POST', `/api/classroom/teacher/courses/${corn.course.id}/lessons`, {
        token: teacher.token,
        json: articleLesson('第六课 小测验', {
          quiz: {
            passPercent: 50,
            questions: [
              { prompt: '紧凑型玉米每亩宜留苗多少株？', choices: ['2000 株', '4500 株左右', '9000 株'], answer: 1 },
              { prompt: '玉米大喇叭口期应追施什么肥？', choices: ['氮肥', '不用施肥'], answer: 0 },
            ],
          },
        }),
      }),
      201,
    )
    const lesson = await getLesson(h, quizLesson.lesson.id, learner.token)
    expect(lesson.quiz?.questions[0]).toEqual({ prompt: '紧凑型玉米每亩宜留苗多少株？', choices: ['2000 株', '4500 株左右', '9000 株'] })
    const failed = await json<{ result: { passed: boolean; correct: boolean[] } }>(await h.request('POST', `/api/classroom/lessons/${lesson.id}/quiz`, { token: learner.token, json: { answers: [0, 1] } }), 200)
    expect(failed.result).toMatchObject({ passed: false, correct: [false, false] })
    const passed = await json<{ result: { passed: boolean; percent: number }; progress: { done: boolean; doneBy: string } }>(
      await h.request('POST', `/api/classroom/lessons/${lesson.id}/quiz`, { token: learner.token, json: { answers: [1, 1] } }),
      200,
    )
    expect(passed.result).toMatchObject({ passed: true, percent: 50 })
    expect(passed.progress).toMatchObject({ done: true, doneBy: 'quiz' })
    expect((await getLesson(h, lesson.id, learner.token)).lastQuizResult).toMatchObject({ passed: true })
    // Read the three 图文 lessons to the end: the course is completed.
    let course: CourseDetail = await getCourse(h, corn.course.id, learner.token)
    expect(course.progress).toMatchObject({ completed: false })
    const reads = corn.lessons.map((l, i) => ({ clientEventId: `read-corn-${i}0000`, lessonId: l.id, at: '2026-11-28T14:00:00+08:00', positionS: 0, completedAt: '2026-11-28T14:00:00+08:00' }))
    const synced = await sendProgress(h, learner.token, reads)
    expect(synced.courses[0]?.progress).toMatchObject({ completed: true, doneLessons: course.lessons.length, totalLessons: course.lessons.length })
    course = await getCourse(h, corn.course.id, learner.token)
    expect(course.progress?.completedAt).not.toBeNull()
    const completedAt = course.progress?.completedAt
    await sendProgress(h, learner.token, [{ ...reads[0]!, clientEventId: 'read-corn-again-1' }])
    expect((await getCourse(h, corn.course.id, learner.token)).progress?.completedAt).toBe(completedAt)
  })

  test('a teacher sees only their own courses; another teacher’s → 404; a learner is not a teacher → 403', async () => {
    const mine = await json<TeacherCoursesResponse>(await h.request('GET', '/api/classroom/teacher/courses', { token: teacher.token }), 200)
    expect(mine.items.map((c) => c.id)).toContain(corn.course.id)
    expect(mine.items.map((c) => c.id)).not.toContain(pigs.course.id)
    for (const [method, url, body] of [
      ['GET', `/api/classroom/teacher/courses/${pigs.course.id}`, undefined],
      ['PATCH', `/api/classroom/teacher/courses/${pigs.course.id}`, { title: '改名' }],
      ['GET', `/api/classroom/teacher/courses/${pigs.course.id}/learners`, undefined],
      ['POST', `/api/classroom/teacher/courses/${pigs.course.id}/lessons`, articleLesson('插一课')],
      ['GET', `/api/classroom/teacher/lessons/${pigs.lessons[0]!.id}`, undefined],
      ['PATCH', `/api/classroom/teacher/lessons/${pigs.lessons[0]!.id}`, { title: '改名' }],
    ] as const) {
      const res = await h.request(method, url, { token: teacher.token, json: body })
      expect([url, res.status]).toEqual([url, 404])
    }
    expect((await getCourse(h, pigs.course.id)).title).toBe('生猪常见病预防')
    const notTeacher = await h.request('GET', '/api/classroom/teacher/courses', { token: learner.token })
    expect(notTeacher.status).toBe(403)
    expect(((await notTeacher.json()) as ErrorBody)).toMatchObject({ code: 'NOT_A_TEACHER' })
    // The role is on /api/me.
    expect((await json<MeResponse>(await h.request('GET', '/api/me', { token: teacher.token }), 200)).roles).toContain('teacher')
    expect((await json<MeResponse>(await h.request('GET', '/api/me', { token: learner.token }), 200)).roles).not.toContain('teacher')
  })

  test('learners’ progress for the teacher: counts and per-learner progress, a nickname or 学员 code and nothing else', async () => {
    const res = await json<LearnersResponse>(await h.request('GET', `/api/classroom/teacher/courses/${corn.course.id}/learners`, { token: teacher.token }), 200)
    expect(res.counts).toMatchObject({ learners: 1, completed: 1, purchased: 0 })
    expect(res.items).toHaveLength(1)
    expect(Object.keys(res.items[0]!).sort()).toEqual(['access', 'completedAt', 'doneLessons', 'fraction', 'lastActiveAt', 'name', 'totalLessons'])
    expect(res.items[0]!.name).toMatch(/^学员[0-9A-F]{4}$/)
    expect(JSON.stringify(res)).not.toContain(learner.userId)
  })

  test('progress is the viewer’s own: another learner sees none of it, and cannot write it', async () => {
    const other = await newLearner(h)
    const course = await getCourse(h, corn.course.id, other.token)
    expect(course.lessons.every((l) => l.progress === null)).toBe(true)
    expect(course.progress).toMatchObject({ doneLessons: 0, completed: false })
    const home = await json<HomeResponse>(await h.request('GET', '/api/classroom/home', { token: other.token }), 200)
    expect(home.continue).toEqual([])
    // Reusing the first learner's event ids counts for the other learner alone, and leaves the first's progress as it was.
    const mine = await getCourse(h, corn.course.id, learner.token)
    await sendProgress(h, other.token, [{ clientEventId: 'evt-aaaa-0001', lessonId: corn.lessons[0]!.id, at: '2026-11-28T15:00:00+08:00', positionS: 1 }])
    const after = await getCourse(h, corn.course.id, learner.token)
    expect({ lessons: after.lessons, progress: after.progress }).toEqual({ lessons: mine.lessons, progress: mine.progress })
  })

  test('draft courses are their teacher’s alone: 404 for learners, lessons too', async () => {
    const draft = await json<{ course: TeacherCourse }>(
      await h.request('POST', '/api/classroom/teacher/courses', { token: teacher.token, json: { title: '果树修剪', topic: 'planting', intro: '冬季修剪', priceFen: 0 } }),
      201,
    )
    const lesson = await json<{ lesson: { id: string } }>(await h.request('POST', `/api/classroom/teacher/courses/${draft.course.id}/lessons`, { token: teacher.token, json: articleLesson('第一课 修剪时期') }), 201)
    expect((await h.request('GET', `/api/classroom/courses/${draft.course.id}`, { token: learner.token })).status).toBe(404)
    expect((await h.request('GET', `/api/classroom/lessons/${lesson.lesson.id}`, { token: learner.token })).status).toBe(404)
    expect((await h.request('GET', `/api/classroom/courses/${draft.course.id}`, { token: teacher.token })).status).toBe(200)
  })

  describe('search', () => {
    const find = async (q: string) => json<SearchResponse>(await h.request('GET', `/api/classroom/search?${new URLSearchParams({ q }).toString()}`), 200)

    test.each([
      ['yumi', '玉米种植技术'],
      ['ymzz', '玉米种植技术'],
      ['YuMi', '玉米种植技术'],
      ['玉米', '玉米种植技术'],
      ['种植', '玉米种植技术'],
      ['猪瘟', '生猪常见病预防'],
      ['shengzhu', '生猪常见病预防'],
      ['szcjbyf', '生猪常见病预防'],
      ['生猪 预防', '生猪常见病预防'],
    ])('%s finds %s', async (q, title) => {
      const found = await find(q)
      expect(found.courses.map((c) => c.title)).toContain(title)
    })

    test('two characters that appear nowhere find nothing; lessons are found by their titles and texts', async () => {
      expect((await find('水稻')).courses).toEqual([])
      expect((await find('xyz')).courses).toEqual([])
      const lessons = await find('播种')
      expect(lessons.lessons.map((l) => l.title)).toEqual(expect.arrayContaining(['第二课 播种']))
      // % and _ are matched as themselves, not as wildcards.
      expect((await find('%')).courses).toEqual([])
      expect((await find('_')).courses).toEqual([])
    })
  })
})
