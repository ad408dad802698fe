import type { Kysely, Selectable } from 'kysely'
import type { ClassroomDatabase, ClassroomDb } from './schema'

// Certificates and questions to the teacher (migration 0012_classroom_certificates_questions),
// widening the classroom's Kysely view the way schema.ts widens the shared one.

export interface ClassroomCertificatesTable {
  id: string
  code: string
  user_id: string
  course_id: string
  holder_name: string
  course_title: string
  teacher_name: string
  teacher_org: string
  completed_at: number
  issued_at: number
}

export interface ClassroomQuestionsTable {
  id: string
  user_id: string
  course_id: string
  lesson_id: string
  text: string
  photo_ids: string
  asked_at: number
  answer_text: string | null
  answer_photo_ids: string | null
  answered_by: string | null
  answered_at: number | null
}

export type ClassroomExtrasTables = {
  classroom_certificates: ClassroomCertificatesTable
  classroom_questions: ClassroomQuestionsTable
}

export type ClassroomExtrasDatabase = ClassroomDatabase & ClassroomExtrasTables
export type ClassroomExtrasDb = Kysely<ClassroomExtrasDatabase>

export function classroomExtrasDb(db: ClassroomDb): ClassroomExtrasDb {
  return db.withTables<ClassroomExtrasTables>()
}

export type CertificateRow = Selectable<ClassroomCertificatesTable>
export type QuestionRow = Selectable<ClassroomQuestionsTable>
