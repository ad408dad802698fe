import type { EditionSize } from '@tianyuan/contracts/types'
import { describeEditionSizes, describeLesson, lockedReason } from './format'
import { trialWords } from './trial-words'

const MB = 1024 * 1024
const editions: EditionSize[] = [
  { kind: 'video240', label: '标清 240P', bytes: 17 * MB },
  { kind: 'audio', label: '只听声音', bytes: Math.round(2.1 * MB) },
  { kind: 'slides', label: '省流版（声音+图片）', bytes: Math.round(3.2 * MB) },
]

describe('describeEditionSizes', () => {
  test('every edition with its size, smallest first, whatever order the server sent', () => {
    expect(describeEditionSizes(editions)).toBe('只听声音 2.1 MB · 省流版（声音+图片） 3.2 MB · 标清 240P 17.0 MB')
  })

  test('no editions (still processing) describe nothing', () => {
    expect(describeEditionSizes([])).toBe('')
  })
})

describe('describeLesson', () => {
  test('a video: kind, duration, then the size of each edition', () => {
    expect(describeLesson({ kind: 'video', kindWord: '视频', durationS: 600, editions, textBytes: 0 })).toBe('视频 · 10 分钟 · 只听声音 2.1 MB · 省流版（声音+图片） 3.2 MB · 标清 240P 17.0 MB')
  })

  test('a lesson still being processed says so instead of a duration', () => {
    expect(describeLesson({ kind: 'audio', kindWord: '音频', durationS: null, editions: [], textBytes: 0 })).toBe('音频 · 正在处理，时长稍后显示')
  })

  test('a 图文 lesson: reading time and the few bytes of its text', () => {
    expect(describeLesson({ kind: 'article', kindWord: '图文', durationS: 180, editions: [], textBytes: 4200 })).toBe('图文 · 约 3 分钟读完 · 文字 4 KB，图片按屏幕大小加载')
  })
})

describe('lockedReason and trialWords', () => {
  test('a paid course with trial lessons says how many can be tried', () => {
    expect(lockedReason({ free: false, trialCount: 2 })).toBe('购买课程后才能学（可以先看 2 节试看课）')
    expect(trialWords({ free: false, trialCount: 2 })).toBe('可试看 2 节')
  })

  test('a paid course without trials, and a free one', () => {
    expect(lockedReason({ free: false, trialCount: 0 })).toBe('购买课程后才能学')
    expect(trialWords({ free: false, trialCount: 0 })).toBe('不能试看')
    expect(lockedReason({ free: true, trialCount: 0 })).toBe('报名后就能学')
    expect(trialWords({ free: true, trialCount: 0 })).toBeUndefined()
  })
})
