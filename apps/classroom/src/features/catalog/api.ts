// The catalogue's paths below /api and the pages they open (types only from the contracts: no zod
// in the bundle).
import type { Topic } from '@tianyuan/contracts/types'

export const HOME_PATH = '/classroom/home'
export const COURSES_PATH = '/classroom/courses'
export const SEARCH_PATH = '/classroom/search'
export const coursePath = (id: string) => `${COURSES_PATH}/${encodeURIComponent(id)}`
export const lessonPath = (id: string) => `/classroom/lessons/${encodeURIComponent(id)}`

function withQuery(page: string, params: Record<string, string | undefined>): string {
  const pairs = Object.entries(params)
    .filter(([, v]) => v !== undefined && v !== '')
    .map(([k, v]) => `${k}=${encodeURIComponent(String(v))}`)
  return pairs.length ? `${page}?${pairs.join('&')}` : page
}

/** The search page: words typed (`q`), or a topic's courses (`topic`, with its word as the title). */
export const searchUrl = (params: { q?: string; topic?: Topic; title?: string }) => withQuery('/pkg/pages/search/index', params)
export const courseUrl = (id: string) => withQuery('/pkg/pages/course/index', { id })
/** The player (classroom-sdk's page): every kind of lesson opens there, and resumes where it stopped by itself. */
export const lessonUrl = (id: string) => withQuery('/pkg/pages/lesson/index', { id })
export const quizUrl = (lessonId: string) => withQuery('/pkg/pages/quiz/index', { lesson: lessonId })
export const downloadsUrl = '/pkg/pages/downloads/index'
