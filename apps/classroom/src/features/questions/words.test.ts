import { answerState, shortTime, whereAsked } from './words'

test('times read as the Shanghai day and clock the API sent', () => {
  expect(shortTime('2026-12-03T14:05:00.000+08:00')).toBe('12月3日 14:05')
  expect(shortTime('not a time')).toBe('not a time')
})

test('a question says whether it is answered, and where it was asked', () => {
  expect(answerState({ answer: null })).toBe('等老师回答')
  expect(answerState({ answer: { text: '是缺钾', photos: [], teacherName: '李农艺师', answeredAt: '2026-12-03T14:05:00.000+08:00' } })).toBe('已回答')
  expect(whereAsked({ courseTitle: '玉米种植技术', lessonTitle: '第二课 播种' })).toBe('玉米种植技术 · 第二课 播种')
})
