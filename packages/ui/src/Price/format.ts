// Money is integer fen everywhere (one money type, see packages/contracts). Formatting
// works on the integer's digits: no division, no floats, so 0.1 + 0.2 never shows up.

export type PriceNotation = 'symbol' | 'yuan'

export interface PriceFormat {
  /** 'symbol' → ¥12.50 (default); 'yuan' → 12.50元, the way a market stall writes it. */
  notation?: PriceNotation
  /** Per what: '斤' gives ¥12.50/斤 or 12.50元/斤. */
  unit?: string
}

/** 1250 → '12.50'. Throws RangeError for a negative, fractional or unsafe amount. */
export function formatFen(fen: number): string {
  if (!Number.isSafeInteger(fen)) throw new RangeError(`price must be a whole number of fen, got ${fen}`)
  if (fen < 0) throw new RangeError(`price must not be negative, got ${fen} fen`)
  const digits = String(fen).padStart(3, '0')
  return `${digits.slice(0, -2)}.${digits.slice(-2)}`
}

/** 1250 → '¥12.50'; with { unit: '斤' } → '¥12.50/斤'; with { notation: 'yuan', unit: '斤' } → '12.50元/斤'. */
export function formatPrice(fen: number, { notation = 'symbol', unit }: PriceFormat = {}): string {
  const amount = formatFen(fen)
  const per = unit ? `/${unit}` : ''
  return notation === 'yuan' ? `${amount}元${per}` : `¥${amount}${per}`
}
