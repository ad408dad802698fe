import { SHANGHAI, dayjs, formatYuan } from '@tianyuan/contracts'
import { fitThing } from '@tianyuan/contracts/subscribe-rules'

// Values in the formats of WeChat's template field types (checked by checkTemplateData before
// sending): times in Asia/Shanghai, amounts from integer fen, texts cut to their type's length.

export { fitThing }

/** `time`: "2026年12月5日 09:30" (Shanghai). */
export function wechatTime(ms: number): string {
  return dayjs(ms).tz(SHANGHAI).format('YYYY年M月D日 HH:mm')
}

/** `time` as a span on one day: "2026年12月5日 08:00~12:00". */
export function wechatTimeSpan(fromMs: number, toMs: number): string {
  return `${wechatTime(fromMs)}~${dayjs(toMs).tz(SHANGHAI).format('HH:mm')}`
}

/** `date` from a Shanghai calendar day (YYYY-MM-DD): "2026年12月5日". */
export function wechatDate(localDate: string): string {
  const [y, m, d] = localDate.split('-').map(Number)
  return `${y}年${m}月${d}日`
}

/** `amount` from integer fen: "1234.50元". */
export function wechatAmount(fen: number): string {
  return `${formatYuan(fen)}元`
}

/** `name`: at most 10 characters when Chinese (WeChat's rule); longer names are cut, never refused. */
export function fitName(name: string): string {
  const chars = [...name.replace(/\s+/g, '')]
  return /\p{Script=Han}/u.test(name) ? chars.slice(0, 10).join('') : chars.slice(0, 20).join('')
}

/** `character_string`: printable ASCII, at most 32 (an order number, a tracking number). */
export function fitCharacterString(value: string): string {
  const ascii = value.replace(/[^!-~]/g, '')
  return ascii.length <= 32 ? ascii : ascii.slice(-32)
}
