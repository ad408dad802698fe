import { z } from 'zod'
import { Id } from './ids'

// 田间课堂's lesson media (apps/api modules/lesson-media): what a lesson's JSON says about its
// media — state while the teacher's original is transcoded, and each edition with the size of every
// file, so the app can say "3.2 MB" before anyone spends it and download every file of an edition.

/** Where teachers upload originals with the tus protocol (v1.0.0, creation + termination). */
export const LESSON_UPLOAD_PATH = '/api/classroom/uploads'

/** Where media files are served: `<path>/<token>/<sha256>/<name>` (signed, expiring token). */
export const LESSON_MEDIA_PATH = '/api/classroom/media'

/** none: no media attached yet; processing: being transcoded; ready: editions published; failed: see `error`. */
export const LessonMediaState = z.enum(['none', 'processing', 'ready', 'failed'])
export type LessonMediaState = z.infer<typeof LessonMediaState>

/**
 * audio: AAC-LC mono m4a (24–32 kbps); slides: the 2G edition — that audio plus still pictures picked
 * by scene change, shown in sync (a JSON manifest); video240 / video360: H.264 + AAC-LC as one
 * faststart MP4 for download and HLS for streaming.
 */
export const LessonEditionKind = z.enum(['audio', 'slides', 'video240', 'video360'])
export type LessonEditionKind = z.infer<typeof LessonEditionKind>

/** What a file is for, inside its edition. */
export const LessonFileRole = z.enum(['audio', 'slide', 'manifest', 'video'])
export type LessonFileRole = z.infer<typeof LessonFileRole>

export const LessonFile = z.strictObject({
  /** Unique within the edition (`audio.m4a`, `slide-003.webp`, `video.mp4`): what the manifest names, and a good local file name. */
  name: z.string(),
  /** Signed, expiring URL (absent when the lesson was described without signing: sizes only). */
  url: z.optional(z.string()),
  /** SHA-256 of the bytes (hex): files are content-addressed and immutable; a download can be verified. */
  sha256: z.string(),
  bytes: z.number().int().nonnegative(),
  mime: z.string(),
  role: LessonFileRole,
})
export type LessonFile = z.infer<typeof LessonFile>

/** One still of the 2G edition: shown from `atS` (seconds into the audio) until the next one. */
export const LessonSlideCue = z.strictObject({
  atS: z.number().nonnegative(),
  /** The `name` of a file of the same edition. */
  name: z.string(),
})
export type LessonSlideCue = z.infer<typeof LessonSlideCue>

export const LessonEdition = z.strictObject({
  kind: LessonEditionKind,
  /** Bytes of every file of the edition together: what a download costs. */
  bytes: z.number().int().nonnegative(),
  /** Average bit rate over the lesson's duration (all files), kilobits per second. */
  kbps: z.number().int().nonnegative(),
  files: z.array(LessonFile),
  /** Video editions: the HLS (VOD) playlist for streaming; its segments resolve under the same token. */
  hlsUrl: z.optional(z.string()),
  /** Video editions: the picture's size. */
  width: z.optional(z.number().int().positive()),
  height: z.optional(z.number().int().positive()),
  /** The slides edition: when each still shows (also in its manifest file, for offline play). */
  cues: z.optional(z.array(LessonSlideCue)),
})
export type LessonEdition = z.infer<typeof LessonEdition>

export const LessonMedia = z.strictObject({
  state: LessonMediaState,
  /** 0…1 while processing (1 when ready). */
  progress: z.number().min(0).max(1),
  /** When failed: why, in zh-CN the teacher can act on. */
  error: z.optional(z.string()),
  durationS: z.optional(z.number().nonnegative()),
  /** A poster image (signed URL; video originals only). */
  poster: z.optional(z.string()),
  /** Base64 ThumbHash of the poster: a placeholder before it loads. */
  thumbhash: z.optional(z.string()),
  /** Whether the original had pictures: audio-only lessons have no video editions. */
  hasVideo: z.optional(z.boolean()),
  /** Until when the signed URLs work (ISO instant); fetch the lesson again after it. */
  urlsExpireAt: z.optional(z.string()),
  /** Ready: the editions, smallest first. */
  editions: z.array(LessonEdition),
})
export type LessonMedia = z.infer<typeof LessonMedia>

/** The manifest file of the slides edition (role `manifest`, `slides.json`). */
export const LessonSlidesManifest = z.strictObject({
  durationS: z.number().nonnegative(),
  audio: z.string(),
  slides: z.array(z.strictObject({ atS: z.number().nonnegative(), name: z.string(), width: z.number().int(), height: z.number().int() })),
})
export type LessonSlidesManifest = z.infer<typeof LessonSlidesManifest>

/** Body of the classroom's "use this upload as the lesson's media" request. */
export const AttachLessonMediaRequest = z.strictObject({
  /** The tus upload's id (the last part of its Location URL). */
  uploadId: Id,
})
export type AttachLessonMediaRequest = z.infer<typeof AttachLessonMediaRequest>

/** tus Upload-Metadata keys the server reads (both optional): the file's name and its type as the phone saw it. */
export const LESSON_UPLOAD_METADATA = ['filename', 'filetype'] as const
