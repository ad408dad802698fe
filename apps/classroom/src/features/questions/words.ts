// How a question reads in a list. Pure (no Taro): unit-tested in words.test.ts.
import type { Question } from '@tianyuan/contracts/types'

/** `12月3日 14:05` — the Shanghai wall clock of an ISO time the API sent (already +08:00). */
export function shortTime(iso: string): string {
  const m = /^\d{4}-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(iso)
  return m ? `${Number(m[1])}月${Number(m[2])}日 ${m[3]}:${m[4]}` : iso
}

/** `已回答` or `等老师回答`, for the list and for screen readers. */
export function answerState(question: Pick<Question, 'answer'>): string {
  return question.answer ? '已回答' : '等老师回答'
}

/** `玉米种植技术 · 第二课 播种` */
export function whereAsked(question: Pick<Question, 'courseTitle' | 'lessonTitle'>): string {
  return `${question.courseTitle} · ${question.lessonTitle}`
}
