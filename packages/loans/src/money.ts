// Integer rounding for fen. Everything is exact integer arithmetic below 2^53 (the callers' amounts
// are bounded by MAX_PRINCIPAL_FEN), except the annuity factor, which is a float rounded once.

/**
 * numerator ÷ denominator rounded half-up (half away from zero for negatives) to an integer.
 * Both must be integers and the denominator positive.
 */
export function divRoundHalfUp(numerator: number, denominator: number): number {
  if (denominator <= 0 || !Number.isInteger(denominator) || !Number.isInteger(numerator)) {
    throw new RangeError('divRoundHalfUp needs integers and a positive denominator')
  }
  const sign = numerator < 0 ? -1 : 1
  const abs = Math.abs(numerator)
  const q = Math.floor(abs / denominator)
  const r = abs - q * denominator
  return sign * (2 * r >= denominator ? q + 1 : q)
}

/** A float amount of fen rounded half-up to a whole fen (tolerates float noise just below .5). */
export function roundFen(value: number): number {
  return Math.floor(value + 0.5 + 1e-9)
}

/** 103703 → "1,037.03" — display only. */
export function formatFen(fen: number): string {
  const sign = fen < 0 ? '-' : ''
  const abs = Math.abs(fen)
  const yuan = Math.floor(abs / 100)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ',')
  return `${sign}${yuan}.${String(abs % 100).padStart(2, '0')}`
}

/** 1268 bp → "12.68%" — the annual rate as users read it (two decimals, the unit of a basis point). */
export function formatRateBp(bp: number): string {
  const sign = bp < 0 ? '-' : ''
  const abs = Math.abs(bp)
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}%`
}

/**
 * a × b ÷ d rounded half-up, exact while a, d × b and a itself stay below 2^53 even when a × b
 * does not (interest to the day: principal × rate × days can exceed 2^53 for long arrears).
 */
export function mulDivRoundHalfUp(a: number, b: number, d: number): number {
  const q = Math.floor(a / d)
  const r = a - q * d
  return q * b + divRoundHalfUp(r * b, d)
}
