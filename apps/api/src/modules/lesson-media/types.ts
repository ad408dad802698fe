import type { LessonMedia } from '@tianyuan/contracts'
import type { Kysely } from 'kysely'
import type { Config } from '../../config'
import type { Database } from '../../platform/db'
import type { Job } from '../../platform/jobs'
import type { Logger } from '../../platform/logging'

/** Who may upload lesson originals: the classroom's teachers (their table is the classroom module's). */
export type CanUpload = (userId: string) => Promise<boolean>

export interface LessonMediaDeps {
  db: Kysely<Database>
  config: Config
  logger: Logger
  /** The clock (epoch ms): upload expiry, signed URLs' expiry, job leases. */
  now?: () => number
  /** Whether this user may upload (a teacher). Default: a row in classroom_teachers with this user_id. */
  canUpload?: CanUpload
  /** Names this API instance in job claims (default: host + pid + random). */
  instanceId?: string
}

export interface AttachUploadInput {
  lessonId: string
  /** The tus upload id (the last part of its Location URL). */
  uploadId: string
  /** The signed-in teacher: the upload must be theirs and finished. */
  userId: string
}

export interface DescribeOptions {
  /** Who is looking (for the logs; entitlement is the caller's decision). */
  viewerId?: string | null
  /**
   * true: file URLs signed for this viewer (only for a viewer entitled to the lesson — the
   * classroom module decides who is); false: sizes and kinds only, no URLs.
   */
  signed: boolean
}

/** A lesson's media as the classroom module uses it. */
export interface LessonMediaService {
  /**
   * Uses a finished upload of `userId` as the lesson's media and queues its transcode. Throws
   * 404 (not this user's upload), 409 UPLOAD_NOT_FINISHED (bytes still missing). Replaces what the
   * lesson had (published files stay until the new editions are ready). Returns the state (processing).
   */
  attachUpload(input: AttachUploadInput): Promise<LessonMedia>
  /**
   * Uses a file already on this machine (the seed's generated lessons) as the lesson's original:
   * hashed, stored content-addressed, transcode queued. Returns the state (processing).
   */
  attachOriginal(input: { lessonId: string; file: string }): Promise<LessonMedia>
  /** The lesson's media: state, progress, error, and (when ready) editions with sizes and, if signed, URLs. */
  describe(lessonId: string, options: DescribeOptions): Promise<LessonMedia>
  /** Several lessons at once (a course page): one query. */
  describeMany(lessonIds: readonly string[], options: DescribeOptions): Promise<Map<string, LessonMedia>>
  /** Forgets the lesson's media (its queued job is cancelled; files no other lesson uses are removed a day later by a job). */
  remove(lessonId: string): Promise<void>
  /** For the API's jobs runner: the transcode worker and the clean-up of expired uploads. */
  jobs: Job[]
  /** Stops a transcode in progress (it is resumed later, here or by another instance). Call on shutdown. */
  stop(): Promise<void>
}

export type { LessonMedia }
