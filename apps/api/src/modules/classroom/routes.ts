import { Hono, type Context } from 'hono'
import { z } from 'zod'
import {
  ClassroomId,
  CourseListQuery,
  CreateCourseRequest,
  CreateLessonRequest,
  LearnersQuery,
  ProgressBatchRequest,
  QuizSubmitRequest,
  SearchQuery,
  UpdateCourseRequest,
  UpdateLessonRequest,
  type CourseDetailResponse,
  type HomeResponse,
  type LessonDetailResponse,
  type MyCoursesResponse,
  type PurchaseResponse,
  type TeacherCourseResponse,
  type TeacherCoursesResponse,
  type TeacherLessonResponse,
  type TeacherMeResponse,
} from '@tianyuan/contracts'
import type { AppEnv } from '../../platform/context'
import type { Logger } from '../../platform/logging'
import { requireUser, signedIn } from '../../platform/auth/sessions'
import { readEmptyBody, readJson, readQuery } from '../../platform/validation'
import type { PaymentsService } from '../payments'
import { courseDetail, home, lessonDetail, listCourses, myCourses, search, teacherOf } from './catalog'
import { applyProgressBatch, submitQuiz } from './progress'
import { enrol, getPurchase, startPurchase } from './purchases'
import { classroomErrors, type ClassroomDeps } from './shared'
import { classroomExtrasRoutes } from './extras-routes'
import { courseLearners, createCourse, createLesson, teacherCourse, teacherCourses, teacherIdOf, teacherLesson, updateCourse, updateLesson } from './teacher'

const NoQuery = z.strictObject({})

/** An id that cannot be one of ours is simply not found. */
function idParam(c: Context<AppEnv>, notFound: () => Error): string {
  const raw = c.req.param('id') ?? ''
  if (!ClassroomId.safeParse(raw).success) throw notFound()
  return raw
}

/** The signed-in user, if any (the catalogue is public; signed in, it shows access and progress). */
function viewer(c: Context<AppEnv>): string | null {
  const caller = c.get('caller')
  return caller.kind === 'user' ? caller.userId : null
}

export interface ClassroomRouteDeps extends ClassroomDeps {
  payments: PaymentsService | null
  logger: Logger
}

