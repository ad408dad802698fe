import type { Slot } from '@tianyuan/contracts/types'
import { groupByDay } from './schedule'

const slot = (date: string, period: Slot['period'], hour: number): Slot => ({
  id: `${date}-${period}`,
  doctorId: 'd1',
  date,
  period,
  periodWord: { morning: '上午', afternoon: '下午', evening: '晚上' }[period],
  startsAt: `${date}T${String(hour).padStart(2, '0')}:00:00+08:00`,
  endsAt: `${date}T${String(hour + 3).padStart(2, '0')}:00:00+08:00`,
  capacity: 3,
  remaining: 3,
  bookable: true,
})

test('slots group by day in time order, whatever order the server listed them in', () => {
  const days = groupByDay([slot('2026-11-29', 'evening', 18), slot('2026-11-28', 'afternoon', 14), slot('2026-11-29', 'morning', 8), slot('2026-11-28', 'morning', 8)])
  expect(days.map((d) => [d.date, d.slots.map((s) => s.period)])).toEqual([
    ['2026-11-28', ['morning', 'afternoon']],
    ['2026-11-29', ['morning', 'evening']],
  ])
})
