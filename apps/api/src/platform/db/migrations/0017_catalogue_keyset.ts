import type { Kysely } from 'kysely'

// Keyset pagination for the catalogue's price sorts (GET /api/market/products?sort=price_asc|price_desc).
// Without an index in that order a page sorted by price sorted every product on sale first (a temp
// B-tree on SQLite, a Sort node on PostgreSQL) — 4.7 s at 500k products for a deep page, and on
// SQLite's one thread every other request waited. With (status, price_fen, id) a page starts at the
// cursor's (price, id) and reads one page of rows: price_asc forwards, price_desc (price desc, id
// desc) backwards, so one index serves both. The same with the category first for a category's list.
// Newest first already has its indexes (0005: status|category_id, status, created_at desc, id).
// Portable DDL: plain multi-column indexes, the same on SQLite and PostgreSQL.

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on the current schema type
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('market_products_price').on('market_products').columns(['status', 'price_fen', 'id']).execute()
  await db.schema.createIndex('market_products_category_price').on('market_products').columns(['category_id', 'status', 'price_fen', 'id']).execute()
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('market_products_category_price').execute()
  await db.schema.dropIndex('market_products_price').execute()
}
