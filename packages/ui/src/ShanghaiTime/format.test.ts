import { describeShanghaiDay, formatShanghaiClock, formatShanghaiTime, shanghaiToday } from './format'

// 2026-11-28 23:30 in Shanghai is 15:30 UTC the same day; 00:30 the next day is 16:30 UTC.
const LATE_EVENING = Date.parse('2026-11-28T15:30:00Z')
const AFTER_MIDNIGHT = Date.parse('2026-11-28T16:30:00Z')

test('an instant is shown in Shanghai time whatever the zone of the machine', () => {
  expect(formatShanghaiTime('2026-11-28T06:05:00Z')).toBe('11月28日 14:05')
  expect(formatShanghaiTime(AFTER_MIDNIGHT)).toBe('11月29日 00:30')
  expect(formatShanghaiClock('2026-11-28T00:00:00Z')).toBe('08:00')
})

test('today is the Shanghai day: after midnight in Shanghai it is already tomorrow in UTC terms', () => {
  expect(shanghaiToday(LATE_EVENING)).toBe('2026-11-28')
  expect(shanghaiToday(AFTER_MIDNIGHT)).toBe('2026-11-29')
})

test('schedule days read 今天 / 明天 / 后天, then the weekday', () => {
  expect(describeShanghaiDay('2026-11-28', LATE_EVENING)).toBe('今天 11月28日')
  expect(describeShanghaiDay('2026-11-29', LATE_EVENING)).toBe('明天 11月29日')
  expect(describeShanghaiDay('2026-11-30', LATE_EVENING)).toBe('后天 11月30日')
  expect(describeShanghaiDay('2026-12-02', LATE_EVENING)).toBe('周三 12月2日')
  // half an hour later Shanghai's day has turned
  expect(describeShanghaiDay('2026-11-29', AFTER_MIDNIGHT)).toBe('今天 11月29日')
})
