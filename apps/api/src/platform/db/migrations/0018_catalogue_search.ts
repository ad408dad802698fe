import { SqliteAdapter, sql, type Kysely } from 'kysely'

// The catalogue's search index (issue #17: search must not scan the table). A posting table from
// each 1- and 2-character term of a product's title, origin, grade and shop name to the product,
// with the first of those fields it is in (its tier: 0 title … 3 shop name) (modules/market/
// search-terms.ts says why n-grams rather than FTS5 trigram / pg_trgm: Chinese queries are mostly
// 1–2 characters, below a trigram index's reach). Primary key (term, tier, product_id): a term's
// postings are one range of the key, its best tier is the range's first entry, and a product's old
// terms are removed by key. On SQLite the
// table is WITHOUT ROWID — the key is the table, one B-tree rather than a table and an index.
// Backfilled here from every product and its shop, in batches by id.

const BATCH = 1_000

/** termsOf() of modules/market/search-terms.ts as it was when this migration was written (migrations stay frozen). */
function termsOf(fields: string[]): Map<string, number> {
  const terms = new Map<string, number>()
  fields.forEach((text, tier) => {
    let previous = ''
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

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on the current schema type
export async function up(db: Kysely<any>): Promise<void> {
  const sqlite = db.getExecutor().adapter instanceof SqliteAdapter
  await db.schema
    .createTable('market_search_terms')
    .addColumn('term', 'text', (c) => c.notNull())
    .addColumn('tier', 'integer', (c) => c.notNull())
    .addColumn('product_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('market_search_terms_pk', ['term', 'tier', 'product_id'])
    .modifyEnd(sqlite ? sql`without rowid` : sql``)
    .execute()
  let after = ''
  for (;;) {
    const rows = (await db
      .selectFrom('market_products as p')
      .innerJoin('market_shops as s', 's.id', 'p.shop_id')
      .select(['p.id', 'p.title', 'p.origin', 'p.grade', 's.name'])
      .where('p.id', '>', after)
      .orderBy('p.id')
      .limit(BATCH)
      .execute()) as { id: string; title: string; origin: string; grade: string; name: string }[]
    const postings = rows.flatMap((r) => [...termsOf([r.title, r.origin, r.grade, r.name])].map(([term, tier]) => ({ term, tier, product_id: r.id })))
    // Within both databases' bound-parameter limits (3 per row).
    for (let i = 0; i < postings.length; i += 10_000) await db.insertInto('market_search_terms').values(postings.slice(i, i + 10_000)).execute()
    const last = rows[rows.length - 1]
    if (!last || rows.length < BATCH) break
    after = last.id
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('market_search_terms').execute()
}
