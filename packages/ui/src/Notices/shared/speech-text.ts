import type { Notice, PriceRow } from '@tianyuan/contracts/types'
import { changeWords, yuanText } from '@tianyuan/contracts/notices-rules'
import { formatShanghaiTime } from '../../ShanghaiTime'
import { URGENT_WORD } from './api'

/** One price row as it is said aloud: 大白菜，每公斤 1.20 元，涨 0.05 元。 */
export function priceRowWords(row: PriceRow): string {
  return `${row.product}，每${row.unit} ${yuanText(row.priceFen)} 元，${changeWords(row.changeFen)}`
}

/**
 * A notice as 听 reads it: urgent, the title, who and when, every paragraph, then the price
 * table row by row in words (a table read cell by cell means nothing to a listener).
 */
export function noticeSpeechText(notice: Notice): string {
  const end = (s: string) => (/[。！？!?；;]$/.test(s) ? s : `${s}。`)
  const parts = [
    notice.urgent ? `${URGENT_WORD}通知。` : '',
    end(notice.title),
    end(`${notice.organisation.name}，${formatShanghaiTime(notice.publishedAt)}发布`),
    ...notice.paragraphs.map(end),
    ...(notice.priceTable?.length ? ['价格表：', ...notice.priceTable.map((r) => end(priceRowWords(r)))] : []),
  ]
  return parts.filter(Boolean).join('\n')
}
