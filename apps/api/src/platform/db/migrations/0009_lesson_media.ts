import type { Kysely } from 'kysely'

// Resumable uploads of lesson originals, content-addressed media files, transcode jobs and editions
// (modules/lesson-media). Portable DDL for SQLite and PostgreSQL: instants are bigint epoch ms,
// progress is an integer per mille, lists are JSON text. Lessons are referenced by id only (the
// classroom's lessons table is another module's migration).

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on the current schema type
export async function up(db: Kysely<any>): Promise<void> {
  // One row per tus upload: whose it is, and (once every byte is in) the sha256 of the original.
  await db.schema
    .createTable('lesson_uploads')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('size', 'bigint', (c) => c.notNull())
    .addColumn('filename', 'text', (c) => c.notNull())
    .addColumn('filetype', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('finished_at', 'bigint')
    .addColumn('sha256', 'text')
    .execute()
  await db.schema.createIndex('lesson_uploads_expires').on('lesson_uploads').column('expires_at').execute()

  // Every stored file (originals and outputs), by content: the same bytes are stored once.
  await db.schema
    .createTable('lesson_media_files')
    .addColumn('sha256', 'text', (c) => c.primaryKey())
    .addColumn('bytes', 'bigint', (c) => c.notNull())
    // Last time something stored (or re-stored) these bytes: the clean-up leaves young files alone.
    .addColumn('stored_at', 'bigint', (c) => c.notNull())
    .execute()

  // A lesson's media: what the lesson's JSON shows. Editions are written once, when every one is ready.
  await db.schema
    .createTable('lesson_media')
    .addColumn('lesson_id', 'text', (c) => c.primaryKey())
    // processing | ready | failed
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('progress', 'integer', (c) => c.notNull())
    .addColumn('error', 'text')
    .addColumn('original_sha256', 'text', (c) => c.notNull())
    .addColumn('job_id', 'text', (c) => c.notNull())
    .addColumn('duration_ms', 'bigint')
    .addColumn('has_video', 'integer')
    .addColumn('poster_sha256', 'text')
    .addColumn('thumbhash', 'text')
    // JSON: the published editions (PublishedEdition[]), null until ready.
    .addColumn('editions', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute()

  // Which files a lesson's signed URLs may reach (and with which Content-Type).
  await db.schema
    .createTable('lesson_media_refs')
    .addColumn('lesson_id', 'text', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('mime', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('lesson_media_refs_pk', ['lesson_id', 'sha256'])
    .execute()
  await db.schema.createIndex('lesson_media_refs_sha').on('lesson_media_refs').column('sha256').execute()

  // Durable transcode jobs: claimed with a conditional update (state + lease), resumed step by step.
  await db.schema
    .createTable('lesson_media_jobs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('lesson_id', 'text', (c) => c.notNull())
    .addColumn('original_sha256', 'text', (c) => c.notNull())
    // queued | running | done | failed | cancelled
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('progress', 'integer', (c) => c.notNull())
    .addColumn('error', 'text')
    // JSON: the steps already done and their stored files, so a resumed job skips them.
    .addColumn('outputs', 'text', (c) => c.notNull())
    .addColumn('claimed_by', 'text')
    .addColumn('lease_until', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('lesson_media_jobs_state').on('lesson_media_jobs').columns(['state', 'created_at']).execute()
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['lesson_media_jobs', 'lesson_media_refs', 'lesson_media', 'lesson_media_files', 'lesson_uploads']) {
    await db.schema.dropTable(table).ifExists().execute()
  }
}
