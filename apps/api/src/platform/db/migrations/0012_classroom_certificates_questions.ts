import type { Kysely } from 'kysely'

// certificates of completed courses and learners' questions to teachers (modules/classroom). Portable DDL for SQLite and PostgreSQL.

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on the current schema type
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('classroom_certificates')
    // Random (newId, 128 bits): the image's address, which the holder may share.
    .addColumn('id', 'text', (c) => c.primaryKey())
    // 10 characters of an unambiguous alphabet, random; what anyone types to verify.
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('course_id', 'text', (c) => c.notNull().references('classroom_courses.id'))
    // What the certificate says, as it was when issued (a later rename does not change a certificate).
    .addColumn('holder_name', 'text', (c) => c.notNull())
    .addColumn('course_title', 'text', (c) => c.notNull())
    .addColumn('teacher_name', 'text', (c) => c.notNull())
    .addColumn('teacher_org', 'text', (c) => c.notNull())
    .addColumn('completed_at', 'bigint', (c) => c.notNull())
    .addColumn('issued_at', 'bigint', (c) => c.notNull())
    // One certificate per learner and course, whatever races.
    .addUniqueConstraint('classroom_certificates_one', ['user_id', 'course_id'])
    .execute()

  await db.schema
    .createTable('classroom_questions')
    // Sortable (time first): lists read back in the order asked.
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('course_id', 'text', (c) => c.notNull().references('classroom_courses.id'))
    .addColumn('lesson_id', 'text', (c) => c.notNull().references('classroom_lessons.id'))
    .addColumn('text', 'text', (c) => c.notNull())
    // JSON [mediaId, …] (the asker's own uploads, at most 3).
    .addColumn('photo_ids', 'text', (c) => c.notNull())
    .addColumn('asked_at', 'bigint', (c) => c.notNull())
    .addColumn('answer_text', 'text')
    .addColumn('answer_photo_ids', 'text')
    .addColumn('answered_by', 'text', (c) => c.references('users.id'))
    .addColumn('answered_at', 'bigint')
    .execute()
  await db.schema.createIndex('classroom_questions_asker').on('classroom_questions').columns(['user_id', 'id']).execute()
  await db.schema.createIndex('classroom_questions_course').on('classroom_questions').columns(['course_id', 'answered_at', 'id']).execute()
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('classroom_questions').ifExists().execute()
  await db.schema.dropTable('classroom_certificates').ifExists().execute()
}
