import { unitWord } from '@tianyuan/contracts/market-rules'
import type { ProductUnit } from '@tianyuan/contracts/types'

/** '2026-11-20' (a Shanghai calendar day) → '11月20日': the string is already the local day, no time zone maths. */
export function formatHarvestDate(localDate: string): string {
  const [, month, day] = localDate.split('-')
  return `${Number(month)}月${Number(day)}日`
}

/** Stock in plain words: 库存 120 斤, 只剩 3 公斤, 已卖完. */
export function describeStock(stock: number, unit: ProductUnit): string {
  if (stock <= 0) return '已卖完'
  if (stock <= 10) return `只剩 ${stock} ${unitWord(unit)}`
  return `库存 ${stock} ${unitWord(unit)}`
}
