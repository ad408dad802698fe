import type { ErrorBody, FieldIssue, MediaMeta, Question, QuestionPage, QuestionResponse } from '@tianyuan/contracts'
import { describeEachDatabase, type TestDatabase } from '../../testing/databases'
import { createHarness, removeMediaDir, type Harness } from '../../testing/harness'
import { fileBlob, multipart, tinyPng } from '../../testing/images'
import { DEFAULT_QUESTION_LIMITS } from './questions'
import { json, newCourse, newLearner, newTeacher, type TestTeacher, type TestUser } from './testing'

/**
 * Questions to the teacher: a learner asks about a lesson they may open, with up to 3 of their own
 * photos, and sees only their own questions and the answers; a teacher lists and answers only the
 * questions of their own courses (unanswered first); per-learner quotas hold when requests arrive
 * together; bad input is a 400 naming the field.
 */
describeEachDatabase('classroom: questions to the teacher', (fresh) => {
  let database: TestDatabase
  let h: Harness
  let cornTeacher: TestTeacher
  let pigTeacher: TestTeacher
  let asker: TestUser
  let neighbour: TestUser
  let corn: Awaited<ReturnType<typeof newCourse>>
  let pigs: Awaited<ReturnType<typeof newCourse>>

  const upload = async (token: string) => json<MediaMeta>(await h.request('POST', '/api/media', { token, body: multipart({ file: fileBlob(await tinyPng()) }) }), 201)
  const ask = (token: string, lessonId: string, body: unknown) => h.request('POST', `/api/classroom/lessons/${lessonId}/questions`, { token, json: body })
  const asked = async (token: string, lessonId: string, body: unknown) => (await json<QuestionResponse>(await ask(token, lessonId, body), 201)).question
  const errorOf = (res: Response, status: number) => json<ErrorBody>(res, status)
  const fieldOf = (e: ErrorBody) => (e.details as { issues?: FieldIssue[] } | undefined)?.issues?.[0]?.field

  beforeAll(async () => {
    database = await fresh()
    h = await createHarness(database)
    cornTeacher = await newTeacher(h)
    pigTeacher = await newTeacher(h)
    asker = await newLearner(h)
    neighbour = await newLearner(h)
    corn = await newCourse(h, cornTeacher, { title: '玉米种植技术' })
    pigs = await newCourse(h, pigTeacher, { title: '生猪常见病预防', topic: 'livestock', priceFen: 1990, trials: 1 })
  })
  afterAll(async () => {
    await h.close()
    removeMediaDir(h)
    await database.drop()
  })

  let withPhotos: Question
  let onTrial: Question

  test('a learner asks about a lesson with photos of their own; they see it, with no answer yet', async () => {
    const photos = [await upload(asker.token), await upload(asker.token)]
    withPhotos = await asked(asker.token, corn.lessons[1]!.id, { text: '叶子发黄、边上有褐色斑点，是缺钾吗？\n照片是今天拍的。', photoIds: photos.map((p) => p.id) })
    expect(withPhotos).toMatchObject({ courseId: corn.course.id, courseTitle: '玉米种植技术', lessonId: corn.lessons[1]!.id, lessonTitle: '第二课 播种', answer: null })
    expect(withPhotos.photos.map((p) => p.id)).toEqual(photos.map((p) => p.id))
    // The trial lesson of a paid course is open to everyone.
    onTrial = await asked(asker.token, pigs.lessons[0]!.id, { text: '小猪拉稀，先喂什么？' })
    const mine = await json<QuestionPage>(await h.request('GET', '/api/classroom/my/questions', { token: asker.token }), 200)
    expect(mine.items.map((q) => q.id)).toEqual([onTrial.id, withPhotos.id])
    expect(mine.unansweredCount).toBe(2)
    expect((await json<QuestionPage>(await h.request('GET', `/api/classroom/my/questions?lessonId=${corn.lessons[1]!.id}`, { token: asker.token }), 200)).items.map((q) => q.id)).toEqual([withPhotos.id])
  })

  test('a locked lesson of a paid course takes no question (403); a lesson that does not exist → 404', async () => {
    const locked = await errorOf(await ask(asker.token, pigs.lessons[1]!.id, { text: '这节课讲什么？' }), 403)
    expect(locked.code).toBe('LESSON_LOCKED')
    await errorOf(await ask(asker.token, 'A'.repeat(22), { text: '有人吗？' }), 404)
    await errorOf(await h.request('POST', `/api/classroom/lessons/${corn.lessons[0]!.id}/questions`, { json: { text: '没登录' } }), 401)
  })

  test('nobody else sees a question: another learner and another course’s teacher get 404 and empty lists', async () => {
    await errorOf(await h.request('GET', `/api/classroom/questions/${withPhotos.id}`, { token: neighbour.token }), 404)
    expect((await json<QuestionPage>(await h.request('GET', '/api/classroom/my/questions', { token: neighbour.token }), 200)).items).toEqual([])
    // The pig teacher sees the pig question only, and cannot open or answer the corn one.
    const pigList = await json<QuestionPage>(await h.request('GET', '/api/classroom/teacher/questions', { token: pigTeacher.token }), 200)
    expect(pigList.items.map((q) => q.id)).toEqual([onTrial.id])
    await errorOf(await h.request('GET', `/api/classroom/questions/${withPhotos.id}`, { token: pigTeacher.token }), 404)
    await errorOf(await h.request('POST', `/api/classroom/teacher/questions/${withPhotos.id}/answer`, { token: pigTeacher.token, json: { text: '是缺钾' } }), 404)
    await errorOf(await h.request('GET', `/api/classroom/teacher/questions?courseId=${corn.course.id}`, { token: pigTeacher.token }), 404)
    // A learner is not a teacher.
    expect((await errorOf(await h.request('GET', '/api/classroom/teacher/questions', { token: asker.token }), 403)).code).toBe('NOT_A_TEACHER')
    expect((await errorOf(await h.request('POST', `/api/classroom/teacher/questions/${withPhotos.id}/answer`, { token: neighbour.token, json: { text: '我来答' } }), 403)).code).toBe('NOT_A_TEACHER')
    // Nothing was answered.
    expect((await json<QuestionResponse>(await h.request('GET', `/api/classroom/questions/${withPhotos.id}`, { token: asker.token }), 200)).question.answer).toBeNull()
  })

  test('the teacher lists unanswered first (longest waiting first), answers with a photo; the learner sees the answer', async () => {
    const later = await asked(neighbour.token, corn.lessons[0]!.id, { text: '每亩留多少株？' })
    const list = await json<QuestionPage>(await h.request('GET', '/api/classroom/teacher/questions', { token: cornTeacher.token }), 200)
    expect(list.items.map((q) => q.id)).toEqual([withPhotos.id, later.id])
    expect(list.unansweredCount).toBe(2)
    const photo = await upload(cornTeacher.token)
    const answered = await json<QuestionResponse>(
      await h.request('POST', `/api/classroom/teacher/questions/${withPhotos.id}/answer`, { token: cornTeacher.token, json: { text: '是缺钾，每亩追施氯化钾 5 到 8 公斤。', photoIds: [photo.id] } }),
      200,
    )
    expect(answered.question.answer).toMatchObject({ text: '是缺钾，每亩追施氯化钾 5 到 8 公斤。', teacherName: expect.stringMatching(/^测试讲师/) })
    expect(answered.question.answer?.photos.map((p) => p.id)).toEqual([photo.id])
    // Unanswered first, then answered.
    const after = await json<QuestionPage>(await h.request('GET', '/api/classroom/teacher/questions', { token: cornTeacher.token }), 200)
    expect(after.items.map((q) => [q.id, q.answer === null])).toEqual([
      [later.id, true],
      [withPhotos.id, false],
    ])
    expect(after.unansweredCount).toBe(1)
    expect((await json<QuestionPage>(await h.request('GET', '/api/classroom/teacher/questions?status=answered', { token: cornTeacher.token }), 200)).items.map((q) => q.id)).toEqual([withPhotos.id])
    const seen = await json<QuestionResponse>(await h.request('GET', `/api/classroom/questions/${withPhotos.id}`, { token: asker.token }), 200)
    expect(seen.question.answer?.text).toBe('是缺钾，每亩追施氯化钾 5 到 8 公斤。')
    // The neighbour's own list still holds only their own question.
    expect((await json<QuestionPage>(await h.request('GET', '/api/classroom/my/questions', { token: neighbour.token }), 200)).items.map((q) => q.id)).toEqual([later.id])
  })

  test('bad input → 400 naming the field: empty text, 4 photos, a repeated photo, another person’s photo, unknown fields', async () => {
    const lessonId = corn.lessons[2]!.id
    const mine = await Promise.all([upload(asker.token), upload(asker.token), upload(asker.token), upload(asker.token)])
    const theirs = await upload(neighbour.token)
    const cases: Array<[unknown, string, string]> = [
      [{ text: '   ' }, 'text', '请填写问题'],
      [{}, 'text', '请填写问题'],
      [{ text: '看看', photoIds: mine.map((p) => p.id) }, 'photoIds', '最多 3 张照片'],
      [{ text: '看看', photoIds: [mine[0]!.id, mine[0]!.id] }, 'photoIds', '有重复的照片'],
      [{ text: '看看', photoIds: [mine[0]!.id, theirs.id] }, 'photoIds.1', '找不到这张照片，请重新上传'],
      [{ text: '看看', photoIds: ['bad id'] }, 'photoIds.0', '图片编号格式不对'],
      [{ text: 'x'.repeat(1001) }, 'text', '问题最多 1000 个字'],
      [{ text: '看看', lessonId: corn.lessons[0]!.id }, 'lessonId', ''],
    ]
    for (const [body, field, message] of cases) {
      const e = await errorOf(await ask(asker.token, lessonId, body), 400)
      expect([body, fieldOf(e), e.message]).toEqual([body, field, expect.stringContaining(message)])
    }
    const empty = await errorOf(await h.request('POST', `/api/classroom/teacher/questions/${withPhotos.id}/answer`, { token: cornTeacher.token, json: { text: '' } }), 400)
    expect([fieldOf(empty), empty.message]).toEqual(['text', expect.stringContaining('请写下回答')])
    const status = await errorOf(await h.request('GET', '/api/classroom/teacher/questions?status=open', { token: cornTeacher.token }), 400)
    expect(fieldOf(status)).toBe('status')
    // Nothing was stored by the refused requests.
    expect((await json<QuestionPage>(await h.request('GET', `/api/classroom/my/questions?lessonId=${lessonId}`, { token: asker.token }), 200)).items).toEqual([])
  })

  test(`quota: at most ${DEFAULT_QUESTION_LIMITS.unansweredPerCourse} unanswered questions per course, also when they arrive together (409 saying what to do)`, async () => {
    const eager = await newLearner(h)
    const n = DEFAULT_QUESTION_LIMITS.unansweredPerCourse + 3
    const responses = await Promise.all(Array.from({ length: n }, (_, i) => ask(eager.token, corn.lessons[0]!.id, { text: `第 ${i + 1} 个问题：什么时候追肥？` })))
    const statuses = responses.map((r) => r.status)
    expect(statuses.filter((s) => s === 201)).toHaveLength(DEFAULT_QUESTION_LIMITS.unansweredPerCourse)
    expect(statuses.filter((s) => s === 409)).toHaveLength(3)
    const refused = (await responses.find((r) => r.status === 409)!.json()) as ErrorBody
    expect(refused).toMatchObject({ code: 'QUOTA_EXCEEDED', message: `这门课您已有 5 个问题等老师回答（最多 5 个）。老师回答后再问，或把几个问题写在一起` })
    // Another course is not counted against this one.
    await asked(eager.token, pigs.lessons[0]!.id, { text: '猪圈多久消毒一次？' })
    // Once the teacher answers one, the learner may ask again.
    const page = await json<QuestionPage>(await h.request('GET', `/api/classroom/my/questions?courseId=${corn.course.id}`, { token: eager.token }), 200)
    await json(await h.request('POST', `/api/classroom/teacher/questions/${page.items[0]!.id}/answer`, { token: cornTeacher.token, json: { text: '拔节期追肥。' } }), 200)
    await asked(eager.token, corn.lessons[0]!.id, { text: '追什么肥？' })
  })
})
