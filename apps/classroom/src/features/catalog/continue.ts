// 接着学 on the home page: the server's list (every phone of the account) and the phone's own copy
// (offline too, and what was played since the last sync), one row per lesson, the latest first.
// Pure (no Taro): unit-tested in continue.test.ts.
import { LESSON_KIND_WORDS, playedFraction, type LessonKindKey } from '@tianyuan/contracts/classroom-rules'
import type { ContinueItem } from '@tianyuan/contracts/types'

/** What the phone knows of a lesson it played (classroom-sdk's LocalLessonProgress fits). */
export interface PhoneProgress {
  lessonId: string
  title: string
  courseTitle?: string
  kind: LessonKindKey
  positionS: number
  durationS: number | null
  coveredS: number
  done: boolean
  /** ms */
  updatedAt: number
}

export interface ContinueRow {
  lessonId: string
  title: string
  courseTitle: string
  kindWord: string
  /** 0 … 100 */
  percent: number
  positionS: number
}

/** Started and not done, one row per lesson (the newer copy wins), the latest first, at most `limit`. */
export function continueRows(server: readonly ContinueItem[], phone: readonly PhoneProgress[], limit: number): ContinueRow[] {
  const rows = new Map<string, ContinueRow & { at: number; done: boolean }>()
  for (const s of server) {
    rows.set(s.lesson.id, { lessonId: s.lesson.id, title: s.lesson.title, courseTitle: s.course.title, kindWord: s.lesson.kindWord, percent: Math.round(s.fraction * 100), positionS: s.positionS, at: Date.parse(s.updatedAt), done: s.done })
  }
  for (const p of phone) {
    const known = rows.get(p.lessonId)
    if (known && known.at >= p.updatedAt) continue
    rows.set(p.lessonId, {
      lessonId: p.lessonId,
      title: p.title,
      courseTitle: p.courseTitle ?? known?.courseTitle ?? '',
      kindWord: LESSON_KIND_WORDS[p.kind],
      percent: Math.round(playedFraction(p.coveredS, p.durationS) * 100),
      positionS: p.positionS,
      at: p.updatedAt,
      done: p.done,
    })
  }
  return [...rows.values()]
    .filter((r) => !r.done)
    .sort((a, b) => b.at - a.at)
    .slice(0, limit)
    .map(({ at: _at, done: _done, ...row }) => row)
}
