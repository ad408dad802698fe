// Bounds that keep every product of the integer arithmetic below 2^53 (principal × rate × months)
// and reject input no farm loan has. The API turns a violation into a 400 with the zh-CN message.

/** 1 yuan. */
export const MIN_PRINCIPAL_FEN = 100
/** 10 million yuan. */
export const MAX_PRINCIPAL_FEN = 1_000_000_000
/** 100 %/yr — a ceiling for the arithmetic, not a lawful rate (the API's APR cap is far lower). */
export const MAX_ANNUAL_RATE_BP = 10_000
export const MAX_TERM_MONTHS = 360
/** Penalty rate ceiling for the arithmetic, in basis points per year. */
export const MAX_PENALTY_RATE_BP = 20_000
export const MAX_GRACE_DAYS = 90
