// WeChat subscribe messages (服务通知) as plain values and functions, with no zod and no dayjs: the
// template catalogue the API sends with and the apps ask for, and WeChat's rules for the value of
// each template field (`@tianyuan/contracts/subscribe-rules`). The API checks a message with
// `checkTemplateData` BEFORE sending it, so a too-long `thing` is refused here with a reason a
// developer can act on instead of WeChat answering 47003 and the reminder being lost.
//
// Field rules (developers.weixin.qq.com, subscribeMessage.send, 订阅消息参数值内容限制说明):
//   thing ≤ 20 characters (Chinese, digits, letters, symbols) · number ≤ 32 digits, may have a
//   decimal point · letter ≤ 32 letters · symbol ≤ 5 symbols · character_string ≤ 32 digits,
//   letters or symbols · time: 24-hour time, may be preceded by a date (15:01, 2019年10月1日 15:01),
//   a span joined with "~" · date: a date, may be followed by a time · amount: one currency sign +
//   at most 10 digits, may have decimals, may end with 元 · phone_number ≤ 17 digits/symbols ·
//   car_number ≤ 8, first and last may be Chinese, the rest letters or digits · name ≤ 10 Chinese
//   characters or ≤ 20 letters/symbols (mixed counts as Chinese) · phrase ≤ 5 Chinese characters.
// Lengths count characters (code points), not UTF-16 units or bytes.

/** The four mini-programs. */
export const APP_NAMES = ['market', 'clinic', 'classroom', 'microloan'] as const
export type AppName = (typeof APP_NAMES)[number]

export function isAppName(value: unknown): value is AppName {
  return typeof value === 'string' && (APP_NAMES as readonly string[]).includes(value)
}

/** WeChat's template field types (the part of `thing1` before the number). */
export const TEMPLATE_FIELD_TYPES = [
  'thing',
  'number',
  'letter',
  'symbol',
  'character_string',
  'time',
  'date',
  'amount',
  'phone_number',
  'car_number',
  'name',
  'phrase',
] as const
export type TemplateFieldType = (typeof TEMPLATE_FIELD_TYPES)[number]

export interface TemplateField {
  /** The key in the send API's `data`, e.g. 'thing1' (its type followed by a number, as WeChat names them). */
  name: string
  type: TemplateFieldType
  /** What the field is called on the card the user sees, e.g. 就诊时间. */
  label: string
}

export interface ReminderTemplate {
  /** The sandbox's template id; a real deployment overrides it (the API's config, SUBSCRIBE_TEMPLATE_* env). */
  templateId: string
  /** The card's title in 服务通知. */
  title: string
  /** The default page the card opens (in the mini-program that sent it). */
  page: string
  fields: TemplateField[]
}

export const REMINDER_KEYS = [
  'clinic_appointment',
  'loan_installment',
  'market_shipped',
  'classroom_answered',
  'urgent_notice',
] as const
export type ReminderKey = (typeof REMINDER_KEYS)[number]

export function isReminderKey(value: unknown): value is ReminderKey {
  return typeof value === 'string' && (REMINDER_KEYS as readonly string[]).includes(value)
}

/** WeChat lets one wx.requestSubscribeMessage call ask for at most 3 templates. */
export const MAX_TEMPLATES_PER_REQUEST = 3

/**
 * The templates the four apps send, as chosen from WeChat's public template library (the fields of
 * each are what that library template has). Sandbox ids by default; see `ReminderTemplate.templateId`.
 */
