import type { Slot } from '@tianyuan/contracts/types'

export interface ScheduleDay {
  date: string
  slots: Slot[]
}

/** A week of slots as days in order, each with its periods in order (上午, 下午, 晚上). */
export function groupByDay(slots: Slot[]): ScheduleDay[] {
  const days = new Map<string, Slot[]>()
  for (const slot of [...slots].sort((a, b) => Date.parse(a.startsAt) - Date.parse(b.startsAt))) {
    const list = days.get(slot.date) ?? []
    list.push(slot)
    days.set(slot.date, list)
  }
  return [...days.entries()].map(([date, list]) => ({ date, slots: list }))
}
