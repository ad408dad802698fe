// The lesson player (classroom-sdk's feature), used by pkg/pages/lesson.
//
// For other pages:
// - `useEditionCeiling()` → { ceiling, loaded, set }: the most a lesson may spend (a setting kept on
//   the phone; 'audio' is the 只听声音 switch), e.g. for a settings row on 我的.
// - `planPlayback({ media, link, ceiling, downloads })` → PlayPlan | undefined: which edition plays
//   and from where (pickLessonEdition from @tianyuan/sdk/media underneath).
// - `slideAt(cues, seconds)`, `clock(seconds)`, `SPEEDS`.
// - Components (subpackage pages only): AudioLesson, VideoLesson, ArticleLesson.
export { useEditionCeiling, readCeiling, setCeiling, DEFAULT_CEILING } from './edition-setting'
export { planPlayback, mediaUrl, type PlayPlan, type PlanInput } from './plan'
export { slideAt, clock, SPEEDS } from './slides'
export { createPlayTracker, RECORD_EVERY_S, type PlayTracker } from './play-tracker'
export { useLessonAudio, type LessonAudioSource, type LessonAudioView, type AudioPhase } from './use-lesson-audio'
