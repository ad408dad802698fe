/** The median of the finite numbers given (mean of the two middle ones for an even count); null when none. */
export function median(values: ReadonlyArray<number | null | undefined>): number | null {
  const xs = values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v)).sort((a, b) => a - b)
  if (!xs.length) return null
  const mid = Math.floor(xs.length / 2)
  return xs.length % 2 ? (xs[mid] as number) : ((xs[mid - 1] as number) + (xs[mid] as number)) / 2
}

/** baseline ÷ value: how many times smaller (or faster) the measured value is; null when undefined. */
export function ratio(baseline: number | null | undefined, value: number | null | undefined): number | null {
  if (baseline == null || value == null || !Number.isFinite(baseline) || !Number.isFinite(value) || value === 0) return null
  return baseline / value
}

/** "3.2×" with one decimal from 1 to 10, none above, two significant digits below 1; "—" when there is no ratio. */
export function formatRatio(r: number | null): string {
  if (r == null) return '—'
  return `${r >= 10 ? Math.round(r) : r >= 1 ? r.toFixed(1) : r.toPrecision(2)}×`
}

/** A value with its unit, short: bytes as KB, ms as s past 10 s. */
export function formatValue(value: number | null, unit: string): string {
  if (value == null) return '—'
  if (unit === 'B') return value >= 1024 * 1024 ? `${(value / 1024 / 1024).toFixed(2)} MB` : `${(value / 1024).toFixed(1)} KB`
  if (unit === 'ms') return value >= 10_000 ? `${(value / 1000).toFixed(1)} s` : `${Math.round(value)} ms`
  if (unit === '%') return `${value.toFixed(1)} %`
  if (unit === 'req/s') return `${Math.round(value).toLocaleString('en-US')} req/s`
  return `${Number.isInteger(value) ? value : value.toFixed(1)}${unit ? ` ${unit}` : ''}`
}
