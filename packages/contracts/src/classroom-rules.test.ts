import fc from 'fast-check'
import { DONE_FRACTION, coveredSeconds, durationWords, isLessonDone, mergeSegments, quizPasses, sizeWords } from './classroom-rules'

describe('classroom rules', () => {
  test('segments merge into sorted, disjoint parts; covered seconds count each second once', () => {
    expect(mergeSegments([[30, 60], [0, 10], [5, 20], [60, 70]])).toEqual([
      [0, 20],
      [30, 70],
    ])
    expect(coveredSeconds([[0, 100], [50, 150], [0, 100]])).toBe(150)
    expect(coveredSeconds([[20, 10]])).toBe(10)
    expect(coveredSeconds([[-5, 10], [90, 120]], 100)).toBe(20)
  })

  test('covered seconds never exceed the limit, and replaying segments changes nothing', () => {
    const segment = fc.tuple(fc.integer({ min: 0, max: 700 }), fc.integer({ min: 0, max: 700 }))
    fc.assert(
      fc.property(fc.array(segment, { maxLength: 30 }), (segments) => {
        const once = coveredSeconds(segments, 600)
        expect(once).toBeLessThanOrEqual(600)
        expect(coveredSeconds([...segments, ...segments], 600)).toBe(once)
        expect(coveredSeconds(mergeSegments(segments, 600), 600)).toBe(once)
      }),
    )
  })

  test('done at 90 % played, when read to the end (图文), or when the quiz is passed', () => {
    expect(DONE_FRACTION).toBe(0.9)
    expect(isLessonDone({ kind: 'video', durationS: 600, coveredS: 539, quizPassed: false, readToEnd: false })).toBe(false)
    expect(isLessonDone({ kind: 'video', durationS: 600, coveredS: 540, quizPassed: false, readToEnd: false })).toBe(true)
    expect(isLessonDone({ kind: 'audio', durationS: null, coveredS: 540, quizPassed: false, readToEnd: false })).toBe(false)
    expect(isLessonDone({ kind: 'article', durationS: 60, coveredS: 60, quizPassed: false, readToEnd: false })).toBe(false)
    expect(isLessonDone({ kind: 'article', durationS: 60, coveredS: 0, quizPassed: false, readToEnd: true })).toBe(true)
    expect(isLessonDone({ kind: 'video', durationS: 600, coveredS: 0, quizPassed: true, readToEnd: false })).toBe(true)
    expect(quizPasses(3, 5, 60)).toBe(true)
    expect(quizPasses(2, 5, 60)).toBe(false)
  })

  test('sizes and durations in words', () => {
    expect(sizeWords(3_355_443)).toBe('3.2 MB')
    expect(sizeWords(812_000)).toBe('793 KB')
    expect(durationWords(600)).toBe('10 分钟')
    expect(durationWords(75)).toBe('1 分 15 秒')
    expect(durationWords(3700)).toBe('1 小时 1 分')
  })
})