export const REMINDER_TEMPLATES: Record<ReminderKey, ReminderTemplate> = {
  clinic_appointment: {
    templateId: 'sandbox-tmpl-clinic-appointment',
    title: '就诊提醒',
    page: 'pkg/pages/appointments/index',
    fields: [
      { name: 'name1', type: 'name', label: '就诊人' },
      { name: 'thing2', type: 'thing', label: '医生' },
      { name: 'time3', type: 'time', label: '就诊时间' },
      { name: 'thing4', type: 'thing', label: '就诊地点' },
      { name: 'thing5', type: 'thing', label: '温馨提示' },
    ],
  },
  loan_installment: {
    templateId: 'sandbox-tmpl-loan-installment',
    title: '还款提醒',
    page: 'pkg/pages/loans/index',
    fields: [
      { name: 'thing1', type: 'thing', label: '贷款名称' },
      { name: 'amount2', type: 'amount', label: '应还金额' },
      { name: 'date3', type: 'date', label: '还款日期' },
      { name: 'phrase4', type: 'phrase', label: '还款状态' },
      { name: 'thing5', type: 'thing', label: '温馨提示' },
    ],
  },
  market_shipped: {
    templateId: 'sandbox-tmpl-market-shipped',
    title: '订单发货通知',
    page: 'pkg/pages/orders/index',
    fields: [
      { name: 'character_string1', type: 'character_string', label: '订单号' },
      { name: 'thing2', type: 'thing', label: '商品名称' },
      { name: 'thing3', type: 'thing', label: '物流公司' },
      { name: 'character_string4', type: 'character_string', label: '快递单号' },
      { name: 'time5', type: 'time', label: '发货时间' },
    ],
  },
  classroom_answered: {
    templateId: 'sandbox-tmpl-classroom-answered',
    title: '问题回复通知',
    page: 'pkg/pages/questions/index',
    fields: [
      { name: 'thing1', type: 'thing', label: '课程名称' },
      { name: 'thing2', type: 'thing', label: '提问内容' },
      { name: 'thing3', type: 'thing', label: '回复人' },
      { name: 'time4', type: 'time', label: '回复时间' },
    ],
  },
  urgent_notice: {
    templateId: 'sandbox-tmpl-urgent-notice',
    title: '紧急通知提醒',
    page: 'notices/pages/list/index',
    fields: [
      { name: 'thing1', type: 'thing', label: '通知标题' },
      { name: 'thing2', type: 'thing', label: '发布单位' },
      { name: 'phrase3', type: 'phrase', label: '通知类型' },
      { name: 'time4', type: 'time', label: '发布时间' },
    ],
  },
}

/** Characters (code points), as WeChat counts them. */
export function charCount(value: string): number {
  return [...value].length
}

