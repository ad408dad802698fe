// Identity checks as plain values and functions, with no zod and no dayjs: one implementation of
// the ID-number check (GB 11643-1999, ISO 7064 MOD 11-2) for every module that takes one — the
// clinic's patients and the micro-loan's borrowers — and the masks every response uses for ID
// numbers, phone numbers and bank cards (`@tianyuan/contracts/identity-rules`).

// ID numbers (GB 11643)

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
const ID_CHECK = '10X98765432'

/** The ISO 7064 MOD 11-2 check character of the first 17 digits. */
export function idCheckDigit(first17: string): string {
  let sum = 0
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (ID_WEIGHTS[i] as number)
  return ID_CHECK[sum % 11] as string
}

/** The birth date an 18-digit ID number carries (YYYY-MM-DD), or null when it is not a real date. */
export function idBirthDate(id: string): string | null {
  const y = Number(id.slice(6, 10))
  const m = Number(id.slice(10, 12))
  const d = Number(id.slice(12, 14))
  if (y < 1900 || m < 1 || m > 12 || d < 1) return null
  if (d > new Date(Date.UTC(y, m, 0)).getUTCDate()) return null
  return `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`
}

/** True when `id` is 17 digits and a valid check character (X in capitals). */
export function isValidIdNumber(id: string): boolean {
  if (!/^\d{17}[\dX]$/.test(id)) return false
  if (idBirthDate(id) === null) return false
  return idCheckDigit(id.slice(0, 17)) === id[17]
}

/** 330102199001011234 → 3301**********1234: the only form an ID number ever leaves the server in. */
export function maskIdNumber(id: string): string {
  return `${id.slice(0, 4)}${'*'.repeat(Math.max(0, id.length - 8))}${id.slice(-4)}`
}

/** Full years between a birth date and a Shanghai day (both YYYY-MM-DD). */
export function ageOn(birthDate: string, today: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number]
  const [ty, tm, td] = today.split('-').map(Number) as [number, number, number]
  return ty - by - (tm < bm || (tm === bm && td < bd) ? 1 : 0)
}

/** What is wrong with an ID number as typed, in words a person can act on; null when it is valid. */
export function idNumberProblem(raw: string): string | null {
  const id = raw.trim().toUpperCase()
  if (!/^\d{17}[\dX]$/.test(id)) return '身份证号应为 18 位，最后一位可以是数字或 X'
  if (idBirthDate(id) === null) return '身份证号里的出生日期不对，请核对'
  if (!isValidIdNumber(id)) return '身份证号校验位不对，请逐位核对'
  return null
}

// Phones

/** An 11-digit mainland mobile number. */
export const MOBILE_PHONE_PATTERN = /^1[3-9]\d{9}$/

/** 13812345678 → 138****5678. Anything shorter than 7 characters is hidden entirely. */
export function maskPhone(phone: string): string {
  if (phone.length < 7) return '*'.repeat(phone.length)
  return `${phone.slice(0, 3)}${'*'.repeat(phone.length - 7)}${phone.slice(-4)}`
}

// Bank cards

/** 12 to 19 digits: what a Chinese debit card number may be (a 17-digit BoCom card exists). */
export const BANK_CARD_PATTERN = /^\d{12,19}$/

/** The Luhn (mod 10) check. Not every Chinese debit card passes it, so it only ever warns. */
export function passesLuhn(digits: string): boolean {
  if (!/^\d+$/.test(digits)) return false
  let sum = 0
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i])
    if (i % 2 === 1) {
      d *= 2
      if (d > 9) d -= 9
    }
    sum += d
  }
  return sum % 10 === 0
}

/** Spaces and dashes people type between groups of digits are dropped. */
export function normalizeBankCard(raw: string): string {
  return raw.replace(/[\s-]/g, '')
}

/** What makes a card number unusable (an error), or null. */
export function bankCardProblem(raw: string): string | null {
  const card = normalizeBankCard(raw)
  if (!card) return '请填写银行卡号'
  return BANK_CARD_PATTERN.test(card) ? null : '银行卡号应为 12 到 19 位数字'
}

/** A warning only (some real ICBC, BoCom and Bank of Jiangsu cards fail Luhn): null when it passes. */
export function bankCardWarning(raw: string): string | null {
  const card = normalizeBankCard(raw)
  if (bankCardProblem(card)) return null
  return passesLuhn(card) ? null : '这个卡号没有通过常见的校验，请再核对一遍；如果确认无误可以继续'
}

/** 6222021234567890123 → **** **** 0123: only the last four digits ever leave the server. */
export function maskBankCard(card: string): string {
  return `**** **** ${card.slice(-4)}`
}
