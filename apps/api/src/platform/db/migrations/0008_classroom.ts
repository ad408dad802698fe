import { sql, type Kysely } from 'kysely'

// 田间课堂 (modules/classroom): teachers, courses, lessons, enrolments, purchases, progress (with the
// applied event ids, so a replayed batch counts once) and quiz attempts. Certificates and questions to
// the teacher come in 0012. Portable DDL for SQLite and PostgreSQL: money bigint fen, instants bigint
// epoch ms, booleans integer 0/1, lists and quizzes JSON text, seconds double precision.

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on the current schema type
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('classroom_teachers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    // The user who acts as this teacher (the teacher role; lesson-media lets them upload).
    .addColumn('user_id', 'text', (c) => c.unique().references('users.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('org', 'text', (c) => c.notNull())
    .addColumn('intro', 'text', (c) => c.notNull())
    .addColumn('photo_media_id', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('classroom_courses')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('teacher_id', 'text', (c) => c.notNull().references('classroom_teachers.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    // planting | livestock | ecommerce | health
    .addColumn('topic', 'text', (c) => c.notNull())
    .addColumn('intro', 'text', (c) => c.notNull())
    .addColumn('cover_media_id', 'text')
    // 0 = free.
    .addColumn('price_fen', 'bigint', (c) => c.notNull())
    // draft | published
    .addColumn('status', 'text', (c) => c.notNull())
    // Search (computed when saved): lower-cased text for Chinese substrings (LIKE, 2 characters too),
    // toneless pinyin of the title, teacher and topic, and their initials.
    .addColumn('search_text', 'text', (c) => c.notNull())
    .addColumn('search_pinyin', 'text', (c) => c.notNull())
    .addColumn('search_initials', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addCheckConstraint('classroom_courses_price', sql`price_fen >= 0`)
    .execute()
  await db.schema.createIndex('classroom_courses_listing').on('classroom_courses').columns(['status', 'created_at', 'id']).execute()
  await db.schema.createIndex('classroom_courses_teacher').on('classroom_courses').columns(['teacher_id', 'created_at']).execute()

  await db.schema
    .createTable('classroom_lessons')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('course_id', 'text', (c) => c.notNull().references('classroom_courses.id'))
    .addColumn('position', 'integer', (c) => c.notNull())
    // video | audio | article
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('trial', 'integer', (c) => c.notNull())
    // Video and audio: seconds, copied from lesson-media once its editions are ready; 图文: reading time.
    .addColumn('duration_s', 'double precision')
    // Video and audio: the tus upload the media was made from.
    .addColumn('upload_id', 'text')
    // 图文: JSON [{type:'text',text} | {type:'photo',photoId,caption}].
    .addColumn('blocks', 'text')
    .addColumn('text_bytes', 'integer', (c) => c.notNull())
    // JSON {passPercent, questions:[{prompt, choices, answer}]} or null.
    .addColumn('quiz', 'text')
    .addColumn('search_text', 'text', (c) => c.notNull())
    .addColumn('search_pinyin', 'text', (c) => c.notNull())
    .addColumn('search_initials', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('classroom_lessons_course').on('classroom_lessons').columns(['course_id', 'position']).execute()

  await db.schema
    .createTable('classroom_enrolments')
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('course_id', 'text', (c) => c.notNull().references('classroom_courses.id'))
    // free (enrolled) | purchase (paid) | progress (learning a trial lesson or a free course)
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('enrolled_at', 'bigint', (c) => c.notNull())
    .addColumn('last_active_at', 'bigint')
    // Set once, when the last lesson is done (certificates read it).
    .addColumn('completed_at', 'bigint')
    .addPrimaryKeyConstraint('classroom_enrolments_pk', ['user_id', 'course_id'])
    .execute()
  await db.schema.createIndex('classroom_enrolments_course').on('classroom_enrolments').columns(['course_id', 'last_active_at']).execute()

  await db.schema
    .createTable('classroom_purchases')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('course_id', 'text', (c) => c.notNull().references('classroom_courses.id'))
    // pending_payment | paid | cancelled | refunded
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('amount_fen', 'bigint', (c) => c.notNull())
    .addColumn('hold_expires_at', 'bigint', (c) => c.notNull())
    .addColumn('paid_at', 'bigint')
    .addColumn('cancelled_at', 'bigint')
    .addColumn('refunded_at', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute()
  // One unpaid purchase and one paid purchase per learner and course, whatever races: a course is bought once.
  await sql`create unique index classroom_purchases_one_pending on classroom_purchases (user_id, course_id) where status = 'pending_payment'`.execute(db)
  await sql`create unique index classroom_purchases_one_paid on classroom_purchases (user_id, course_id) where status = 'paid'`.execute(db)
  await db.schema.createIndex('classroom_purchases_hold').on('classroom_purchases').columns(['status', 'hold_expires_at']).execute()

  await db.schema
    .createTable('classroom_progress')
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('lesson_id', 'text', (c) => c.notNull().references('classroom_lessons.id'))
    .addColumn('course_id', 'text', (c) => c.notNull().references('classroom_courses.id'))
    // Resume here: the position of the latest event by the phone's clock (position_at).
    .addColumn('position_s', 'double precision', (c) => c.notNull())
    .addColumn('position_at', 'bigint', (c) => c.notNull())
    .addColumn('furthest_s', 'double precision', (c) => c.notNull())
    // JSON [[start, end], …]: merged played segments; covered_s is their length.
    .addColumn('segments', 'text', (c) => c.notNull())
    .addColumn('covered_s', 'double precision', (c) => c.notNull())
    // Sum of the events' watchedS (time spent; each event counted once).
    .addColumn('watched_s', 'double precision', (c) => c.notNull())
    .addColumn('read_at', 'bigint')
    .addColumn('quiz_passed', 'integer', (c) => c.notNull())
    .addColumn('done_at', 'bigint')
    // watched | read | quiz
    .addColumn('done_by', 'text')
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('classroom_progress_pk', ['user_id', 'lesson_id'])
    .execute()
  await db.schema.createIndex('classroom_progress_recent').on('classroom_progress').columns(['user_id', 'updated_at']).execute()
  await db.schema.createIndex('classroom_progress_course').on('classroom_progress').columns(['course_id', 'user_id']).execute()

  // Every progress event applied, by the phone's id: a replayed batch finds its events here.
  await db.schema
    .createTable('classroom_progress_events')
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('client_event_id', 'text', (c) => c.notNull())
    .addColumn('lesson_id', 'text', (c) => c.notNull())
    .addColumn('applied_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('classroom_progress_events_pk', ['user_id', 'client_event_id'])
    .execute()

  await db.schema
    .createTable('classroom_quiz_attempts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('lesson_id', 'text', (c) => c.notNull().references('classroom_lessons.id'))
    // JSON [index, …]
    .addColumn('answers', 'text', (c) => c.notNull())
    .addColumn('correct', 'text', (c) => c.notNull())
    .addColumn('correct_count', 'integer', (c) => c.notNull())
    .addColumn('total', 'integer', (c) => c.notNull())
    .addColumn('pass_percent', 'integer', (c) => c.notNull())
    .addColumn('passed', 'integer', (c) => c.notNull())
    .addColumn('submitted_at', 'bigint', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('classroom_quiz_attempts_user').on('classroom_quiz_attempts').columns(['user_id', 'lesson_id', 'submitted_at']).execute()
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'classroom_quiz_attempts',
    'classroom_progress_events',
    'classroom_progress',
    'classroom_purchases',
    'classroom_enrolments',
    'classroom_lessons',
    'classroom_courses',
    'classroom_teachers',
  ]) {
    await db.schema.dropTable(table).ifExists().execute()
  }
}
