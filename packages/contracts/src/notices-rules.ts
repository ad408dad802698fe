// 通知到人's words and rules as plain values and functions, with no zod and no dayjs: the API's
// schemas (notices.ts) and the apps' notice pages share them (`@tianyuan/contracts/notices-rules`),
// so the publish page says before sending exactly what the server refuses after it — in particular
// the price table, which the page parses from a pasted CSV with `parsePriceTable` and the API parses
// again with the very same code.

import { unprintableTextProblem } from './text-rules'
import { APP_NAMES, type AppName } from './subscribe-rules'

/** The four mini-programs (named once, in subscribe-rules). */
export { APP_NAMES, type AppName }

export const APP_WORDS: Record<AppName, string> = {
  market: '田园集市',
  clinic: '乡村问诊',
  classroom: '田间课堂',
  microloan: '惠农小贷',
}

/** What a notice is about. */
export const NOTICE_TOPICS = ['政策', '健康', '农技', '天气预警', '价格行情', '村务'] as const
export type NoticeTopic = (typeof NOTICE_TOPICS)[number]

/** The topic that carries a price table (and the only one that may). */
export const PRICE_TOPIC: NoticeTopic = '价格行情'

/**
 * The topics each app shows (besides urgent notices, which every app shows pinned first): the
 * clinic health, the classroom farming advice, the micro-loans policy, the market prices.
 */
export const APP_NOTICE_TOPICS: Record<AppName, readonly NoticeTopic[]> = {
  clinic: ['健康'],
  classroom: ['农技'],
  microloan: ['政策'],
  market: ['价格行情'],
}

/** The organisations whose members (role 'publisher') publish notices. */
export const ORGANISATION_KINDS = ['村委会', '乡镇卫生院', '农技站', '信用社', '合作社'] as const
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number]

/** A notice's limits; the API enforces them, the publish page shows them. */
export const NOTICE_LIMITS = {
  /** Characters of the title. */
  titleMax: 40,
  /** Paragraphs of plain text, each at most `paragraphMax` characters … */
  paragraphsMax: 20,
  paragraphMax: 1000,
  /** … and all of them together at most `textMax` (a notice's text stays a few KB, for 2G). */
  textMax: 3000,
  /** Photos: the publisher's own uploads (`POST /api/media`). */
  photosMax: 9,
  /** A notice expires at most this many days after it is published. */
  maxDays: 90,
  /** Rows of a price table. */
  priceRowsMax: 50,
  /** The characters of a pasted price table. */
  priceCsvMax: 5000,
  /** Notices in an app's list (the list carries their text, so it works offline). */
  listMax: 20,
} as const

/** A notice as the publisher sees it in 我发布的. */
export const NOTICE_STATUSES = ['live', 'expired', 'withdrawn'] as const
export type NoticeStatusKey = (typeof NOTICE_STATUSES)[number]
export const NOTICE_STATUS_WORDS: Record<NoticeStatusKey, string> = {
  live: '展示中',
  expired: '已过期',
  withdrawn: '已撤回',
}

/**
 * A text typed in one box → its paragraphs: one per line, trimmed, blank lines dropped. The
 * publish page sends `paragraphs`, so what it shows is what the notice reads.
 */
export function paragraphsOf(text: string): string[] {
  return text
    .split(/\r\n|\r|\n/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0)
}

// ---------------------------------------------------------------- price tables

/** One row of a price bulletin: 大白菜, 公斤, 1.20 元, 涨 0.05 元 → priceFen 120, changeFen 5. */
export interface PriceRow {
  product: string
  /** What the price is per, e.g. 公斤, 斤, 个. */
  unit: string
  /** Integer fen per unit, > 0. */
  priceFen: number
  /** Integer fen, day-on-day: positive 涨, negative 跌, 0 持平. */
  changeFen: number
}

export const PRICE_TABLE_HEADER = '品名,单位,价格(元),涨跌(元)'

export interface PriceTableParse {
  rows: PriceRow[]
  /** zh-CN, each naming its line; empty when the table is fine. */
  problems: string[]
}

const PRODUCT_MAX = 20
const UNIT_MAX = 8
/** 99 999.99 元 per unit: far above any farm price; a bigger number is a typo. */
const PRICE_MAX_FEN = 9_999_999
const MAX_PROBLEMS = 5
const YUAN = /^(\d{1,5})(?:\.(\d{1,2}))?$/
const SIGNED_YUAN = /^([+-]?)(\d{1,5})(?:\.(\d{1,2}))?$/
/** Words for "no change" people write in a 涨跌 column. */
const NO_CHANGE = new Set(['', '-', '—', '–', '持平', '平'])

function fenOf(whole: string, fraction: string | undefined): number {
  return Number(whole) * 100 + Number((fraction ?? '').padEnd(2, '0'))
}

/** Full-width digits, signs and points (a Chinese input method) → ASCII; 元 and ¥ dropped. */
function normaliseNumber(cell: string): string {
  return cell
    .replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0))
    .replace(/[＋]/g, '+')
    .replace(/[－−]/g, '-')
    .replace(/[．。]/g, '.')
    .replace(/[元¥￥\s]/g, '')
}

