// Certificates and questions to the teacher on the compiled weapp against the real API: a learner
// who has not finished is told how many lessons are left; once every lesson is done the course page
// offers 领取结业证书, the name is printed on a certificate the server issued (code, picture), and a
// question sent from 问老师 waits for the teacher; once answered, the learner reads the answer.
import type { CertificateResponse, QuestionPage } from '@tianyuan/contracts/types'
import { signIn } from '@tianyuan/sim'
import { startClassroomApi, type ClassroomApi } from '../support/classroom-api'
import { TEACHER_USER } from '../support/fixture'
import { launchClassroom, LEARNER_USER } from '../support/phone'

const COURSE = 'pkg/pages/course/index'
const CERTIFICATE = 'pkg/pages/certificate/index'
const QUESTIONS = 'pkg/pages/questions/index'
const ASK = 'pkg/pages/ask/index'

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

/** Reads 图文 lessons to the end, as the player's progress queue would. */
async function read(lessonIds: string[], tag: string) {
  const at = '2026-12-03T14:00:00+08:00'
  await call(LEARNER_USER, 'POST', '/classroom/progress', { events: lessonIds.map((lessonId, i) => ({ clientEventId: `${tag}-read-${i}-0000`, lessonId, at, positionS: 0, completedAt: at })) })
}

test('not finished → how many lessons are left; finished → 领取结业证书 with the name typed; the certificate has a code and a picture', async () => {
  const free = api.courses.free
  await call(LEARNER_USER, 'POST', `/classroom/courses/${free.id}/enrol`)
  await read([free.lessons[0]!.id], 'first')

  const early = await launchClassroom(api, { url: `/${CERTIFICATE}?course=${free.id}` })
  const notYet = early.page
  await notYet.waitFor(() => notYet.has('#sign-in-button') || notYet.has('#certificate-not-yet'))
  if (notYet.has('#sign-in-button')) await notYet.tap('#sign-in-button')
  await notYet.waitForText(`这门课还差 ${free.lessons.length - 1} 节没学完`, { selector: '#certificate-not-yet' })

  await read(
    free.lessons.map((l) => l.id),
    'all',
  )
  const sim = await launchClassroom(api, { url: `/${COURSE}?id=${free.id}` })
  const course = sim.page
  await course.waitFor(() => course.has('#certificate-link'))
  await course.tap('#certificate-link')
  const page = await sim.waitForPage(CERTIFICATE)
  await page.waitFor(() => page.has('#certificate-form'))
  await page.type('#certificate-name', '李秀英')
  await page.tap('#issue-certificate')
  await page.waitFor(() => page.has('#certificate-code'))

  const issued = (await call<CertificateResponse>(LEARNER_USER, 'GET', `/classroom/courses/${free.id}/certificate`)).certificate
  expect(issued.holderName).toBe('李秀英')
  expect(page.text('#certificate-code')).toBe(`证书编号：${issued.code}`)
  expect(page.text('#certificate-facts')).toContain('玉米种植技术')
  expect(page.text()).toContain(`证书图片 `)
  // One POST: the certificate the phone shows is the one the server keeps.
  expect(sim.wx.requests.filter((r) => r.method === 'POST' && r.url.endsWith(`/api/classroom/courses/${free.id}/certificate`))).toHaveLength(1)
  // Anyone can check the code.
  const verified = await fetch(`${api.url}/api/classroom/certificates/verify/${issued.code}`)
  expect(verified.status).toBe(200)
  expect(sim.errors).toEqual([])
}, 120_000)

test('问老师: nothing sent without a lesson and a question; sent once; waits for the teacher; the answer shows', async () => {
  const free = api.courses.free
  const lesson = free.lessons[1]!
  const sim = await launchClassroom(api, { url: `/${ASK}?course=${free.id}` })
  const ask = sim.page
  await ask.waitFor(() => ask.has('#sign-in-button') || ask.has('#ask'))
  if (ask.has('#sign-in-button')) await ask.tap('#sign-in-button')
  await ask.waitFor(() => ask.has('#ask'))
  // Nothing is sent without a lesson and a question.
  await ask.tap('#send-question')
  await ask.waitForText('请选一节课')
  expect(ask.text()).toContain('请填写问题')
  const asks = () => sim.wx.requests.filter((r) => r.method === 'POST' && r.url.includes('/questions'))
  expect(asks()).toHaveLength(0)
  await ask.tap(`#ask-lesson-${lesson.id}`)
  await ask.type('#question-text', '拔节期追肥后下了大雨，要不要再追一次？')
  await ask.tap('#send-question')
  const mine = await sim.waitForPage(QUESTIONS)
  expect(asks()).toHaveLength(1)
  await mine.waitForText('等老师回答')
  expect(mine.text()).toContain('拔节期追肥后下了大雨')

  // The teacher answers (the workbench's page has its own suite, teacher-questions.test.ts: the simulator keeps one signed-in account per file).
  const page = await call<QuestionPage>(TEACHER_USER, 'GET', '/classroom/teacher/questions')
  const id = page.items[0]!.id
  await call(TEACHER_USER, 'POST', `/classroom/teacher/questions/${id}/answer`, { text: '雨后土壤湿润，看苗情：叶色发黄再每亩补 5 公斤尿素。' })

  const again = await launchClassroom(api, { url: `/${QUESTIONS}?course=${free.id}` })
  await again.page.waitForText('叶色发黄再每亩补 5 公斤尿素', { selector: `#answer-${id}` })
  expect(again.page.text(`#answer-${id}`)).toContain('老师回答')
  expect(sim.errors).toEqual([])
}, 120_000)
