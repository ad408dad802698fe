import type { QuestionPage } from '@tianyuan/contracts/types'
import { useQuery } from '@tianyuan/sdk/react'
import { MY_QUESTIONS_PATH, TEACHER_QUESTIONS_PATH } from './api'

/** The learner's own questions (newest first), of one course or all. */
export function useMyQuestions(courseId: string | undefined) {
  return useQuery<QuestionPage>(MY_QUESTIONS_PATH, { params: courseId ? { courseId, size: 50 } : { size: 50 } })
}

/** The teacher's courses' questions: unanswered first (longest waiting first). */
export function useTeacherQuestions() {
  return useQuery<QuestionPage>(TEACHER_QUESTIONS_PATH, { params: { size: 50 } })
}
