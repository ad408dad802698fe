import type { ContinueItem } from '@tianyuan/contracts/types'
import { continueRows, type PhoneProgress } from './continue'

const server = (id: string, updatedAt: string, over: Partial<ContinueItem> = {}): ContinueItem => ({
  course: { id: 'c1', title: '玉米种植', cover: null },
  lesson: { id, title: `第${id}课`, kind: 'video', kindWord: '视频', durationS: 600 },
  positionS: 120,
  fraction: 0.2,
  done: false,
  updatedAt,
  ...over,
})
const phone = (lessonId: string, updatedAt: number, over: Partial<PhoneProgress> = {}): PhoneProgress => ({
  lessonId,
  title: `第${lessonId}课`,
  courseTitle: '玉米种植',
  kind: 'audio',
  positionS: 300,
  durationS: 600,
  coveredS: 300,
  done: false,
  updatedAt,
  ...over,
})

test('one row per lesson: the phone’s newer copy wins over the server’s older one', () => {
  const rows = continueRows([server('1', '2026-12-01T02:00:00.000Z')], [phone('1', Date.parse('2026-12-01T03:00:00.000Z'))], 3)
  expect(rows).toEqual([{ lessonId: '1', title: '第1课', courseTitle: '玉米种植', kindWord: '音频', percent: 50, positionS: 300 }])
})

test('the server’s newer copy (another phone) wins over an older one on this phone', () => {
  const rows = continueRows([server('1', '2026-12-01T05:00:00.000Z', { positionS: 500, fraction: 0.8 })], [phone('1', Date.parse('2026-12-01T03:00:00.000Z'))], 3)
  expect(rows[0]).toMatchObject({ positionS: 500, percent: 80, kindWord: '视频' })
})

test('done lessons drop out, the latest first, at most the limit', () => {
  const rows = continueRows(
    [server('1', '2026-12-01T01:00:00.000Z'), server('2', '2026-12-01T04:00:00.000Z', { done: true })],
    [phone('3', Date.parse('2026-12-01T02:00:00.000Z')), phone('4', Date.parse('2026-12-01T06:00:00.000Z')), phone('5', Date.parse('2026-12-01T00:00:00.000Z'))],
    2,
  )
  expect(rows.map((r) => r.lessonId)).toEqual(['4', '3'])
})

test('a lesson done on this phone drops out though the server still lists it', () => {
  expect(continueRows([server('1', '2026-12-01T01:00:00.000Z')], [phone('1', Date.parse('2026-12-01T02:00:00.000Z'), { done: true })], 3)).toEqual([])
})
