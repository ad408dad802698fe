// The teacher's calls (讲师工作台): courses, lessons (图文 written here, video and audio from a
// resumable upload), and what the learners have done. Types only from the contracts.
import type { CreateCourseRequest, CreateLessonRequest, TeacherCourse, TeacherCourseResponse, TeacherLesson, TeacherLessonResponse, UpdateCourseRequest, UpdateLessonRequest } from '@tianyuan/contracts/types'
import { isSdkError } from '@tianyuan/sdk'
import { sdk } from '../../sdk'

export const TEACHER_ME_PATH = '/classroom/teacher/me'
export const TEACHER_COURSES_PATH = '/classroom/teacher/courses'
export const teacherCoursePath = (id: string) => `${TEACHER_COURSES_PATH}/${encodeURIComponent(id)}`
export const teacherLessonPath = (id: string) => `/classroom/teacher/lessons/${encodeURIComponent(id)}`
export const learnersPath = (courseId: string) => `${teacherCoursePath(courseId)}/learners`

/** The API's 403 `NOT_A_TEACHER`: an account that is not a teacher's (say so, not 出错了). */
export function isNotATeacher(error: unknown): boolean {
  return isSdkError(error) && error.status === 403 && error.serverCode === 'NOT_A_TEACHER'
}

export async function createCourse(request: CreateCourseRequest, idempotencyKey?: string): Promise<TeacherCourse> {
  const result = await sdk.api.mutate<TeacherCourseResponse>({ method: 'POST', path: TEACHER_COURSES_PATH, body: request, idempotencyKey, label: '新建课程' })
  return result.data.course
}

export async function updateCourse(id: string, change: UpdateCourseRequest): Promise<TeacherCourse> {
  const result = await sdk.api.mutate<TeacherCourseResponse>({ method: 'PATCH', path: teacherCoursePath(id), body: change, label: '保存课程' })
  return result.data.course
}

/** A lesson: 图文 with its blocks, or video/audio made from a finished upload (`uploadId`). */
export async function createLesson(courseId: string, request: CreateLessonRequest, idempotencyKey?: string): Promise<TeacherLesson> {
  const result = await sdk.api.mutate<TeacherLessonResponse>({ method: 'POST', path: `${teacherCoursePath(courseId)}/lessons`, body: request, idempotencyKey, label: '添加课时' })
  return result.data.lesson
}

export async function updateLesson(id: string, change: UpdateLessonRequest): Promise<TeacherLesson> {
  const result = await sdk.api.mutate<TeacherLessonResponse>({ method: 'PATCH', path: teacherLessonPath(id), body: change, label: '保存课时' })
  return result.data.lesson
}
