import type { Kysely } from 'kysely'

// 田园集市 (produce market). Portable DDL: the same migration runs on SQLite and PostgreSQL.
// Money is bigint fen; instants are bigint epoch ms; booleans are integer 0/1; lists of media ids
// are JSON text.

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on the current schema type
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('market_categories')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('sort', 'integer', (c) => c.notNull())
    .execute()
  // Reference data every installation needs (sellers pick one when publishing).
  await db
    .insertInto('market_categories')
    .values([
      { id: 'fruit', name: '新鲜水果', sort: 10 },
      { id: 'vegetables', name: '时令蔬菜', sort: 20 },
      { id: 'grain', name: '五谷杂粮', sort: 30 },
      { id: 'eggs_meat', name: '禽蛋肉类', sort: 40 },
      { id: 'nuts', name: '干果坚果', sort: 50 },
      { id: 'fungi', name: '菌菇干货', sort: 60 },
      { id: 'specialty', name: '土特产', sort: 70 },
    ])
    .execute()

  await db.schema
    .createTable('market_shops')
    .addColumn('id', 'text', (c) => c.primaryKey())
    // One shop per user.
    .addColumn('owner_id', 'text', (c) => c.notNull().unique().references('users.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('village', 'text', (c) => c.notNull())
    .addColumn('intro', 'text', (c) => c.notNull())
    .addColumn('photo_media_id', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('market_pickup_points')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('shop_id', 'text', (c) => c.notNull().references('market_shops.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('address', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('market_pickup_points_shop').on('market_pickup_points').column('shop_id').execute()

  await db.schema
    .createTable('market_products')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('shop_id', 'text', (c) => c.notNull().references('market_shops.id'))
    .addColumn('seller_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('category_id', 'text', (c) => c.notNull().references('market_categories.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('grade', 'text', (c) => c.notNull())
    .addColumn('origin', 'text', (c) => c.notNull())
    .addColumn('harvest_date', 'text', (c) => c.notNull())
    .addColumn('unit', 'text', (c) => c.notNull())
    .addColumn('price_fen', 'bigint', (c) => c.notNull())
    // Units left to sell. Only ever changed by a conditional UPDATE (never read-then-write).
    .addColumn('stock', 'integer', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('photo_ids', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    // lower(title origin grade shop name): searched with LIKE '%…%' on both databases.
    .addColumn('search_text', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('market_products_listing').on('market_products').columns(['status', 'created_at']).execute()
  await db.schema.createIndex('market_products_category').on('market_products').columns(['category_id', 'status']).execute()
  await db.schema.createIndex('market_products_shop').on('market_products').columns(['shop_id', 'created_at']).execute()

  await db.schema
    .createTable('market_cart_items')
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('product_id', 'text', (c) => c.notNull().references('market_products.id'))
    .addColumn('quantity', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('market_cart_items_pk', ['user_id', 'product_id'])
    .execute()

  await db.schema
    .createTable('market_addresses')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('phone', 'text', (c) => c.notNull())
    .addColumn('region', 'text', (c) => c.notNull())
    .addColumn('detail', 'text', (c) => c.notNull())
    .addColumn('is_default', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('deleted_at', 'bigint')
    .execute()
  await db.schema.createIndex('market_addresses_user').on('market_addresses').columns(['user_id', 'created_at']).execute()

  await db.schema
    .createTable('market_orders')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('buyer_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('shop_id', 'text', (c) => c.notNull().references('market_shops.id'))
    .addColumn('seller_id', 'text', (c) => c.notNull().references('users.id'))
    // pending_payment | to_ship | shipped | received | cancelled — changed only by conditional UPDATEs.
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('total_fen', 'bigint', (c) => c.notNull())
    .addColumn('delivery_kind', 'text', (c) => c.notNull())
    // JSON snapshot of the pickup point or the address as it was when ordering.
    .addColumn('delivery', 'text', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('hold_expires_at', 'bigint', (c) => c.notNull())
    .addColumn('paid_at', 'bigint')
    .addColumn('carrier', 'text')
    .addColumn('tracking_no', 'text')
    .addColumn('shipped_at', 'bigint')
    .addColumn('previous_carrier', 'text')
    .addColumn('previous_tracking_no', 'text')
    .addColumn('previous_shipped_at', 'bigint')
    .addColumn('received_at', 'bigint')
    .addColumn('cancelled_at', 'bigint')
    .addColumn('cancel_reason', 'text')
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('market_orders_buyer').on('market_orders').columns(['buyer_id', 'created_at']).execute()
  await db.schema.createIndex('market_orders_seller').on('market_orders').columns(['seller_id', 'status', 'created_at']).execute()
  await db.schema.createIndex('market_orders_holds').on('market_orders').columns(['status', 'hold_expires_at']).execute()

  await db.schema
    .createTable('market_order_items')
    .addColumn('order_id', 'text', (c) => c.notNull().references('market_orders.id'))
    .addColumn('product_id', 'text', (c) => c.notNull().references('market_products.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('unit', 'text', (c) => c.notNull())
    .addColumn('price_fen', 'bigint', (c) => c.notNull())
    .addColumn('quantity', 'integer', (c) => c.notNull())
    .addColumn('photo_media_id', 'text')
    .addPrimaryKeyConstraint('market_order_items_pk', ['order_id', 'product_id'])
    .execute()

  await db.schema
    .createTable('market_order_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('order_id', 'text', (c) => c.notNull().references('market_orders.id'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('note', 'text')
    .execute()
  await db.schema.createIndex('market_order_events_order').on('market_order_events').columns(['order_id', 'at']).execute()

  await db.schema
    .createTable('market_after_sales')
    .addColumn('id', 'text', (c) => c.primaryKey())
    // One after-sale request per order.
    .addColumn('order_id', 'text', (c) => c.notNull().unique().references('market_orders.id'))
    .addColumn('buyer_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('photo_ids', 'text', (c) => c.notNull())
    .addColumn('refund_fen', 'bigint', (c) => c.notNull())
    .addColumn('seller_note', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('decided_at', 'bigint')
    .addColumn('refunded_at', 'bigint')
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute()
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'market_after_sales',
    'market_order_events',
    'market_order_items',
    'market_orders',
    'market_addresses',
    'market_cart_items',
    'market_products',
    'market_pickup_points',
    'market_shops',
    'market_categories',
  ]) {
    await db.schema.dropTable(table).ifExists().execute()
  }
}
