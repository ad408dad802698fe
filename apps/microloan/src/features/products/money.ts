// Money in words a first-time borrower reads: yuan with thousands separators, from integer fen,
// without floats (the digits of the integer are cut, never divided).

/** 1036152 → '10,361.52'; 1000000 → '10,000' (whole yuan drop the .00). Throws for a negative or fractional amount. */
export function formatYuan(fen: number, { keepCents = false }: { keepCents?: boolean } = {}): string {
  if (!Number.isSafeInteger(fen) || fen < 0) throw new RangeError(`amount must be a whole, non-negative number of fen, got ${fen}`)
  const digits = String(fen).padStart(3, '0')
  const yuan = digits.slice(0, -2).replace(/\B(?=(\d{3})+(?!\d))/g, ',')
  const cents = digits.slice(-2)
  return cents === '00' && !keepCents ? yuan : `${yuan}.${cents}`
}

/** '10,361.52 元' */
export const yuanWords = (fen: number): string => `${formatYuan(fen)} 元`

/** 100000 → '1 千', 5000000 → '5 万', 1500000 → '1.5 万': the short form of a round amount for pickers. */
export function shortYuan(fen: number): string {
  const yuan = Math.floor(fen / 100)
  if (yuan >= 10_000 && yuan % 1_000 === 0) return `${yuan / 10_000} 万`
  if (yuan >= 1_000 && yuan % 1_000 === 0 && yuan < 10_000) return `${yuan / 1_000} 千`
  return formatYuan(fen)
}

/** What a typed amount in yuan is in fen ('5000' → 500000, '5000.5' → 500050); undefined when it is not an amount. */
export function parseYuan(raw: string): number | undefined {
  const text = raw.trim().replace(/[,，\s]/g, '')
  const match = /^(\d{1,9})(?:\.(\d{1,2}))?$/.exec(text)
  if (!match) return undefined
  return Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'))
}
