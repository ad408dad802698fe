import fc from 'fast-check'
import { z } from 'zod'
import { AnswerQuestionRequest, AskQuestionRequest, CertificateRequest, MyQuestionsQuery, TeacherQuestionsQuery, type QuestionResponse } from '@tianyuan/contracts'
import { describeEachDatabase, type TestDatabase } from '../../testing/databases'
import { createHarness, removeMediaDir, type Harness } from '../../testing/harness'
import { Empty, expectRefused, mutationsOf, snapshotTables, sweepRoutes, sweepUnprintableText, unprintableQueryText, type SweepRoute } from '../../testing/bad-input-sweep'
import { classroomExtrasDb, type ClassroomExtrasTables } from './extras-schema'
import { classroomDb } from './schema'
import { json, newCourse, newLearner, newTeacher, type TestTeacher, type TestUser } from './testing'

/**
 * Certificates' and questions' routes in the bad-input sweep (the rules of ../bad-input.test.ts):
 * generated malformed JSON, wrong types, unknown fields, huge numbers and oversize bodies each get a
 * 4xx in the one error shape with a zh-CN message, and no question, answer or certificate is stored.
 */
const TABLES = ['users', 'media', 'classroom_enrolments', 'classroom_certificates', 'classroom_questions'] as const satisfies readonly (keyof ClassroomExtrasTables | 'users' | 'media' | 'classroom_enrolments')[]

const snapshot = (h: Harness): Promise<string> => snapshotTables(classroomExtrasDb(classroomDb(h.db.kysely)), TABLES)

describeEachDatabase('classroom: bad input on the certificates’ and questions’ routes', (fresh) => {
  let database: TestDatabase
  let h: Harness
  let teacher: TestTeacher
  let learner: TestUser
  let corn: Awaited<ReturnType<typeof newCourse>>
  let questionId: string

  beforeAll(async () => {
    database = await fresh()
    h = await createHarness(database)
    teacher = await newTeacher(h)
    learner = await newLearner(h)
    corn = await newCourse(h, teacher)
    questionId = (await json<QuestionResponse>(await h.request('POST', `/api/classroom/lessons/${corn.lessons[0]!.id}/questions`, { token: learner.token, json: { text: '每亩留多少株？' } }), 201)).question.id
  })
  afterAll(async () => {
    await h.close()
    removeMediaDir(h)
    await database.drop()
  })

  const routes: SweepRoute[] = [
    // The learner has not completed the course: even a valid body stores nothing (409).
    { method: 'POST', name: '/api/classroom/courses/:id/certificate', path: () => `/api/classroom/courses/${corn.course.id}/certificate`, token: () => learner.token, schema: CertificateRequest, valid: () => ({ name: '王小明' }) },
    { method: 'POST', name: '/api/classroom/lessons/:id/questions', path: () => `/api/classroom/lessons/${corn.lessons[1]!.id}/questions`, token: () => learner.token, schema: AskQuestionRequest, valid: () => ({ text: '叶子发黄是缺什么？' }) },
    {
      method: 'POST',
      name: '/api/classroom/teacher/questions/:id/answer',
      path: () => `/api/classroom/teacher/questions/${questionId}/answer`,
      token: () => teacher.token,
      schema: AnswerQuestionRequest,
      valid: () => ({ text: '每亩留苗 4000 到 4500 株。' }),
    },
  ]

  const poison = fc.constantFrom<unknown>(-1, 0, 1e15, null, true, [], {}, '', '   ', 'x'.repeat(3000), ['AAAAAAAAAAAAAAAAAAAAAA', 'AAAAAAAAAAAAAAAAAAAAAA'], ['bad id'])

  sweepRoutes(routes, {
    harness: () => h,
    snapshot,
    numRuns: 30,
    hugeNumbers: fc.constantFrom('{"text": 1e400}', '{"photoIds": [-1e309]}', '[1e400]', '1e999'),
    shapes: (route) => [...mutationsOf(route.valid, poison), fc.record({ text: fc.constantFrom('问', ''), photoIds: fc.array(fc.constantFrom('AAAAAAAAAAAAAAAAAAAAAA', 'x', ''), { minLength: 4, maxLength: 5 }) })],
    formBody: 'text=hello',
    oversize: { text: 'a'.repeat(200_000) },
  })

  sweepUnprintableText(routes, { harness: () => h, snapshot })

  test('GET routes: generated bad query strings → 400, database unchanged', async () => {
    const before = await snapshot(h)
    const key = fc.constantFrom('page', 'size', 'status', 'courseId', 'lessonId', 'x')
    const value = fc.oneof(fc.string({ maxLength: 8 }), fc.integer().map(String), unprintableQueryText, fc.constantFrom('1e9', '-1', '0', '51', 'open', '../x', 'x'.repeat(70)))
    const gets: [string, z.ZodType, 'learner' | 'teacher' | undefined][] = [
      ['/api/classroom/my/questions', MyQuestionsQuery, 'learner'],
      ['/api/classroom/my/certificates', Empty, 'learner'],
      [`/api/classroom/questions/${questionId}`, Empty, 'learner'],
      [`/api/classroom/courses/${corn.course.id}/certificate`, Empty, 'learner'],
      ['/api/classroom/teacher/questions', TeacherQuestionsQuery, 'teacher'],
      ['/api/classroom/certificates/verify/ABCDE-23456', Empty, undefined],
    ]
    await fc.assert(
      fc.asyncProperty(fc.dictionary(key, value, { minKeys: 1, maxKeys: 3 }), async (query) => {
        const qs = new URLSearchParams(query).toString()
        for (const [url, schema, who] of gets) {
          if (schema.safeParse(query).success) continue
          const token = who === 'learner' ? learner.token : who === 'teacher' ? teacher.token : undefined
          await expectRefused(await h.request('GET', `${url}?${qs}`, { token }))
        }
      }),
      { numRuns: 25 },
    )
    expect(await snapshot(h)).toBe(before)
  })
})
