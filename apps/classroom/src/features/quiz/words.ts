// What a quiz says before and after: the pass mark in answers a person can count, and the result.
// Pure (no Taro): unit-tested in words.test.ts. The pass rule itself is the API's (quizPasses in
// @tianyuan/contracts/classroom-rules): the phone never grades, it only says what the server decided.
import { quizPasses } from '@tianyuan/contracts/classroom-rules'
import type { QuizResult } from '@tianyuan/contracts/types'

/** The fewest right answers that pass: the same rule as the server's (`quizPasses`). */
export function answersToPass(total: number, passPercent: number): number {
  for (let n = 0; n <= total; n++) if (quizPasses(n, total, passPercent)) return n
  return total
}

/** `共 5 题，答对 3 题（60%）就及格` */
export function passMarkWords(total: number, passPercent: number): string {
  return `共 ${total} 题，答对 ${answersToPass(total, passPercent)} 题（${passPercent}%）就及格`
}

/** `答对 4 / 5 题（80%），及格了` or `答对 2 / 5 题（40%），没有及格，要答对 3 题` */
export function resultWords(r: Pick<QuizResult, 'correctCount' | 'total' | 'percent' | 'passPercent' | 'passed'>): string {
  const score = `答对 ${r.correctCount} / ${r.total} 题（${r.percent}%）`
  return r.passed ? `${score}，及格了` : `${score}，没有及格，要答对 ${answersToPass(r.total, r.passPercent)} 题`
}

/** The questions still without an answer, numbered from 1 as the page shows them. */
export function unanswered(answers: readonly (number | undefined)[], total: number): number[] {
  const missing: number[] = []
  for (let i = 0; i < total; i++) if (answers[i] === undefined) missing.push(i + 1)
  return missing
}