/** 田间课堂: mounted at /api/classroom (lesson-media mounts /uploads and /media under it itself). */
export function classroomRoutes(deps: ClassroomRouteDeps) {
  const { db } = deps
  const teacher = async (c: Context<AppEnv>) => {
    const { userId } = signedIn(c)
    return { userId, teacherId: await teacherIdOf(db, userId) }
  }

  return (
    new Hono<AppEnv>()
      // ---------------------------------------------------------------- learners (the catalogue is public)
      .get('/home', async (c) => {
        readQuery(c, NoQuery)
        const result: HomeResponse = await home(deps, viewer(c))
        return c.json(result)
      })
      .get('/courses', async (c) => c.json(await listCourses(deps, readQuery(c, CourseListQuery))))
      .get('/search', async (c) => {
        const query = readQuery(c, SearchQuery)
        return c.json(await search(deps, query.q, query.topic))
      })
      .get('/courses/:id', async (c) => {
        const id = idParam(c, classroomErrors.courseNotFound)
        readQuery(c, NoQuery)
        const result: CourseDetailResponse = { course: await courseDetail(deps, viewer(c), id) }
        return c.json(result)
      })
      .get('/lessons/:id', async (c) => {
        const id = idParam(c, classroomErrors.lessonNotFound)
        readQuery(c, NoQuery)
        const result: LessonDetailResponse = { lesson: await lessonDetail(deps, viewer(c), id) }
        return c.json(result)
      })
      .get('/my/courses', requireUser, async (c) => {
        readQuery(c, NoQuery)
        const result: MyCoursesResponse = { items: await myCourses(deps, signedIn(c).userId) }
        return c.json(result)
      })
      .post('/courses/:id/enrol', requireUser, async (c) => {
        const id = idParam(c, classroomErrors.courseNotFound)
        await readEmptyBody(c)
        const { created, body } = await enrol(deps, signedIn(c).userId, id)
        return c.json(body, created ? 201 : 200)
      })
      .post('/courses/:id/purchase', requireUser, async (c) => {
        const id = idParam(c, classroomErrors.courseNotFound)
        await readEmptyBody(c)
        const { userId } = signedIn(c)
        const { created, purchase } = await startPurchase(deps, userId, id)
        if (created) c.get('log').info({ userId, purchaseId: purchase.id, courseId: id }, 'classroom purchase started')
        const result: PurchaseResponse = { purchase }
        return c.json(result, created ? 201 : 200)
      })
      .get('/purchases/:id', requireUser, async (c) => {
        const id = idParam(c, classroomErrors.purchaseNotFound)
        readQuery(c, NoQuery)
        const result: PurchaseResponse = { purchase: await getPurchase(deps, signedIn(c).userId, id) }
        return c.json(result)
      })
      .post('/progress', requireUser, async (c) => {
        const body = await readJson(c, ProgressBatchRequest)
        return c.json(await applyProgressBatch(deps, signedIn(c).userId, body))
      })
      .post('/lessons/:id/quiz', requireUser, async (c) => {
        const id = idParam(c, classroomErrors.lessonNotFound)
        const body = await readJson(c, QuizSubmitRequest)
        return c.json(await submitQuiz(deps, signedIn(c).userId, id, body))
      })

      // ---------------------------------------------------------------- teachers (their own courses only)
      .get('/teacher/me', requireUser, async (c) => {
        readQuery(c, NoQuery)
        const { teacherId } = await teacher(c)
        const result: TeacherMeResponse = { teacher: await teacherOf(db, teacherId) }
        return c.json(result)
      })
      .get('/teacher/courses', requireUser, async (c) => {
        readQuery(c, NoQuery)
        const { teacherId } = await teacher(c)
        const result: TeacherCoursesResponse = { items: await teacherCourses(deps, teacherId) }
        return c.json(result)
      })
      .post('/teacher/courses', requireUser, async (c) => {
        const body = await readJson(c, CreateCourseRequest)
        const { userId, teacherId } = await teacher(c)
        return c.json({ course: await createCourse(deps, userId, teacherId, body) }, 201)
      })
      .get('/teacher/courses/:id', requireUser, async (c) => {
        const id = idParam(c, classroomErrors.courseNotFound)
        readQuery(c, NoQuery)
        const { teacherId } = await teacher(c)
        const result: TeacherCourseResponse = await teacherCourse(deps, teacherId, id)
        return c.json(result)
      })
      .patch('/teacher/courses/:id', requireUser, async (c) => {
        const id = idParam(c, classroomErrors.courseNotFound)
        const body = await readJson(c, UpdateCourseRequest)
        const { userId, teacherId } = await teacher(c)
        return c.json({ course: await updateCourse(deps, userId, teacherId, id, body) })
      })
      .get('/teacher/courses/:id/learners', requireUser, async (c) => {
        const id = idParam(c, classroomErrors.courseNotFound)
        const query = readQuery(c, LearnersQuery)
        const { teacherId } = await teacher(c)
        return c.json(await courseLearners(deps, teacherId, id, query))
      })
      .post('/teacher/courses/:id/lessons', requireUser, async (c) => {
        const id = idParam(c, classroomErrors.courseNotFound)
        const body = await readJson(c, CreateLessonRequest)
        const { userId, teacherId } = await teacher(c)
        const result: TeacherLessonResponse = { lesson: await createLesson(deps, userId, teacherId, id, body) }
        return c.json(result, 201)
      })
      .get('/teacher/lessons/:id', requireUser, async (c) => {
        const id = idParam(c, classroomErrors.lessonNotFound)
        readQuery(c, NoQuery)
        const { teacherId } = await teacher(c)
        const result: TeacherLessonResponse = { lesson: await teacherLesson(deps, teacherId, id) }
        return c.json(result)
      })
      .patch('/teacher/lessons/:id', requireUser, async (c) => {
        const id = idParam(c, classroomErrors.lessonNotFound)
        const body = await readJson(c, UpdateLessonRequest)
        const { userId, teacherId } = await teacher(c)
        const result: TeacherLessonResponse = { lesson: await updateLesson(deps, userId, teacherId, id, body) }
        return c.json(result)
      })
      // Certificates and questions to the teacher (migration 0012).
      .route('/', classroomExtrasRoutes(deps))
  )
}
