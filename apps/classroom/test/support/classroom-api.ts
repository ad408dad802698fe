// The real API for the classroom's simulator suites, started in a child process (serve-api.ts) and
// reached over loopback, as a phone reaches the server. Shared by classroom-app (courses, purchases)
// and classroom-sdk (the lesson with media: `startClassroomApi({ media: true })`).
import path from 'node:path'
import type { CourseDetail, CourseDetailResponse, LessonDetailResponse, LessonProgress, MyCoursesResponse, TeacherCourseResponse, TeacherCoursesResponse } from '@tianyuan/contracts/types'
import { sandboxLoginCode, signIn, startChildServer } from '@tianyuan/sim'
import type { ClassroomFixture } from './classroom-fixture'
import type { FixtureCourse, FIXTURE } from './fixture'
import type { ClassroomSimReady } from './serve-api'

export interface ClassroomApi {
  /** http://127.0.0.1:<port> */
  url: string
  /** fixture.ts's courses as made. */
  courses: Record<keyof typeof FIXTURE, FixtureCourse>
  /** The course with a transcoded video lesson (only when started with `{ media: true }`; throws otherwise). */
  readonly fixture: ClassroomFixture
  loginCode(user: string): Promise<string>
  /** A course as this user sees it (access, locks, progress). */
  courseAs(user: string, courseId: string): Promise<CourseDetail>
  myCourses(user: string): Promise<MyCoursesResponse>
  /** A lesson as this user sees it (their progress included). */
  lessonAs(user: string, lessonId: string): Promise<LessonDetailResponse['lesson']>
  /** The user's progress of a lesson as the server has it (null: none yet). */
  progressOf(user: string, lessonId: string): Promise<LessonProgress | null>
  /** A teacher's own course with its lessons (quizzes with answers, media state), as the workbench reads it. */
  teacherCourse(user: string, courseId: string): Promise<TeacherCourseResponse>
  /** A teacher's own courses. */
  teacherCourses(user: string): Promise<TeacherCoursesResponse>
  close(): Promise<void>
}

const API_DIR = path.resolve(__dirname, '../../../api')

export async function startClassroomApi(options: { media?: boolean } = {}): Promise<ClassroomApi> {
  // cwd in the API's package, so tsx, its config and its modules resolve as in `npm start`.
  const server = await startChildServer<ClassroomSimReady>({
    script: path.join(__dirname, 'serve-api.ts'),
    cwd: API_DIR,
    env: options.media ? { CLASSROOM_SIM_MEDIA: '1' } : {},
    readyTimeoutMs: options.media ? 240_000 : 60_000,
  })
  const { url, courses, media } = server.ready
  const get = async <T>(user: string, p: string): Promise<T> => {
    const token = await signIn(url, user)
    const res = await fetch(`${url}/api${p}`, { headers: { authorization: `Bearer ${token}` } })
    if (!res.ok) throw new Error(`GET ${p}: ${res.status} ${await res.text()}`)
    return (await res.json()) as T
  }
  const lessonAs = async (user: string, lessonId: string) => (await get<LessonDetailResponse>(user, `/classroom/lessons/${lessonId}`)).lesson
  return {
    url,
    courses,
    get fixture() {
      if (!media) throw new Error('start the API with startClassroomApi({ media: true }) for the lesson with media')
      return media
    },
    loginCode: (user) => sandboxLoginCode(url, user),
    courseAs: async (user, courseId) => (await get<CourseDetailResponse>(user, `/classroom/courses/${courseId}`)).course,
    myCourses: (user) => get<MyCoursesResponse>(user, '/classroom/my/courses'),
    lessonAs,
    progressOf: async (user, lessonId) => (await lessonAs(user, lessonId)).progress,
    teacherCourse: (user, courseId) => get<TeacherCourseResponse>(user, `/classroom/teacher/courses/${courseId}`),
    teacherCourses: (user) => get<TeacherCoursesResponse>(user, '/classroom/teacher/courses'),
    close: () => server.close(),
  }
}
