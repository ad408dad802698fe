// A free course's quiz on the compiled weapp against the real API: enrol, the pass mark said in
// answers, nothing sent while a question is unanswered, a failed try (✗ per question, how many
// were needed), another try that passes → 这节课已学完, and the course page shows ✓ 已学完 — the
// server graded it and marked the lesson done (doneBy 'quiz').
import { FIXTURE } from '../support/fixture'
import { startClassroomApi, type ClassroomApi } from '../support/classroom-api'
import { launchClassroom, LEARNER_USER } from '../support/phone'

const QUIZ = 'pkg/pages/quiz/index'
const COURSE = 'pkg/pages/course/index'

let api: ClassroomApi
beforeAll(async () => {
  api = await startClassroomApi()
}, 60_000)
afterAll(() => api.close())

test('enrol in a free course → quiz: pass mark, unanswered refused, a fail, then a pass marks the lesson done', async () => {
  const free = api.courses.free
  const lessonId = free.lessons[0]!.id
  const { questions } = FIXTURE.free.lessons[0]!.quiz!
  const right = questions.map((q) => q.answer)
  const wrong = questions.map((q) => (q.answer + 1) % q.choices.length)

  const sim = await launchClassroom(api, { url: `/${COURSE}?id=${free.id}` })
  const course = sim.page
  await course.waitForText('玉米种植技术', { selector: '#course-title' })
  expect(course.text('#course-price')).toBe('免费')
  await course.tap('#sign-in-button')
  await course.waitFor(() => course.has('#enrol'))
  await course.tap('#enrol')
  await course.waitFor(() => !course.has('#enrol'))
  expect((await api.myCourses(LEARNER_USER)).items.map((i) => i.course.id)).toEqual([free.id])

  await course.tap(`#quiz-${lessonId}`)
  const quiz = await sim.waitForPage(QUIZ)
  /** Question n (from 1) shows choice i (from 0) as the chosen one. */
  const chosen = (n: number, i: number) => quiz.text(`#q${n}-c${i + 1}`).startsWith('●')
  await quiz.waitForText('共 2 题，答对 1 题（50%）就及格', { selector: '#pass-mark' })

  await quiz.tap('#submit-quiz')
  await quiz.waitForText('还有第 1、2 题没选', { selector: '#quiz-missing' })
  const quizPosts = () => sim.wx.requests.filter((r) => r.method === 'POST' && r.url.endsWith(`/api/classroom/lessons/${lessonId}/quiz`))
  expect(quizPosts()).toHaveLength(0)

  await quiz.tap(`#q1-c${wrong[0]! + 1}`)
  await quiz.tap(`#q2-c${wrong[1]! + 1}`)
  // As a person does: the next tap once both choices show as chosen.
  await quiz.waitFor(() => chosen(1, wrong[0]!) && chosen(2, wrong[1]!))
  await quiz.tap('#submit-quiz')
  await quiz.waitForText('答对 0 / 2 题（0%），没有及格，要答对 1 题', { selector: '#quiz-result-text' })
  expect(quiz.text('#question-1')).toContain('✗ 答错了')
  expect(quiz.has('#quiz-done')).toBe(false)

  await quiz.tap('#quiz-again')
  // The choices are open again once the result has gone (they are disabled while it shows).
  await quiz.waitFor(() => !quiz.has('#quiz-result'))
  await quiz.tap(`#q1-c${right[0]! + 1}`)
  await quiz.tap(`#q2-c${right[1]! + 1}`)
  await quiz.waitFor(() => chosen(1, right[0]!) && chosen(2, right[1]!))
  await quiz.tap('#submit-quiz')
  await quiz.waitForText('答对 2 / 2 题（100%），及格了', { selector: '#quiz-result-text' })
  expect(quiz.text('#quiz-done')).toBe('✓ 这节课已学完')
  expect(quizPosts()).toHaveLength(2)

  await quiz.tap('#back-to-course')
  await sim.waitForPage(COURSE)
  expect(sim.page).toBe(course)
  await course.waitForText('✓ 已学完', { selector: `#lesson-${lessonId}-done` })
  expect(course.text(`#quiz-${lessonId}`)).toContain('测验已通过')
  await course.waitForText('已学完 1 / 2 节', { selector: '#course-progress' })

  const progress = await api.progressOf(LEARNER_USER, lessonId)
  expect(progress).toMatchObject({ done: true, doneBy: 'quiz', quizPassed: true })
  expect(sim.errors).toEqual([])
}, 90_000)
