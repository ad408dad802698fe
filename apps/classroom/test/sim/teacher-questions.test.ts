// The teacher's 学员的提问 on the compiled weapp against the real API: reached from the workbench,
// questions of the teacher's courses with the unanswered counted, an empty answer refused on the
// phone, an answer sent once and stored, the count going to 问题都回答完了.
import type { QuestionPage, QuestionResponse } from '@tianyuan/contracts/types'
import { signIn } from '@tianyuan/sim'
import { startClassroomApi, type ClassroomApi } from '../support/classroom-api'
import { TEACHER_USER } from '../support/fixture'
import { launchClassroom, LEARNER_USER } from '../support/phone'

let api: ClassroomApi
beforeAll(async () => {
  api = await startClassroomApi()
}, 60_000)
afterAll(() => api.close())

async function call<T>(user: string, method: string, path: string, body?: unknown): Promise<T> {
  const token = await signIn(api.url, user)
  const res = await fetch(`${api.url}/api${path}`, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) })
  const text = await res.text()
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`)
  return JSON.parse(text) as T
}

test('workbench → 学员的提问: the waiting question, an empty answer refused, the answer sent once and stored', async () => {
  const free = api.courses.free
  const { question } = await call<QuestionResponse>(LEARNER_USER, 'POST', `/classroom/lessons/${free.lessons[0]!.id}/questions`, { text: '紧凑型品种种在旱地，也按 4500 株留苗吗？' })

  const sim = await launchClassroom(api, { user: TEACHER_USER, url: '/teacher/pages/courses/index' })
  const courses = sim.page
  await courses.waitFor(() => courses.has('#sign-in-button') || courses.has('#teacher-questions-link'))
  if (courses.has('#sign-in-button')) await courses.tap('#sign-in-button')
  await courses.waitFor(() => courses.has('#teacher-questions-link'))
  await courses.tap('#teacher-questions-link')
  const page = await sim.waitForPage('teacher/pages/questions/index')
  await page.waitForText('有 1 个问题等您回答', { selector: '#teacher-questions-waiting' })
  expect(page.text(`#question-${question.id}`)).toContain('紧凑型品种种在旱地')

  const answers = () => sim.wx.requests.filter((r) => r.method === 'POST' && r.url.endsWith(`/api/classroom/teacher/questions/${question.id}/answer`))
  await page.tap(`#answer-${question.id}-send`)
  await page.waitForText('请填写您的回答')
  expect(answers()).toHaveLength(0)

  await page.type(`#answer-text-${question.id}`, '旱地取下限，每亩 4000 株左右，保苗比密度要紧。')
  await page.tap(`#answer-${question.id}-send`)
  await page.waitForText('问题都回答完了', { selector: '#teacher-questions-waiting' })
  expect(page.text(`#answer-${question.id}`)).toContain('旱地取下限')
  expect(answers()).toHaveLength(1)

  const stored = await call<QuestionPage>(LEARNER_USER, 'GET', '/classroom/my/questions')
  expect(stored.items[0]?.answer?.text).toBe('旱地取下限，每亩 4000 株左右，保苗比密度要紧。')
  expect(sim.errors).toEqual([])
}, 120_000)
