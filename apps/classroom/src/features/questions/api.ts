// Questions to the teacher (apps/api modules/classroom/questions.ts): a learner asks about a lesson
// (text and up to 3 photos), sees their own questions and the answers; the teacher answers.
import type { Question, QuestionResponse } from '@tianyuan/contracts/types'
import { sdk } from '../../sdk'
import { lessonPath } from '../catalog/api'

export const MY_QUESTIONS_PATH = '/classroom/my/questions'
export const TEACHER_QUESTIONS_PATH = '/classroom/teacher/questions'
/** The most photos a question (or an answer) takes: the API's MAX_QUESTION_PHOTOS. */
export const MAX_QUESTION_PHOTOS = 3

const q = (page: string, params: Record<string, string | undefined>) => {
  const pairs = Object.entries(params).filter((e): e is [string, string] => Boolean(e[1]))
  return pairs.length ? `${page}?${pairs.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&')}` : page
}
/** The learner's questions of a course (or all of them). */
export const questionsUrl = (params: { course?: string }) => q('/pkg/pages/questions/index', params)
/** Asking: about a lesson (`lesson`), or picking one of a course's (`course`). */
export const askUrl = (params: { course?: string; lesson?: string }) => q('/pkg/pages/ask/index', params)

/** Sends a question. Not queued offline: the photos are uploaded first, and the learner sees it arrive. */
export async function askQuestion(lessonId: string, text: string, photoIds: string[]): Promise<Question> {
  const result = await sdk.api.mutate<QuestionResponse>({ method: 'POST', path: `${lessonPath(lessonId)}/questions`, body: { text, photoIds }, label: '提问' })
  return result.data.question
}

/** The teacher's answer (answering again replaces it). */
export async function answerQuestion(questionId: string, text: string, photoIds: string[] = []): Promise<Question> {
  const result = await sdk.api.mutate<QuestionResponse>({
    method: 'POST',
    path: `${TEACHER_QUESTIONS_PATH}/${encodeURIComponent(questionId)}/answer`,
    body: photoIds.length ? { text, photoIds } : { text },
    label: '回答',
  })
  return result.data.question
}
