import type { CourseProgress, LessonProgress, QuizResult } from '@tianyuan/contracts/types'
import { sdk } from '../../sdk'
import { lessonPath } from '../catalog/api'

/**
 * What `POST /api/classroom/lessons/:id/quiz` answers (apps/api modules/classroom/progress.ts
 * `submitQuiz`): the graded result, the lesson's progress after it, the course's. Written out
 * here because the contracts name only the request and QuizResult.
 */
export interface QuizSubmitAnswer {
  result: QuizResult
  progress: LessonProgress
  course: CourseProgress
}

/**
 * Hands in a lesson's quiz: one chosen index per question. The server grades it (the answers are
 * never on the phone) and a pass marks the lesson done. Not queued offline: the result is what
 * the learner waits for.
 */
export async function submitQuiz(lessonId: string, answers: number[]): Promise<QuizSubmitAnswer> {
  const result = await sdk.api.mutate<QuizSubmitAnswer>({ method: 'POST', path: `${lessonPath(lessonId)}/quiz`, body: { answers }, label: '交卷' })
  return result.data
}