const CHINESE = /\p{Script=Han}/u
const ONLY_CHINESE = /^\p{Script=Han}+$/u
const ONLY_LETTERS = /^[A-Za-z]+$/
// ASCII punctuation and symbols, and the full-width ones Chinese text uses.
const ONLY_SYMBOLS = /^[!-/:-@[-`{-~\p{P}\p{S}]+$/u
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/

const DATE_PART = String.raw`(\d{4}年\d{1,2}月\d{1,2}日|\d{4}-\d{1,2}-\d{1,2}|\d{4}/\d{1,2}/\d{1,2})`
const TIME_PART = String.raw`([01]?\d|2[0-3]):[0-5]\d(:[0-5]\d)?`
const TIME_POINT = new RegExp(`^(${DATE_PART}\\s*)?${TIME_PART}$`)
const DATE_POINT = new RegExp(`^${DATE_PART}(\\s*${TIME_PART})?$`)
const AMOUNT = /^[¥￥$€£]?\d{1,10}(\.\d{1,2})?元?$/

function span(value: string, point: RegExp): boolean {
  const parts = value.split('~')
  if (parts.length > 2) return false
  return parts.every((part) => point.test(part.trim()))
}

/**
 * What is wrong with `value` as a field of WeChat type `type`, in zh-CN (the field called `label`);
 * null when WeChat would take it.
 */
export function templateValueProblem(type: TemplateFieldType, label: string, value: string): string | null {
  if (value.trim() === '') return `${label}不能为空`
  if (CONTROL.test(value)) return `${label}里不能有换行或看不见的特殊字符`
  const n = charCount(value)
  switch (type) {
    case 'thing':
      return n <= 20 ? null : `${label}最多 20 个字，现在 ${n} 个`
    case 'number':
      if (!/^\d+(\.\d+)?$/.test(value)) return `${label}只能是数字（可带小数点）`
      return n <= 32 ? null : `${label}最多 32 位数字，现在 ${n} 位`
    case 'letter':
      if (!ONLY_LETTERS.test(value)) return `${label}只能是英文字母`
      return n <= 32 ? null : `${label}最多 32 个字母，现在 ${n} 个`
    case 'symbol':
      if (!ONLY_SYMBOLS.test(value)) return `${label}只能是符号`
      return n <= 5 ? null : `${label}最多 5 个符号，现在 ${n} 个`
    case 'character_string':
      if (!/^[!-~]+$/.test(value)) return `${label}只能是数字、字母或符号，不能有汉字或空格`
      return n <= 32 ? null : `${label}最多 32 个字符，现在 ${n} 个`
    case 'time':
      return span(value, TIME_POINT) ? null : `${label}要写成 24 小时制时间，例如 15:01 或 2019年10月1日 15:01`
    case 'date':
      return span(value, DATE_POINT) ? null : `${label}要写成日期，例如 2019年10月1日 或 2019年10月1日 15:01`
    case 'amount':
      return AMOUNT.test(value) ? null : `${label}要写成金额，例如 ¥12.50 或 12.50元（最多 10 位整数、2 位小数）`
    case 'phone_number':
      if (!/^[\d+\-() ]+$/.test(value) || !/\d/.test(value)) return `${label}只能是数字和 + - ( ) 符号`
      return n <= 17 ? null : `${label}最多 17 位，现在 ${n} 位`
    case 'car_number':
      return /^[\p{Script=Han}A-Z0-9][A-Z0-9]{0,6}[\p{Script=Han}A-Z0-9]?$/u.test(value) && n <= 8
        ? null
        : `${label}要写成车牌号，例如 粤A8Z888挂（最多 8 位）`
    case 'name':
      if (CHINESE.test(value)) {
        if (!/^[\p{Script=Han}A-Za-z·]+$/u.test(value)) return `${label}只能是汉字或字母`
        return n <= 10 ? null : `${label}最多 10 个字，现在 ${n} 个`
      }
      if (!/^[A-Za-z .·'-]+$/.test(value)) return `${label}只能是汉字或字母`
      return n <= 20 ? null : `${label}最多 20 个字母，现在 ${n} 个`
    case 'phrase':
      if (!ONLY_CHINESE.test(value)) return `${label}只能是汉字（不能有数字、字母或标点）`
      return n <= 5 ? null : `${label}最多 5 个汉字，现在 ${n} 个`
  }
}

/**
 * Every problem with `data` as the message of template `key`, in zh-CN; empty when WeChat would
 * take it. Each field of the template must be there and follow its type's rule; a field the
 * template does not have is a problem too (it would never be shown).
 */
export function checkTemplateData(key: ReminderKey, data: Record<string, string>): string[] {
  const template = REMINDER_TEMPLATES[key]
  const problems: string[] = []
  for (const field of template.fields) {
    const value = data[field.name]
    if (typeof value !== 'string') {
      problems.push(`缺少${field.label}（${field.name}）`)
      continue
    }
    const problem = templateValueProblem(field.type, field.label, value)
    if (problem) problems.push(`${problem}（${field.name}）`)
  }
  for (const name of Object.keys(data)) {
    if (!template.fields.some((field) => field.name === name)) problems.push(`模板「${template.title}」没有字段 ${name}`)
  }
  return problems
}

/** Shortens `text` to WeChat's `thing` limit (20 characters), ending with … when cut. */
export function fitThing(text: string, max = 20): string {
  const chars = [...text.replace(/\s+/g, ' ').trim()]
  return chars.length <= max ? chars.join('') : `${chars.slice(0, max - 1).join('')}…`
}

/** The answers wx.requestSubscribeMessage gives per template id. */
export type SubscribeAnswer = 'accept' | 'reject' | 'ban' | 'filter'
