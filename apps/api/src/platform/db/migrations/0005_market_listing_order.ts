import type { Kysely } from 'kysely'

// The catalogue's first page (GET /api/market/products: on sale, newest first, id breaking ties)
// read from an index in the order it is listed. 0003's (status, created_at) left the id tie-break
// to a sort of every on-sale product ("USE TEMP B-TREE FOR LAST TERM OF ORDER BY" on SQLite)
// before LIMIT could stop; with (…, created_at DESC, id) the scan stops after one page. Same for a
// category's list. The new indexes start with the old ones' columns, so they replace them.
// Portable DDL: column order modifiers in CREATE INDEX work on SQLite and PostgreSQL.

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on the current schema type
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('market_products_listing').execute()
  await db.schema.createIndex('market_products_listing').on('market_products').columns(['status', 'created_at desc', 'id']).execute()
  await db.schema.dropIndex('market_products_category').execute()
  await db.schema.createIndex('market_products_category').on('market_products').columns(['category_id', 'status', 'created_at desc', 'id']).execute()
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('market_products_listing').execute()
  await db.schema.createIndex('market_products_listing').on('market_products').columns(['status', 'created_at']).execute()
  await db.schema.dropIndex('market_products_category').execute()
  await db.schema.createIndex('market_products_category').on('market_products').columns(['category_id', 'status']).execute()
}