function isHeader(cells: string[]): boolean {
  const first = cells[0] ?? ''
  return ['品名', '名称', '品种', '产品', '商品'].includes(first) || (cells[2] ?? '').includes('价格')
}

/**
 * A price table as a publisher pastes it (from a spreadsheet or typed): one row per line,
 * `品名,单位,价格(元),涨跌(元)`, separated by commas (, or ，) or tabs; the header line is optional;
 * the 涨跌 column may be left out or empty (持平). Prices in yuan with at most two decimals →
 * integer fen. A unit written 元/公斤 is stored as 公斤. Every problem names its line.
 */
export function parsePriceTable(csv: string): PriceTableParse {
  const rows: PriceRow[] = []
  const problems: string[] = []
  const lines = csv.split(/\r\n|\r|\n/)
  let seenContent = false
  let skipped = 0
  const problem = (message: string) => {
    if (problems.length < MAX_PROBLEMS) problems.push(message)
    else skipped++
  }
  for (let index = 0; index < lines.length; index++) {
    const line = (lines[index] ?? '').trim()
    if (line === '') continue
    const where = `第 ${index + 1} 行`
    // A spreadsheet's CSV export may quote its cells: "大白菜".
    const cells = line.split(/[,，\t]/).map((cell) => cell.trim().replace(/^"(.*)"$/, '$1').trim())
    if (!seenContent) {
      seenContent = true
      if (isHeader(cells)) continue
    }
    // 'multi': a tab separates cells (pasted from a spreadsheet); line breaks were split above.
    const unprintable = unprintableTextProblem(where, line, 'multi')
    if (unprintable) {
      problem(unprintable)
      continue
    }
    if (cells.length < 3 || cells.length > 4) {
      problem(`${where}应有 4 项：${PRICE_TABLE_HEADER}，用逗号隔开（现在是 ${cells.length} 项）`)
      continue
    }
    const [product = '', rawUnit = '', rawPrice = '', rawChange = ''] = cells
    const unit = rawUnit.replace(/^元\s*\//, '').trim()
    if (product === '') {
      problem(`${where}没有写品名`)
      continue
    }
    if ([...product].length > PRODUCT_MAX) {
      problem(`${where}的品名最多 ${PRODUCT_MAX} 个字`)
      continue
    }
    if (unit === '') {
      problem(`${where}没有写单位，比如 公斤`)
      continue
    }
    if ([...unit].length > UNIT_MAX) {
      problem(`${where}的单位最多 ${UNIT_MAX} 个字，比如 公斤`)
      continue
    }
    const price = YUAN.exec(normaliseNumber(rawPrice))
    if (!price) {
      problem(`${where}的价格“${rawPrice}”不是金额，请写成 2.35 这样（单位：元，最多两位小数）`)
      continue
    }
    const priceFen = fenOf(price[1] ?? '0', price[2])
    if (priceFen <= 0 || priceFen > PRICE_MAX_FEN) {
      problem(`${where}的价格应在 0.01 到 99999.99 元之间`)
      continue
    }
    const change = normaliseNumber(rawChange)
    let changeFen = 0
    if (!NO_CHANGE.has(change)) {
      const m = SIGNED_YUAN.exec(change)
      if (!m) {
        problem(`${where}的涨跌“${rawChange}”不是金额，请写成 +0.20、-0.15 或 0（单位：元）`)
        continue
      }
      changeFen = (m[1] === '-' ? -1 : 1) * fenOf(m[2] ?? '0', m[3])
    }
    rows.push({ product, unit, priceFen, changeFen })
  }
  if (skipped > 0) problems.push(`还有 ${skipped} 处问题，请先改好上面几行`)
  if (rows.length === 0 && problems.length === 0) problems.push(`价格表是空的，请至少写一行：${PRICE_TABLE_HEADER}`)
  if (rows.length > NOTICE_LIMITS.priceRowsMax) problems.push(`价格表最多 ${NOTICE_LIMITS.priceRowsMax} 行（现在是 ${rows.length} 行）`)
  return { rows, problems }
}

/** Yuan with two decimals: 120 → "1.20". */
export function yuanText(fen: number): string {
  const abs = Math.abs(fen)
  return `${fen < 0 ? '-' : ''}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`
}

/** A change as a table cell: +0.05, -0.10, 0.00. */
export function changeText(changeFen: number): string {
  return changeFen > 0 ? `+${yuanText(changeFen)}` : yuanText(changeFen)
}

/** A change in words (screen readers and 听): 涨 0.05 元, 跌 0.10 元, 持平. */
export function changeWords(changeFen: number): string {
  if (changeFen === 0) return '持平'
  return `${changeFen > 0 ? '涨' : '跌'} ${yuanText(Math.abs(changeFen))} 元`
}

/** Rows back into the CSV `parsePriceTable` reads (with the header): a form that edits rows sends this. */
export function priceTableCsv(rows: readonly PriceRow[]): string {
  return [PRICE_TABLE_HEADER, ...rows.map((r) => `${r.product},${r.unit},${yuanText(r.priceFen)},${changeText(r.changeFen)}`)].join('\n')
}
