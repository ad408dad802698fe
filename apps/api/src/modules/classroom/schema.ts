import type { Kysely, Selectable } from 'kysely'
import type { CourseStatus, LessonKind, PurchaseStatus, Topic } from '@tianyuan/contracts'
import type { Database } from '../../platform/db'

// The classroom's tables (migration 0008_classroom), kept beside the module: `classroomDb(db)`
// widens the shared Kysely instance with them (Kysely's withTables), so platform/db/schema.ts stays untouched.

export interface ClassroomTeachersTable {
  id: string
  user_id: string | null
  name: string
  org: string
  intro: string
  photo_media_id: string | null
  created_at: number
}

export interface ClassroomCoursesTable {
  id: string
  teacher_id: string
  title: string
  topic: Topic
  intro: string
  cover_media_id: string | null
  price_fen: number
  status: CourseStatus
  search_text: string
  search_pinyin: string
  search_initials: string
  created_at: number
  updated_at: number
}

export interface ClassroomLessonsTable {
  id: string
  course_id: string
  position: number
  kind: LessonKind
  title: string
  trial: number
  duration_s: number | null
  upload_id: string | null
  blocks: string | null
  text_bytes: number
  quiz: string | null
  search_text: string
  search_pinyin: string
  search_initials: string
  created_at: number
  updated_at: number
}

export interface ClassroomEnrolmentsTable {
  user_id: string
  course_id: string
  source: 'free' | 'purchase' | 'progress'
  enrolled_at: number
  last_active_at: number | null
  completed_at: number | null
}

export interface ClassroomPurchasesTable {
  id: string
  user_id: string
  course_id: string
  status: PurchaseStatus
  amount_fen: number
  hold_expires_at: number
  paid_at: number | null
  cancelled_at: number | null
  refunded_at: number | null
  created_at: number
}

export interface ClassroomProgressTable {
  user_id: string
  lesson_id: string
  course_id: string
  position_s: number
  position_at: number
  furthest_s: number
  segments: string
  covered_s: number
  watched_s: number
  read_at: number | null
  quiz_passed: number
  done_at: number | null
  done_by: 'watched' | 'read' | 'quiz' | null
  updated_at: number
}

export interface ClassroomProgressEventsTable {
  user_id: string
  client_event_id: string
  lesson_id: string
  applied_at: number
}

export interface ClassroomQuizAttemptsTable {
  id: string
  user_id: string
  lesson_id: string
  answers: string
  correct: string
  correct_count: number
  total: number
  pass_percent: number
  passed: number
  submitted_at: number
}

export type ClassroomTables = {
  classroom_teachers: ClassroomTeachersTable
  classroom_courses: ClassroomCoursesTable
  classroom_lessons: ClassroomLessonsTable
  classroom_enrolments: ClassroomEnrolmentsTable
  classroom_purchases: ClassroomPurchasesTable
  classroom_progress: ClassroomProgressTable
  classroom_progress_events: ClassroomProgressEventsTable
  classroom_quiz_attempts: ClassroomQuizAttemptsTable
}

export type ClassroomDatabase = Database & ClassroomTables
export type ClassroomDb = Kysely<ClassroomDatabase>

export function classroomDb(db: Kysely<Database>): ClassroomDb {
  return db.withTables<ClassroomTables>()
}

export type TeacherRow = Selectable<ClassroomTeachersTable>
export type CourseRow = Selectable<ClassroomCoursesTable>
export type LessonRow = Selectable<ClassroomLessonsTable>
export type ProgressRow = Selectable<ClassroomProgressTable>
export type PurchaseRow = Selectable<ClassroomPurchasesTable>
