// Recording progress: the player's (the lesson page, in the pkg subpackage), so the rules that
// turn a played stretch into the phone's copy and an event stay out of the main package.
import type { ProgressEvent } from '@tianyuan/contracts/types'
import type { Segment } from '@tianyuan/contracts/classroom-rules'
import { appendProgress } from './progress-store'
import { applyPlayed, newClientEventId, type LessonRef, type LocalLessonProgress } from './progress-rules'

/** Lessons kept on the phone: the most recently played this many (well under 1 MB a key). */
const KEEP_LESSONS = 200

/**
 * Records a played stretch (or a position): the phone's copy changes at once, and an event with
 * its own client event id waits to be synced (the server applies each id once).
 */
export function recordProgress(lesson: LessonRef, positionS: number, segment?: Segment, now = Date.now(), readToEnd = false): Promise<LocalLessonProgress> {
  return appendProgress((all) => {
    const played = applyPlayed(all[lesson.id], lesson, positionS, segment, now)
    const next = readToEnd ? { ...played, done: true } : played
    const kept = Object.values({ ...all, [lesson.id]: next })
      .sort((a, b) => b.updatedAt - a.updatedAt)
      .slice(0, KEEP_LESSONS)
    const event: ProgressEvent = {
      clientEventId: newClientEventId(now),
      lessonId: lesson.id,
      at: new Date(now).toISOString(),
      positionS: Math.round(positionS * 10) / 10,
      ...(readToEnd ? { completedAt: new Date(now).toISOString() } : {}),
      ...(segment && segment[1] > segment[0] ? { segments: [[Math.round(segment[0] * 10) / 10, Math.round(segment[1] * 10) / 10]] as Array<[number, number]>, watchedS: Math.round((segment[1] - segment[0]) * 10) / 10 } : {}),
    }
    return { lessons: Object.fromEntries(kept.map((p) => [p.lessonId, p])), event, result: next }
  })
}

/** A 图文 lesson read to the end: done on the phone at once, and on the server when it syncs. */
export function recordArticleRead(lesson: LessonRef, now = Date.now()): Promise<LocalLessonProgress> {
  return recordProgress(lesson, 0, undefined, now, true)
}

