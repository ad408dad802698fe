import type { CourseDetail, CreateLessonRequest, LessonDetail, ProgressBatchRequest, ProgressBatchResponse, TeacherCourse, TeacherLesson } from '@tianyuan/contracts'
import type { Harness } from '../../testing/harness'
import { classroomDb } from './schema'
import { createTeacher } from './teacher'

// Helpers for the classroom's suites: a teacher (a user linked to a teacher record), courses and
// lessons made through the teacher's routes, a learner, progress batches.

export async function json<T>(res: Response, status?: number): Promise<T> {
  const text = await res.text()
  if (status !== undefined && res.status !== status) throw new Error(`expected ${status}, got ${res.status}: ${text}`)
  return JSON.parse(text) as T
}

export interface TestUser {
  token: string
  userId: string
}
export interface TestTeacher extends TestUser {
  teacherId: string
}

let teacherSeq = 0

export async function newTeacher(h: Harness): Promise<TestTeacher> {
  const login = await h.login()
  const teacherId = await createTeacher(
    classroomDb(h.db.kysely),
    { userId: login.user.id, name: `测试讲师${++teacherSeq}`, org: '洛川县农业技术推广站', intro: '农艺师，二十年玉米栽培推广' },
    h.clock.now(),
  )
  return { token: login.token, userId: login.user.id, teacherId }
}

export async function newLearner(h: Harness): Promise<TestUser> {
  const login = await h.login()
  return { token: login.token, userId: login.user.id }
}

/** A 图文 lesson body (no photos). */
export function articleLesson(title: string, extra: Partial<Extract<CreateLessonRequest, { kind: 'article' }>> = {}): CreateLessonRequest {
  return { kind: 'article', title, blocks: [{ type: 'text', text: `${title}：每亩留苗 4000 到 4500 株，行距 60 厘米。` }], ...extra }
}

/** A published course with 图文 lessons; the first `trials` are trial lessons. */
export async function newCourse(
  h: Harness,
  teacher: TestTeacher,
  options: { title?: string; intro?: string; priceFen?: number; lessons?: CreateLessonRequest[]; trials?: number; topic?: 'planting' | 'livestock' | 'ecommerce' | 'health'; publish?: boolean } = {},
): Promise<{ course: TeacherCourse; lessons: TeacherLesson[] }> {
  const course = (
    await json<{ course: TeacherCourse }>(
      await h.request('POST', '/api/classroom/teacher/courses', {
        token: teacher.token,
        json: { title: options.title ?? '玉米种植技术', topic: options.topic ?? 'planting', intro: options.intro ?? '从选种到收获，讲清楚玉米高产的关键。', priceFen: options.priceFen ?? 0 },
      }),
      201,
    )
  ).course
  const bodies = options.lessons ?? [articleLesson('第一课 选种'), articleLesson('第二课 播种'), articleLesson('第三课 田间管理')]
  const lessons: TeacherLesson[] = []
  for (const [i, body] of bodies.entries()) {
    const withTrial = i < (options.trials ?? 0) ? { ...body, trial: true } : body
    lessons.push((await json<{ lesson: TeacherLesson }>(await h.request('POST', `/api/classroom/teacher/courses/${course.id}/lessons`, { token: teacher.token, json: withTrial }), 201)).lesson)
  }
  if (options.publish !== false) await json(await h.request('PATCH', `/api/classroom/teacher/courses/${course.id}`, { token: teacher.token, json: { status: 'published' } }), 200)
  return { course, lessons }
}

export async function getCourse(h: Harness, id: string, token?: string): Promise<CourseDetail> {
  return (await json<{ course: CourseDetail }>(await h.request('GET', `/api/classroom/courses/${id}`, { token }), 200)).course
}

export async function getLesson(h: Harness, id: string, token?: string): Promise<LessonDetail> {
  return (await json<{ lesson: LessonDetail }>(await h.request('GET', `/api/classroom/lessons/${id}`, { token }), 200)).lesson
}

export async function sendProgress(h: Harness, token: string, events: ProgressBatchRequest['events'], headers: Record<string, string> = {}): Promise<ProgressBatchResponse> {
  return json<ProgressBatchResponse>(await h.request('POST', '/api/classroom/progress', { token, json: { events }, headers }), 200)
}
