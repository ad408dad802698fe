import { z } from 'zod'

/** Upper bound for any amount: 100 million yuan, far above anything a village shop sells. */
export const MAX_FEN = 10_000_000_000

/** Money is always an integer number of fen (分, 1/100 yuan). Never a float, never negative. */
export const Fen = z.number().int().min(0).max(MAX_FEN)
export type Fen = z.infer<typeof Fen>

/** 1234 → "12.34" — for display only; never parse this back. */
export function formatYuan(fen: Fen): string {
  const yuan = Math.floor(fen / 100)
  const rest = fen % 100
  return `${yuan}.${String(rest).padStart(2, '0')}`
}
