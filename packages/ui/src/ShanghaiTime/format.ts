import dayjs from 'dayjs'
import utc from 'dayjs/plugin/utc'

dayjs.extend(utc)

/**
 * Asia/Shanghai has had no daylight saving since 1991: UTC+8 all year, so a fixed offset is
 * exact and the apps need no tz database in their bundles (dayjs/plugin/timezone + Intl data).
 */
const SHANGHAI_OFFSET_MINUTES = 8 * 60

const at = (iso: string | number) => dayjs(iso).utcOffset(SHANGHAI_OFFSET_MINUTES)

/** '11月28日 14:05' — an instant as a villager reads it, in Shanghai time whatever the phone's zone. */
export function formatShanghaiTime(iso: string | number): string {
  return at(iso).format('M月D日 HH:mm')
}

/** '14:05' */
export function formatShanghaiClock(iso: string | number): string {
  return at(iso).format('HH:mm')
}

const WEEKDAYS = ['周日', '周一', '周二', '周三', '周四', '周五', '周六']

/**
 * A Shanghai day (YYYY-MM-DD) as '今天 11月28日', '明天 11月29日', '周三 12月2日', relative to
 * `now` (epoch ms) — for schedules, where "明天" is what an older user looks for.
 */
export function describeShanghaiDay(date: string, now: number = Date.now()): string {
  const today = at(now).format('YYYY-MM-DD')
  const day = dayjs.utc(date)
  const diff = day.diff(dayjs.utc(today), 'day')
  const md = day.format('M月D日')
  if (diff === 0) return `今天 ${md}`
  if (diff === 1) return `明天 ${md}`
  if (diff === 2) return `后天 ${md}`
  return `${WEEKDAYS[day.day()] ?? ''} ${md}`
}

/** Today's Shanghai day, YYYY-MM-DD. */
export function shanghaiToday(now: number = Date.now()): string {
  return at(now).format('YYYY-MM-DD')
}
