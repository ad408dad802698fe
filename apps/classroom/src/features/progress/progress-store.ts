// The phone's copy of the learner's progress, kept first (offline too), and the events waiting to be
// synced. Both live in the app's storage (ty:classroom:progress:…), so a restart loses nothing.
// Small on purpose: the home page (main package) reads it for 接着学.
import type { ProgressEvent } from '@tianyuan/contracts/types'
import type { Segment } from '@tianyuan/contracts/classroom-rules'
import { classroomStore } from '../../sdk'
import { applyPlayed, newClientEventId, type LessonRef, type LocalLessonProgress } from './progress-rules'

const store = classroomStore.scope('progress')
/** Lessons kept on the phone: the most recently played this many (well under 1 MB a key). */
const KEEP_LESSONS = 200
/** Events waiting: beyond this the oldest positions are dropped (their played parts travel in later events' segments anyway). */
const KEEP_EVENTS = 1000

type Listener = () => void
const listeners = new Set<Listener>()
let lessons: Record<string, LocalLessonProgress> | undefined
let chain: Promise<unknown> = Promise.resolve()

/** One change at a time: reads and writes of the two keys never interleave. */
function serial<T>(work: () => Promise<T>): Promise<T> {
  const next = chain.then(work, work)
  chain = next.catch(() => undefined)
  return next
}

async function loadLessons(): Promise<Record<string, LocalLessonProgress>> {
  if (!lessons) lessons = (await store.get<Record<string, LocalLessonProgress>>('lessons')) ?? {}
  return lessons
}

export function subscribeProgress(listener: Listener): () => void {
  listeners.add(listener)
  return () => listeners.delete(listener)
}

export async function localProgress(lessonId: string): Promise<LocalLessonProgress | undefined> {
  return (await loadLessons())[lessonId]
}

/** Every lesson the phone has progress for, the latest first. */
export async function allLocalProgress(): Promise<LocalLessonProgress[]> {
  return Object.values(await loadLessons()).sort((a, b) => b.updatedAt - a.updatedAt)
}

/**
 * Records a played stretch (or a position): the phone's copy changes at once, and an event with
 * its own client event id waits to be synced (the server applies each id once).
 */
export function recordProgress(lesson: LessonRef, positionS: number, segment?: Segment, now = Date.now(), readToEnd = false): Promise<LocalLessonProgress> {
  return serial(async () => {
    const all = await loadLessons()
    const played = applyPlayed(all[lesson.id], lesson, positionS, segment, now)
    const next = readToEnd ? { ...played, done: true } : played
    const kept = Object.values({ ...all, [lesson.id]: next })
      .sort((a, b) => b.updatedAt - a.updatedAt)
      .slice(0, KEEP_LESSONS)
    lessons = Object.fromEntries(kept.map((p) => [p.lessonId, p]))
    const event: ProgressEvent = {
      clientEventId: newClientEventId(now),
      lessonId: lesson.id,
      at: new Date(now).toISOString(),
      positionS: Math.round(positionS * 10) / 10,
      ...(readToEnd ? { completedAt: new Date(now).toISOString() } : {}),
      ...(segment && segment[1] > segment[0] ? { segments: [[Math.round(segment[0] * 10) / 10, Math.round(segment[1] * 10) / 10]] as Array<[number, number]>, watchedS: Math.round((segment[1] - segment[0]) * 10) / 10 } : {}),
    }
    const outbox = (await store.get<ProgressEvent[]>('outbox')) ?? []
    await store.set('outbox', [...outbox, event].slice(-KEEP_EVENTS))
    await store.set('lessons', lessons)
    listeners.forEach((l) => l())
    return next
  })
}

/** A 图文 lesson read to the end: done on the phone at once, and on the server when it syncs. */
export function recordArticleRead(lesson: LessonRef, now = Date.now()): Promise<LocalLessonProgress> {
  return recordProgress(lesson, 0, undefined, now, true)
}

let taking = false

/**
 * Hands up to `max` waiting events to `hand` (the SDK's offline queue, which keeps them from then
 * on) and takes them off the outbox once it has them. Not under the lock while `hand` runs (a 2G
 * send may take a minute and playing must not wait); if the app dies in between, the same events
 * go again with the same ids, which the server counts once. `drop` says a refused batch must not
 * be tried again (the server said 400).
 */
export async function takeOutbox<T>(max: number, hand: (events: ProgressEvent[]) => Promise<T>, drop: (error: unknown) => boolean = () => false): Promise<T | undefined> {
  if (taking) return undefined
  taking = true
  try {
    const batch = await serial(async () => ((await store.get<ProgressEvent[]>('outbox')) ?? []).slice(0, max))
    if (!batch.length) return undefined
    const remove = () =>
      serial(async () => {
        const sent = new Set(batch.map((e) => e.clientEventId))
        await store.set('outbox', ((await store.get<ProgressEvent[]>('outbox')) ?? []).filter((e) => !sent.has(e.clientEventId)))
      })
    try {
      const result = await hand(batch)
      await remove()
      return result
    } catch (error) {
      if (drop(error)) await remove()
      throw error
    }
  } finally {
    taking = false
  }
}

export async function outboxCount(): Promise<number> {
  return ((await store.get<ProgressEvent[]>('outbox')) ?? []).length
}

/** The server's word on lessons (after a sync, or from a lesson page) replaces the phone's where it is newer. */
export function mergeServerProgress(items: Array<{ lessonId: string; courseId: string; positionS: number; durationS: number | null; done: boolean; updatedAt: string }>): Promise<void> {
  return serial(async () => {
    const all = await loadLessons()
    let changed = false
    for (const s of items) {
      const local = all[s.lessonId]
      if (!local) continue
      const at = Date.parse(s.updatedAt)
      const done = local.done || s.done
      if (at > local.updatedAt) {
        all[s.lessonId] = { ...local, positionS: s.positionS, durationS: s.durationS ?? local.durationS, done, updatedAt: at }
        changed = true
      } else if (done !== local.done) {
        all[s.lessonId] = { ...local, done }
        changed = true
      }
    }
    if (changed) {
      await store.set('lessons', all)
      listeners.forEach((l) => l())
    }
  })
}
