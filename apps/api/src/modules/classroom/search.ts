import { sql, type Expression, type SqlBool } from 'kysely'
import { pinyin } from 'pinyin-pro'
import { containsPattern } from './shared'

// Search text computed when a course or lesson is saved, and the matching of a query against it.
//
// - search_text: the words as written, lower-cased and NFKC-folded (full-width letters → ASCII);
//   Chinese words match as substrings with LIKE '%…%', so two characters (玉米) match too — FTS5's
//   trigram tokenizer and pg_trgm need three, and pg_trgm ignores CJK under LC_CTYPE=C.
// - search_pinyin: toneless pinyin of the title (and the teacher and topic for a course), each
//   phrase's syllables run together (玉米种植 → yumizhongzhi), phrases separated by a space;
// - search_initials: the same phrases' initials (ymzz).
// A Latin-letter query word matches any of the three; a word with Chinese matches search_text.

const HAN = /\p{Script=Han}/u

/** Lower-case, NFKC (full-width → half-width), whitespace collapsed. */
export function normaliseText(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim()
}

/** Runs of Han characters and Latin letters/digits in the text: the phrases pinyin is made from. */
function phrases(text: string): string[] {
  return normaliseText(text).match(/[\p{Script=Han}a-z0-9]+/gu) ?? []
}

/** 玉米种植 → `yumizhongzhi`; Latin words stay as they are. */
export function pinyinOf(text: string): string {
  return phrases(text)
    .map((p) => (HAN.test(p) ? pinyin(p, { toneType: 'none', type: 'array', v: true }).join('') : p))
    .join(' ')
}

/** 玉米种植 → `ymzz`; Latin words stay as they are. */
export function initialsOf(text: string): string {
  return phrases(text)
    .map((p) => (HAN.test(p) ? pinyin(p, { pattern: 'first', toneType: 'none', type: 'array', v: true }).join('') : p))
    .join(' ')
}

export interface SearchColumns {
  search_text: string
  search_pinyin: string
  search_initials: string
}

/** The three search columns for a record: `text` is everything searchable, `titled` what pinyin is made of. */
export function searchColumns(text: readonly string[], titled: readonly string[]): SearchColumns {
  return {
    search_text: normaliseText(text.join(' ')),
    search_pinyin: titled.map(pinyinOf).join(' '),
    search_initials: titled.map(initialsOf).join(' '),
  }
}

/** The query's words (at most 5): normalised; a Latin word is also taken without its inner spaces. */
export function queryWords(q: string): string[] {
  return normaliseText(q).split(' ').filter(Boolean).slice(0, 5)
}

/** One query word against a table alias's search columns, as a WHERE condition. */
export function wordMatches(alias: string, word: string): Expression<SqlBool> {
  const pattern = containsPattern(word)
  const text = sql<SqlBool>`${sql.ref(`${alias}.search_text`)} like ${pattern} escape '\\'`
  if (!/^[a-z0-9]+$/.test(word)) return text
  return sql<SqlBool>`(${text} or ${sql.ref(`${alias}.search_pinyin`)} like ${pattern} escape '\\' or ${sql.ref(`${alias}.search_initials`)} like ${pattern} escape '\\')`
}
