// The learner's pages' requests (subpackage `pkg`); the home page's is in ./home (main package).
import type { CourseDetailResponse, CoursePage, LessonDetailResponse, SearchResponse, Topic } from '@tianyuan/contracts/types'
import { useQuery } from '@tianyuan/sdk/react'
import { COURSES_PATH, coursePath, lessonPath, SEARCH_PATH } from './api'

/** A topic's courses, a page at a time. */
export function useCourses(filter: { topic?: Topic; page?: number; size?: number }, enabled = true) {
  return useQuery<CoursePage>(COURSES_PATH, { params: { ...filter }, enabled })
}

/** Courses and lessons matching the words (pinyin and initials too: matched on the server). */
export function useSearch(q: string) {
  return useQuery<SearchResponse>(SEARCH_PATH, { params: { q }, enabled: q.trim().length > 0 })
}

export function useCourse(id: string | undefined) {
  return useQuery<CourseDetailResponse>(coursePath(id ?? ''), { enabled: Boolean(id) })
}

export function useLesson(id: string | undefined) {
  return useQuery<LessonDetailResponse>(lessonPath(id ?? ''), { enabled: Boolean(id) })
}
