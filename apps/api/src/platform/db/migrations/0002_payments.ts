import { sql, type Kysely } from 'kysely'

// Payments and refunds (WeChat Pay v3). Portable DDL: the same migration runs on SQLite and PostgreSQL.

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on the current schema type
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('payments')
    // Also the out_trade_no sent to WeChat (22 URL-safe characters: inside WeChat's 6–32 [0-9A-Za-z_-|*]).
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('order_id', 'text', (c) => c.notNull())
    .addColumn('amount_fen', 'bigint', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('payer_openid', 'text', (c) => c.notNull())
    .addColumn('notify_url', 'text', (c) => c.notNull())
    .addColumn('prepay_id', 'text')
    .addColumn('transaction_id', 'text')
    .addColumn('refunded_fen', 'bigint', (c) => c.notNull().defaultTo(0))
    /** Refunds asked for but not yet confirmed: reserved, so two refunds can never exceed the amount. */
    .addColumn('refund_pending_fen', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('paid_at', 'bigint')
    .addColumn('closed_at', 'bigint')
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute()
  // One live payment per order: a second create finds this one instead of charging twice.
  await db.schema
    .createIndex('payments_live_order')
    .on('payments')
    .columns(['kind', 'order_id'])
    .unique()
    .where(sql.ref('status'), '<>', 'closed')
    .execute()
  await db.schema.createIndex('payments_user').on('payments').columns(['user_id', 'created_at']).execute()
  await db.schema.createIndex('payments_pending_expiry').on('payments').columns(['status', 'expires_at']).execute()

  await db.schema
    .createTable('refunds')
    // Also the out_refund_no sent to WeChat.
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('payment_id', 'text', (c) => c.notNull().references('payments.id'))
    .addColumn('amount_fen', 'bigint', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('wechat_refund_id', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('succeeded_at', 'bigint')
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('refunds_payment').on('refunds').columns(['payment_id', 'created_at']).execute()
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('refunds').ifExists().execute()
  await db.schema.dropTable('payments').ifExists().execute()
}
