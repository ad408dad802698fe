// Rates in words. @tianyuan/loans and the API speak integer basis points per year (800 = 8 %/yr);
// a borrower reads a percentage with two decimals, the annualised rate (年化利率, IRR over every
// cash flow, fees included) first and largest (PBOC announcement 2021 No. 3).

/** 723 → '7.23%'; 1200 → '12.00%'. Integer digits only, no floats. */
export function formatRateBp(bp: number): string {
  if (!Number.isSafeInteger(bp) || bp < 0) throw new RangeError(`a rate must be whole, non-negative basis points, got ${bp}`)
  const digits = String(bp).padStart(3, '0')
  return `${digits.slice(0, -2)}.${digits.slice(-2)}%`
}

/**
 * The same rate per day as a simple (non-compounded) figure, for the small print only: 1200 bp →
 * '0.0329%' (÷ 365, rounded half-up to four decimals). Labelled 单利 wherever it is shown.
 */
export function dailyRateWords(bp: number): string {
  // Hundred-thousandths of a percent per day, rounded half-up: bp × 10000 / 365 in integers.
  const tenThousandths = Math.floor((bp * 100 * 2 + 365) / (365 * 2))
  const digits = String(tenThousandths).padStart(5, '0')
  return `${digits.slice(0, -4)}.${digits.slice(-4)}%`
}

/** 12 → '12 个月'; 24 → '24 个月（2 年）'. */
export function termWords(months: number): string {
  return months >= 12 && months % 12 === 0 ? `${months} 个月（${months / 12} 年）` : `${months} 个月`
}
