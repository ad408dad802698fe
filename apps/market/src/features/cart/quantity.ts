/**
 * What a typed quantity means: the whole number typed, held within 1…max (the stock); undefined
 * while the field holds no number yet (the user cleared it to type another), so nothing changes.
 */
export function parseQuantity(typed: string, max: number): number | undefined {
  const digits = /^\s*(\d+)/.exec(typed)?.[1]
  if (!digits) return undefined
  const n = Number(digits)
  return Math.min(Math.max(n, 1), Math.max(max, 1))
}
