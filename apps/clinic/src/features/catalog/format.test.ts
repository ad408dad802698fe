import { describeRating, describeRemaining } from './format'
import { lowestFee } from './api'

test('a rating reads with one decimal and how many people gave it; none yet says so', () => {
  expect(describeRating(4.66, 23)).toBe('★ 4.7（23 人评价）')
  expect(describeRating(null, 0)).toBe('还没有评价')
})

test('a slot says how many places are left, or that it is full or over', () => {
  const now = Date.parse('2026-11-28T02:00:00Z')
  expect(describeRemaining({ remaining: 2, bookable: true, endsAt: '2026-11-28T04:00:00Z' }, now)).toBe('还剩 2 个号')
  expect(describeRemaining({ remaining: 0, bookable: false, endsAt: '2026-11-28T04:00:00Z' }, now)).toBe('已约满')
  expect(describeRemaining({ remaining: 3, bookable: false, endsAt: '2026-11-28T01:00:00Z' }, now)).toBe('已结束')
})

test('the lowest fee is of the modes offered only', () => {
  expect(lowestFee({ text: 1500, phone: 1000, video: null })).toBe(1000)
  expect(lowestFee({ text: null, phone: null, video: null })).toBeNull()
})
