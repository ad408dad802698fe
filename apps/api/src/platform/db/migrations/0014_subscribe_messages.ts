import type { Kysely } from 'kysely'

// One-time subscriptions to WeChat subscribe-message templates as the apps reported them, and every
// send made with them (modules/subscriptions). Portable DDL for SQLite and PostgreSQL: instants are
// bigint epoch ms. WeChat is the authority on whether a grant is left (it answers 43101 when not);
// `available` is the API's own count, for choosing whom to send to (urgent notices by topic).

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on the current schema type
export async function up(db: Kysely<any>): Promise<void> {
  // One row per user, template, app and topic ('' for reminders without a topic).
  await db.schema
    .createTable('subscribe_grants')
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('template_id', 'text', (c) => c.notNull())
    .addColumn('app', 'text', (c) => c.notNull())
    .addColumn('topic', 'text', (c) => c.notNull())
    .addColumn('reminder_key', 'text', (c) => c.notNull())
    // One-time grants the user gave (each 允许 adds one) not yet used by a send.
    .addColumn('available', 'integer', (c) => c.notNull())
    // accept | reject | ban | filter: the last answer to wx.requestSubscribeMessage.
    .addColumn('last_answer', 'text', (c) => c.notNull())
    .addColumn('answered_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('subscribe_grants_pk', ['user_id', 'template_id', 'app', 'topic'])
    .execute()
  await db.schema.createIndex('subscribe_grants_topic').on('subscribe_grants').columns(['reminder_key', 'topic', 'available']).execute()

  // Every send and its outcome: sent | no_subscription | invalid | no_openid | failed | retrying.
  await db.schema
    .createTable('subscribe_sends')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('reminder_key', 'text', (c) => c.notNull())
    .addColumn('template_id', 'text', (c) => c.notNull())
    .addColumn('app', 'text', (c) => c.notNull())
    .addColumn('page', 'text', (c) => c.notNull())
    // JSON: the field values sent (or refused).
    .addColumn('data', 'text', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('errcode', 'integer')
    .addColumn('detail', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('subscribe_sends_user').on('subscribe_sends').columns(['user_id', 'created_at']).execute()
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('subscribe_sends').ifExists().execute()
  await db.schema.dropTable('subscribe_grants').ifExists().execute()
}
