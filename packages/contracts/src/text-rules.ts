// The one printable-text rule, as plain functions with no zod and no dayjs: every free-text field
// the API takes goes through it (text.ts builds the zod schemas from it), and an app can check a
// field with the very same code before sending (`@tianyuan/contracts/text-rules`).
//
// Why: PostgreSQL refuses U+0000 in a text value (SQLite stores it), so a NUL that got past
// validation was a 500 on one database and a silently stored invisible character on the other.
// Other control characters and lone UTF-16 surrogates (not valid Unicode; they turn into U+FFFD
// on the way into the database) are never something a person meant to type either.

/** Single-line: a name, a title, a search word. Multi-line: a description, a message, a note. */
export type TextLines = 'single' | 'multi'

/**
 * The position of the first character a person cannot see or type in `text`, or -1 when there is
 * none: U+0000–U+001F (a multi-line text may hold line feeds \n, carriage returns \r and tabs \t),
 * U+007F–U+009F (DEL and the C1 controls), and lone surrogates.
 */
export function unprintableAt(text: string, lines: TextLines = 'single'): number {
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i)
    if (unit < 0x20) {
      if (lines === 'multi' && (unit === 0x0a || unit === 0x0d || unit === 0x09)) continue
      return i
    }
    if (unit >= 0x7f && unit <= 0x9f) return i
    if (unit >= 0xd800 && unit <= 0xdbff) {
      const next = text.charCodeAt(i + 1)
      if (next >= 0xdc00 && next <= 0xdfff) {
        i++
        continue
      }
      return i
    }
    if (unit >= 0xdc00 && unit <= 0xdfff) return i
  }
  return -1
}

/** True when every character of `text` is one a person can see or type (see `unprintableAt`). */
export function isPrintableText(text: string, lines: TextLines = 'single'): boolean {
  return unprintableAt(text, lines) === -1
}

/** What is wrong with `text` as typed into the field called `label`, in zh-CN; null when it is printable. */
export function unprintableTextProblem(label: string, text: string, lines: TextLines = 'single'): string | null {
  const at = unprintableAt(text, lines)
  if (at === -1) return null
  const unit = text.charCodeAt(at)
  if (lines === 'single' && (unit === 0x0a || unit === 0x0d)) return `${label}只能写一行，请去掉换行`
  return `${label}里有看不见的特殊字符（第 ${[...text.slice(0, at)].length + 1} 个字），请删掉后重新输入`
}
