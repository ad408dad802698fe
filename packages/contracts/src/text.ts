import { z } from 'zod'
import { unprintableTextProblem, type TextLines } from './text-rules'

export { isPrintableText, unprintableAt, unprintableTextProblem, type TextLines } from './text-rules'

// Every free-text field of every request (bodies and query strings) is one of these, so the one
// printable-text rule of text-rules.ts holds everywhere: no control character, no lone surrogate,
// on SQLite and PostgreSQL alike. Lengths count UTF-16 units, as the apps' inputs do.

const printable = (label: string, lines: TextLines) => (value: string, ctx: z.RefinementCtx) => {
  const problem = unprintableTextProblem(label, value, lines)
  if (problem) ctx.addIssue({ code: 'custom', message: problem })
}

/** A text that must be filled in: trimmed, 1 … `max` characters, printable (single-line unless said). */
export const requiredText = (label: string, max: number, lines: TextLines = 'single') =>
  z
    .string({ message: `请填写${label}` })
    .trim()
    .min(1, { message: `请填写${label}` })
    .max(max, { message: `${label}最多 ${max} 个字` })
    .superRefine(printable(label, lines))

/** A text that may be empty: trimmed, at most `max` characters, printable (multi-line unless said). */
export const optionalText = (label: string, max: number, lines: TextLines = 'multi') =>
  z
    .string({ message: `${label}应为文字` })
    .trim()
    .max(max, { message: `${label}最多 ${max} 个字` })
    .superRefine(printable(label, lines))

/** `?q=` of a search: one line, at most 40 characters, may be empty. */
export const SearchTerm = optionalText('搜索词', 40, 'single')
