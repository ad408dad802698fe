import dayjs from 'dayjs'
import utc from 'dayjs/plugin/utc'
import timezone from 'dayjs/plugin/timezone'
import { z } from 'zod'

dayjs.extend(utc)
dayjs.extend(timezone)

/** Every calendar question (today, opening hours, a due date) is answered in this zone. */
export const SHANGHAI = 'Asia/Shanghai'

// 2026-11-28T13:05:00+08:00, 2026-11-28T05:05:00.123Z — an offset is required.
const ISO_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,3})?(Z|[+-]\d{2}:\d{2})$/
const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/

function isRealDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate()
  return day <= daysInMonth
}

/** An instant, as ISO-8601 with an explicit offset. Impossible dates (02-30, 25:00) are refused. */
export const IsoDateTime = z.string().refine(
  (value) => {
    const m = ISO_DATE_TIME.exec(value)
    if (!m) return false
    const [, y, mo, d, h, mi, s, , offset] = m
    if (!isRealDate(Number(y), Number(mo), Number(d))) return false
    if (Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) return false
    if (offset && offset !== 'Z') {
      const [oh, om] = offset.slice(1).split(':').map(Number)
      if ((oh ?? 99) > 14 || (om ?? 99) > 59) return false
    }
    return dayjs(value).isValid()
  },
  { message: '时间格式不对，应为 2026-01-31T08:00:00+08:00 这样的格式' },
)
export type IsoDateTime = z.infer<typeof IsoDateTime>

/** A calendar day in Shanghai, YYYY-MM-DD. */
export const LocalDate = z.string().refine(
  (value) => {
    const m = LOCAL_DATE.exec(value)
    return !!m && isRealDate(Number(m[1]), Number(m[2]), Number(m[3]))
  },
  { message: '日期不对，应为 2026-01-31 这样的真实日期' },
)
export type LocalDate = z.infer<typeof LocalDate>

// China has kept UTC+8 all year since 1991-09-15 (no daylight saving): from then on the offset is
// fixed and Shanghai time is plain arithmetic; the (slow, Intl-based) timezone plugin is needed
// only for older instants. The arithmetic path matters: the API formats two instants for every
// product of a catalogue page, and dayjs's formatter was ~17 % of that route's CPU.
const FIXED_OFFSET_SINCE = Date.UTC(1991, 8, 15)
/** From here on toISOString() would need a six-digit year. */
const FOUR_DIGIT_YEARS_UNTIL = Date.UTC(9999, 11, 31, 16)
const SHANGHAI_OFFSET_MS = 8 * 3600_000

/** The instant's Shanghai wall-clock time as `YYYY-MM-DDTHH:mm:ss.sss`, when the offset is the fixed +08:00. */
function fixedOffsetLocal(ms: number): string | null {
  return ms >= FIXED_OFFSET_SINCE && ms < FOUR_DIGIT_YEARS_UNTIL ? new Date(ms + SHANGHAI_OFFSET_MS).toISOString().slice(0, 23) : null
}

/** An instant (Date, epoch ms) → ISO-8601 in Shanghai time, e.g. 2026-11-28T21:05:00.000+08:00. */
export function toShanghaiIso(instant: Date | number): IsoDateTime {
  const ms = typeof instant === 'number' ? instant : instant.getTime()
  const local = fixedOffsetLocal(ms)
  return local === null ? dayjs(ms).tz(SHANGHAI).format('YYYY-MM-DDTHH:mm:ss.SSSZ') : `${local}+08:00`
}

/** The Shanghai calendar day an instant falls on. */
export function shanghaiDate(instant: Date | number): LocalDate {
  const ms = typeof instant === 'number' ? instant : instant.getTime()
  return fixedOffsetLocal(ms)?.slice(0, 10) ?? dayjs(ms).tz(SHANGHAI).format('YYYY-MM-DD')
}

export { dayjs }
