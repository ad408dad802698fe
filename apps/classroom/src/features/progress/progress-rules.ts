// Pure rules of the phone's own progress copy: what a played stretch adds, where to resume, and
// whether the lesson is done — by the contracts' one rule (classroom-rules: 90 % played), so what
// the phone shows as 已学完 before it syncs is what the server will record.
import { coveredSeconds, isLessonDone, mergeSegments, type LessonKindKey, type Segment } from '@tianyuan/contracts/classroom-rules'

/** What the phone keeps per lesson (ty:classroom:progress:lessons). */
export interface LocalLessonProgress {
  lessonId: string
  courseId: string
  title: string
  courseTitle?: string
  kind: LessonKindKey
  /** Where to resume, seconds. */
  positionS: number
  durationS: number | null
  /** Played parts, merged. */
  segments: Array<[number, number]>
  coveredS: number
  done: boolean
  /** When it last changed on the phone (ms). */
  updatedAt: number
}

export interface LessonRef {
  id: string
  courseId: string
  title: string
  courseTitle?: string
  kind: LessonKindKey
  durationS: number | null
}

/** A played stretch (or a position reached without playing, e.g. a seek: `segment` undefined). */
export function applyPlayed(previous: LocalLessonProgress | undefined, lesson: LessonRef, positionS: number, segment: Segment | undefined, now: number): LocalLessonProgress {
  const durationS = lesson.durationS ?? previous?.durationS ?? null
  const limit = durationS ?? undefined
  const segments = mergeSegments([...(previous?.segments ?? []), ...(segment ? [segment] : [])], limit)
  const coveredS = coveredSeconds(segments, limit)
  const done = (previous?.done ?? false) || isLessonDone({ kind: lesson.kind, durationS, coveredS, quizPassed: false, readToEnd: false })
  return {
    lessonId: lesson.id,
    courseId: lesson.courseId,
    title: lesson.title,
    courseTitle: lesson.courseTitle ?? previous?.courseTitle,
    kind: lesson.kind,
    positionS: Math.max(0, positionS),
    durationS,
    segments,
    coveredS,
    done,
    updatedAt: now,
  }
}

/**
 * Where the player starts: the phone's own position when it is newer than the server's (progress
 * made offline, or not synced yet), else the server's; from the start when that is within the
 * last 3 seconds (the lesson was played to its end).
 */
export function resumePosition(local: Pick<LocalLessonProgress, 'positionS' | 'updatedAt'> | undefined, server: { positionS: number; updatedAt: string } | null | undefined, durationS: number | null): number {
  const serverAt = server ? Date.parse(server.updatedAt) : NaN
  const position = local && (!server || !(serverAt > local.updatedAt)) ? local.positionS : (server?.positionS ?? 0)
  if (durationS && position >= durationS - 3) return 0
  return Math.max(0, Math.floor(position))
}

/** A client event id: 8-64 of [A-Za-z0-9_-] (ClientEventId), unique per phone. */
export function newClientEventId(now: number, random: () => number = Math.random): string {
  let tail = ''
  for (let i = 0; i < 4; i++) tail += Math.floor(random() * 0x100000000).toString(36)
  return `p${now.toString(36)}-${tail}`.slice(0, 64)
}
