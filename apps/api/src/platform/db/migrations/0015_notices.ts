import type { Kysely } from 'kysely'

// 通知到人: publisher organisations, notices, their price tables, read counts without personal data — slice notices-api. Portable DDL for SQLite and PostgreSQL.

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on the current schema type
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('notice_organisations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull().unique())
    // 村委会 | 乡镇卫生院 | 农技站 | 信用社 | 合作社 (contracts notices-rules ORGANISATION_KINDS)
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute()

  // A member publishes for their organisation (role 'publisher'); one organisation per account.
  await db.schema
    .createTable('notice_publishers')
    .addColumn('user_id', 'text', (c) => c.primaryKey().references('users.id'))
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('notice_organisations.id'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('notices')
    // Sortable (time first): newest first is id order.
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('notice_organisations.id'))
    .addColumn('author_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    // JSON ["paragraph", …] (plain text, printable).
    .addColumn('paragraphs', 'text', (c) => c.notNull())
    // JSON [mediaId, …]: the author's own uploads (the media module's rows), at most 9.
    .addColumn('photo_ids', 'text', (c) => c.notNull())
    .addColumn('topic', 'text', (c) => c.notNull())
    .addColumn('urgent', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('withdrawn_at', 'bigint')
    // Readers who opened it, each counted once (the dedupe marks are in notice_open_marks).
    .addColumn('opened_count', 'integer', (c) => c.notNull().defaultTo(0))
    // Random per notice (base64url of 32 bytes), a key of its marks; set to null — with the marks
    // deleted — once the notice expires or is withdrawn, after which only the count is left.
    .addColumn('opened_salt', 'text')
    .execute()
  // The app lists: unexpired notices of a few topics, newest first; urgent ones of every topic.
  await db.schema.createIndex('notices_topic_newest').on('notices').columns(['topic', 'expires_at', 'created_at']).execute()
  await db.schema.createIndex('notices_urgent_newest').on('notices').columns(['urgent', 'expires_at', 'created_at']).execute()
  // A publisher's 我发布的 (their organisation's notices, newest first) and their daily quota.
  await db.schema.createIndex('notices_organisation').on('notices').columns(['organisation_id', 'created_at']).execute()
  await db.schema.createIndex('notices_author_day').on('notices').columns(['author_id', 'created_at']).execute()

  await db.schema
    .createTable('notice_price_rows')
    .addColumn('notice_id', 'text', (c) => c.notNull().references('notices.id'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('product', 'text', (c) => c.notNull())
    .addColumn('unit', 'text', (c) => c.notNull())
    .addColumn('price_fen', 'bigint', (c) => c.notNull())
    .addColumn('change_fen', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('notice_price_rows_pk', ['notice_id', 'position'])
    .execute()

  // One row per (notice, reader) while the notice is live: mark = HMAC-SHA256(server secret,
  // notice salt ‖ reader), so no user id, device id or anything that recurs across notices is
  // stored; deleted with the salt when the notice expires or is withdrawn.
  await db.schema
    .createTable('notice_open_marks')
    .addColumn('notice_id', 'text', (c) => c.notNull().references('notices.id'))
    .addColumn('mark', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('notice_open_marks_pk', ['notice_id', 'mark'])
    .execute()
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('notice_open_marks').ifExists().execute()
  await db.schema.dropTable('notice_price_rows').ifExists().execute()
  await db.schema.dropTable('notices').ifExists().execute()
  await db.schema.dropTable('notice_publishers').ifExists().execute()
  await db.schema.dropTable('notice_organisations').ifExists().execute()
}
