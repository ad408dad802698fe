// Progress, kept on the phone first and synced in batches (classroom-sdk's feature).
//
// For other pages (home, course, mine):
// - `useContinueLearning(limit?)` → LocalLessonProgress[]: lessons started and not done, the latest
//   first, from the phone (offline too); link each with `lessonUrl(p.lessonId)` (the player resumes
//   where it stopped by itself).
// - `useLocalProgress(lessonId)` → { progress?, loaded }: one lesson's copy on the phone.
// - `syncProgress()` → 'sent' | 'queued' | 'idle': sends what waits (never throws); the player calls
//   it on pause, on leaving and every 30 s; a page may call it when shown.
// - `recordProgress(lesson, positionS, segment?)`: the player's; `resumePosition(local, server, durationS)`.
// - Rules (done at 90 %) are the contracts' classroom-rules, applied in progress-rules.ts.
export { useContinueLearning, useLocalProgress } from './hooks'
export { localProgress, allLocalProgress, outboxCount, mergeServerProgress, subscribeProgress } from './progress-store'
export { recordProgress, recordArticleRead } from './progress-record'
export { syncProgress, PROGRESS_PATH, type SyncOutcome } from './progress-sync'
export { applyPlayed, resumePosition, type LessonRef, type LocalLessonProgress } from './progress-rules'
