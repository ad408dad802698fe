import type { Kysely } from 'kysely'
import type { Database } from '../../platform/db'

// The lesson-media tables (migration 0009_lesson_media), kept beside the module: `lessonMediaDb(db)`
// widens the shared Kysely instance with them, so platform/db/schema.ts stays untouched.

export interface LessonUploadsTable {
  id: string
  user_id: string
  size: number
  filename: string
  filetype: string
  created_at: number
  expires_at: number
  finished_at: number | null
  sha256: string | null
}

export interface LessonMediaFilesTable {
  sha256: string
  bytes: number
  stored_at: number
}

export interface LessonMediaTable {
  lesson_id: string
  state: 'processing' | 'ready' | 'failed'
  /** Per mille. */
  progress: number
  error: string | null
  original_sha256: string
  job_id: string
  duration_ms: number | null
  has_video: number | null
  poster_sha256: string | null
  thumbhash: string | null
  /** JSON PublishedEdition[] (null until ready). */
  editions: string | null
  created_at: number
  updated_at: number
}

export interface LessonMediaRefsTable {
  lesson_id: string
  sha256: string
  mime: string
}

export type JobState = 'queued' | 'running' | 'done' | 'failed' | 'cancelled'

export interface LessonMediaJobsTable {
  id: string
  lesson_id: string
  original_sha256: string
  state: JobState
  attempts: number
  /** Per mille. */
  progress: number
  error: string | null
  /** JSON JobOutputs. */
  outputs: string
  claimed_by: string | null
  lease_until: number | null
  created_at: number
  updated_at: number
}

type LessonMediaTables = {
  lesson_uploads: LessonUploadsTable
  lesson_media_files: LessonMediaFilesTable
  lesson_media: LessonMediaTable
  lesson_media_refs: LessonMediaRefsTable
  lesson_media_jobs: LessonMediaJobsTable
}

export type LessonMediaDb = Kysely<Database & LessonMediaTables>

export function lessonMediaDb(db: Kysely<Database>): LessonMediaDb {
  return db.withTables<LessonMediaTables>()
}
