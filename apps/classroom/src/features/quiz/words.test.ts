import { quizPasses } from '@tianyuan/contracts/classroom-rules'
import { answersToPass, passMarkWords, resultWords, unanswered } from './words'

describe('answersToPass agrees with the server rule', () => {
  test.each([
    [5, 60, 3],
    [3, 60, 2],
    [4, 100, 4],
    [7, 50, 4],
    [1, 1, 1],
  ])('%d questions at %d%% → %d right', (total, percent, n) => {
    expect(answersToPass(total, percent)).toBe(n)
    expect(quizPasses(n, total, percent)).toBe(true)
    expect(quizPasses(n - 1, total, percent)).toBe(false)
  })
})

test('the pass mark in answers a person can count', () => {
  expect(passMarkWords(5, 60)).toBe('共 5 题，答对 3 题（60%）就及格')
})

test('the result says the score, and when failed how many were needed', () => {
  expect(resultWords({ correctCount: 4, total: 5, percent: 80, passPercent: 60, passed: true })).toBe('答对 4 / 5 题（80%），及格了')
  expect(resultWords({ correctCount: 2, total: 5, percent: 40, passPercent: 60, passed: false })).toBe('答对 2 / 5 题（40%），没有及格，要答对 3 题')
})

test('unanswered questions are numbered from 1', () => {
  expect(unanswered([0, undefined, 2, undefined], 5)).toEqual([2, 4, 5])
  expect(unanswered([1, 0], 2)).toEqual([])
})
