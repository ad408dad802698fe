// The phone's copy of the learner's progress, kept first (offline too), and the events waiting to be
// synced. Both live in the app's storage (ty:classroom:progress:…), so a restart loses nothing.
// Small on purpose: the home page (main package) reads it for 接着学 and sends what waits; recording
// (progress-record.ts, with the rules) is the player's and stays in its subpackage.
import type { ProgressEvent } from '@tianyuan/contracts/types'
import { classroomStore } from '../../sdk'
import type { LocalLessonProgress } from './progress-rules'

const store = classroomStore.scope('progress')
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
 * One change of the phone's lessons and the event that says it, under the lock: `change` gets the
 * lessons and gives the new ones, the event to sync and what to return. The player's
 * (progress-record.ts, in the subpackage): the home page only reads.
 */
export function appendProgress<T>(change: (all: Record<string, LocalLessonProgress>) => { lessons: Record<string, LocalLessonProgress>; event: ProgressEvent; result: T }): Promise<T> {
  return serial(async () => {
    const next = change(await loadLessons())
    lessons = next.lessons
    const outbox = (await store.get<ProgressEvent[]>('outbox')) ?? []
    await store.set('outbox', [...outbox, next.event].slice(-KEEP_EVENTS))
    await store.set('lessons', lessons)
    listeners.forEach((l) => l())
    return next.result
  })
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
