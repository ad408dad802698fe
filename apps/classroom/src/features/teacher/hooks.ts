import type { LearnersResponse, TeacherCourseResponse, TeacherCoursesResponse, TeacherLessonResponse, TeacherMeResponse } from '@tianyuan/contracts/types'
import type { LinkClass } from '@tianyuan/sdk'
import { useNetwork, useQuery } from '@tianyuan/sdk/react'
import { useDidHide, useDidShow } from '@tarojs/taro'
import { useEffect, useState } from 'react'
import { sdk } from '../../sdk'
import { learnersPath, TEACHER_COURSES_PATH, TEACHER_ME_PATH, teacherCoursePath, teacherLessonPath } from './api'

export function useTeacherMe() {
  return useQuery<TeacherMeResponse>(TEACHER_ME_PATH, { staleMs: 10 * 60_000 })
}

export function useTeacherCourses() {
  return useQuery<TeacherCoursesResponse>(TEACHER_COURSES_PATH)
}

export function useTeacherCourse(id: string | undefined) {
  return useQuery<TeacherCourseResponse>(teacherCoursePath(id ?? ''), { enabled: Boolean(id) })
}

export function useLearners(courseId: string, page: number) {
  return useQuery<LearnersResponse>(learnersPath(courseId), { params: { page, size: 20 }, enabled: Boolean(courseId) })
}

/**
 * How often to ask how a transcode is going: a lesson takes a minute or more to process, so a
 * few seconds apart is enough to see it move, and on a slow link far less often (each ask is a
 * small conditional GET: 304 while nothing changed). Never offline.
 */
export const PROCESSING_POLL_MS: Record<LinkClass, number | null> = { good: 4_000, slow: 8_000, 'very-slow': 20_000, offline: null }

/**
 * A teacher's lesson, asked again while its media is being processed (and the page is on the
 * screen), until it is ready or failed.
 */
export function useTeacherLesson(id: string | undefined) {
  const lesson = useQuery<TeacherLessonResponse>(teacherLessonPath(id ?? ''), { enabled: Boolean(id) })
  const { link } = useNetwork(sdk.api.network)
  const [shown, setShown] = useState(true)
  useDidShow(() => setShown(true))
  useDidHide(() => setShown(false))
  const processing = lesson.data?.lesson.media?.state === 'processing'
  const { refetch } = lesson
  useEffect(() => {
    const every = PROCESSING_POLL_MS[link]
    if (!processing || !every || !shown) return
    const timer = setInterval(refetch, every)
    return () => clearInterval(timer)
  }, [processing, link, shown, refetch])
  return lesson
}
