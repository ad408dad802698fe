// Civil-date arithmetic on 'YYYY-MM-DD' strings. Shanghai has no daylight saving, and a civil date
// needs no timezone at all: the caller passes today's Shanghai date, and everything here counts
// days on the proleptic Gregorian calendar. No Date objects, so the host's timezone cannot leak in.
import type { CivilDate } from './types'

const PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/

export interface DateParts {
  year: number
  month: number
  day: number
}

function isLeap(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0
}

/** Days in `month` (1–12) of `year`. */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeap(year) ? 29 : 28
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31
}

/** Parses 'YYYY-MM-DD'; null for anything else, including impossible dates such as 2025-02-30. */
export function parseCivilDate(value: string): DateParts | null {
  const m = PATTERN.exec(value)
  if (!m) return null
  const year = Number(m[1])
  const month = Number(m[2])
  const day = Number(m[3])
  if (year < 1900 || year > 2999 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null
  return { year, month, day }
}

export function isCivilDate(value: unknown): value is CivilDate {
  return typeof value === 'string' && parseCivilDate(value) !== null
}

function mustParse(value: CivilDate): DateParts {
  const parts = parseCivilDate(value)
  if (!parts) throw new RangeError(`不是有效的日期（应为 YYYY-MM-DD）：${value}`)
  return parts
}

export function formatCivilDate({ year, month, day }: DateParts): CivilDate {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`
}

// Days since 1970-01-01 (Howard Hinnant's days_from_civil).
function toDayNumber({ year, month, day }: DateParts): number {
  const y = month <= 2 ? year - 1 : year
  const era = Math.floor(y / 400)
  const yoe = y - era * 400
  const mp = (month + 9) % 12
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy
  return era * 146097 + doe - 719468
}

function fromDayNumber(z0: number): DateParts {
  const z = z0 + 719468
  const era = Math.floor(z / 146097)
  const doe = z - era * 146097
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365)
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100))
  const mp = Math.floor((5 * doy + 2) / 153)
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1
  const month = mp < 10 ? mp + 3 : mp - 9
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day }
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: CivilDate, to: CivilDate): number {
  return toDayNumber(mustParse(to)) - toDayNumber(mustParse(from))
}

export function addDays(date: CivilDate, days: number): CivilDate {
  return formatCivilDate(fromDayNumber(toDayNumber(mustParse(date)) + days))
}

/**
 * `months` calendar months after `date`, on the same day of the month, clamped to the month's end:
 * 2025-01-31 + 1 → 2025-02-28, + 2 → 2025-03-31 (always counted from `date`, so the day never drifts).
 */
export function addMonths(date: CivilDate, months: number): CivilDate {
  const { year, month, day } = mustParse(date)
  const index = year * 12 + (month - 1) + months
  const y = Math.floor(index / 12)
  const m = (index % 12) + 1
  return formatCivilDate({ year: y, month: m, day: Math.min(day, daysInMonth(y, m)) })
}

/** -1, 0 or 1 — 'YYYY-MM-DD' strings order like the dates they name. */
export function compareDates(a: CivilDate, b: CivilDate): number {
  return a < b ? -1 : a > b ? 1 : 0
}
