import { PostgresAdapter } from 'kysely'
import type { MarketDb } from './schema'

// The catalogue's search index: a posting table (market_search_terms, migration 0018) from every
// character and every pair of adjacent characters of a product's searchable fields to the product,
// with the first field it is in (0 title, 1 origin, 2 grade, 3 shop name: matchRank's tiers).
// Why n-grams and not FTS5 `trigram` / pg_trgm: both need 3 characters before they can use their
// index, and most Chinese queries are 1–2 (米, 苹果, 土豆); a term table of 1- and 2-grams answers
// those from a B-tree, needs no word segmentation, and is the same plain table on SQLite and
// PostgreSQL (so both behave the same and one test covers both). It only narrows the candidates:
// the answer is still decided by `LIKE '%word%'` on search_text, so results are exact.

/** What search matches against, as searchTextOf joins it. */
export interface SearchFields {
  title: string
  origin: string
  grade: string
  shopName: string
}

/**
 * Each term of the fields — each character and each adjacent pair within a whitespace-separated
 * piece, lower-cased — with the first field it is in (0 title … 3 shop name).
 */
export function termsOf(fields: SearchFields): Map<string, number> {
  const terms = new Map<string, number>()
  ;[fields.title, fields.origin, fields.grade, fields.shopName].forEach((text, tier) => {
    let previous = ''
    // By code point (for…of), so a character outside the BMP is one term, not two halves.
    for (const char of text.toLowerCase()) {
      if (char.trim() === '') {
        previous = ''
        continue
      }
      if (!terms.has(char)) terms.set(char, tier)
      const pair = previous + char
      if (previous && !terms.has(pair)) terms.set(pair, tier)
      previous = char
    }
  })
  return terms
}

/**
 * The terms that every product containing `word` (lower-cased, no whitespace) has: the word itself
 * when it is one character, else each of its adjacent pairs (any one of them narrows the candidates).
 */
export function termsOfWord(word: string): string[] {
  const chars = Array.from(word)
  if (chars.length === 1) return chars
  const pairs = new Set<string>()
  for (let i = 0; i + 1 < chars.length; i++) pairs.add(`${chars[i] as string}${chars[i + 1] as string}`)
  return [...pairs]
}

/**
 * Keeps a product's postings in step with its fields, in the caller's transaction: removes the
 * terms of `previous` it no longer has (or has in another field) and adds the new ones — by the
 * primary key (term, tier, product_id), so no second index on product_id is needed. `previous`
 * null: a new product.
 */
export async function syncProductTerms(db: MarketDb, productId: string, previous: SearchFields | null, next: SearchFields): Promise<void> {
  const before = previous === null ? new Map<string, number>() : termsOf(previous)
  const after = termsOf(next)
  const gone = [...before].filter(([term, tier]) => after.get(term) !== tier).map(([term]) => term)
  const added = [...after].filter(([term, tier]) => before.get(term) !== tier)
  if (gone.length > 0) await db.deleteFrom('market_search_terms').where('term', 'in', gone).where('tier', 'in', [0, 1, 2, 3]).where('product_id', '=', productId).execute()
  if (added.length > 0) await db.insertInto('market_search_terms').values(added.map(([term, tier]) => ({ term, tier, product_id: productId }))).execute()
}

/**
 * The searchable fields of products about to be re-indexed, read inside the writing transaction
 * and, on PostgreSQL, locked (FOR UPDATE) until it ends: two edits of one product at once then
 * re-index one after the other, each from the fields the other left (read outside, the second would
 * remove terms only the first had added). SQLite runs one write transaction at a time.
 */
export async function fieldsForUpdate(trx: MarketDb, where: { productId: string } | { shopId: string }) {
  return trx
    .selectFrom('market_products')
    .select(['id', 'title', 'origin', 'grade'])
    .$if('productId' in where, (q) => q.where('id', '=', (where as { productId: string }).productId))
    .$if('shopId' in where, (q) => q.where('shop_id', '=', (where as { shopId: string }).shopId))
    .$if(trx.getExecutor().adapter instanceof PostgresAdapter, (q) => q.forUpdate())
    .execute()
}
