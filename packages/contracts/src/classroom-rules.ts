// 田间课堂's words and rules as plain values and functions, with no zod and no dayjs: the API's
// schemas (classroom.ts), the classroom app and the SDK's offline progress share them
// (`@tianyuan/contracts/classroom-rules`), so what the phone shows as 已学完 is what the server records.

/** Course topics, in the order the home page lists them. */
export const TOPICS = ['planting', 'livestock', 'ecommerce', 'health'] as const
export type TopicKey = (typeof TOPICS)[number]
export const TOPIC_WORDS: Record<TopicKey, string> = { planting: '种植', livestock: '养殖', ecommerce: '电商', health: '健康' }

/** A lesson is a video, an audio recording, or 图文 (text with photos: almost free to load). */
export const LESSON_KINDS = ['video', 'audio', 'article'] as const
export type LessonKindKey = (typeof LESSON_KINDS)[number]
export const LESSON_KIND_WORDS: Record<LessonKindKey, string> = { video: '视频', audio: '音频', article: '图文' }

/**
 * The editions a video or audio lesson is played from (made by the lesson-media pipeline; the same
 * names as its LessonEditionKind): slides = AAC-LC mono audio plus still pictures in sync (the 2G
 * edition); audio = the audio alone; video240 / video360 = H.264 + AAC-LC video (HLS to stream,
 * one MP4 to download). An audio lesson has only the audio edition.
 */
export const EDITION_KINDS = ['slides', 'audio', 'video240', 'video360'] as const
export type EditionKindKey = (typeof EDITION_KINDS)[number]
export const EDITION_WORDS: Record<EditionKindKey, string> = { slides: '省流版（声音+图片）', audio: '只听声音', video240: '标清 240P', video360: '高清 360P' }

/** Where a lesson's media is: nothing attached yet, being transcoded, ready to play, or failed (with a reason). */
export const MEDIA_STATES = ['none', 'processing', 'ready', 'failed'] as const
export type MediaStateKey = (typeof MEDIA_STATES)[number]
export const MEDIA_STATE_WORDS: Record<MediaStateKey, string> = { none: '还没有上传', processing: '正在处理', ready: '可以播放', failed: '处理失败' }

export const COURSE_STATUS_WORDS = { draft: '草稿', published: '已发布' } as const
export type CourseStatusKey = keyof typeof COURSE_STATUS_WORDS

export const PURCHASE_STATUS_WORDS = { pending_payment: '待支付', paid: '已购买', cancelled: '已取消', refunded: '已退款' } as const
export type PurchaseStatusKey = keyof typeof PURCHASE_STATUS_WORDS

/** Why a learner may open a course's lessons: free, bought, the course's own teacher, or only its trial lessons. */
export const ACCESS_WORDS = { free: '免费课程', purchased: '已购买', teacher: '我的课程', trial_only: '可试看' } as const
export type AccessKey = keyof typeof ACCESS_WORDS

/** A video or audio lesson is done once this share of it has been played (or its quiz passed). */
export const DONE_FRACTION = 0.9
/** A quiz is passed at this share of correct answers unless the teacher sets another pass mark. */
export const DEFAULT_PASS_PERCENT = 60
/** The most progress events one `POST /api/classroom/progress` may carry (the phone sends the rest next time). */
export const PROGRESS_BATCH_MAX = 200
/** Positions and segments are seconds within a lesson; no lesson is longer than this. */
export const MAX_LESSON_SECONDS = 6 * 3600

/** A played part of a lesson, [start, end] in seconds (start ≤ end). */
export type Segment = readonly [number, number]

/** The played parts as few, sorted, non-overlapping segments (touching ones joined), clipped to [0, limit]. */
export function mergeSegments(segments: readonly Segment[], limit = MAX_LESSON_SECONDS): Array<[number, number]> {
  const clipped = segments
    .map(([a, b]) => [Math.max(0, Math.min(a, b, limit)), Math.min(limit, Math.max(a, b, 0))] as [number, number])
    .filter(([a, b]) => b > a)
    .sort((x, y) => x[0] - y[0] || x[1] - y[1])
  const merged: Array<[number, number]> = []
  for (const [a, b] of clipped) {
    const last = merged[merged.length - 1]
    if (last && a <= last[1]) last[1] = Math.max(last[1], b)
    else merged.push([a, b])
  }
  return merged
}

/** Seconds covered by the segments, each second counted once however often it was played. */
export function coveredSeconds(segments: readonly Segment[], limit = MAX_LESSON_SECONDS): number {
  return mergeSegments(segments, limit).reduce((sum, [a, b]) => sum + (b - a), 0)
}

/** The share of a lesson played, 0 … 1 (0 when its duration is not known yet). */
export function playedFraction(coveredS: number, durationS: number | null): number {
  if (!durationS || durationS <= 0) return 0
  return Math.max(0, Math.min(1, coveredS / durationS))
}

/**
 * The one done rule: a lesson is done when its quiz is passed, or — video and audio — when at least
 * DONE_FRACTION of it has been played, or — 图文 — when the learner has read it to the end.
 */
export function isLessonDone(p: { kind: LessonKindKey; durationS: number | null; coveredS: number; quizPassed: boolean; readToEnd: boolean }): boolean {
  if (p.quizPassed) return true
  if (p.kind === 'article') return p.readToEnd
  return playedFraction(p.coveredS, p.durationS) >= DONE_FRACTION
}

/** Whether `correct` of `total` answers meet a pass mark given in percent. */
export function quizPasses(correct: number, total: number, passPercent: number): boolean {
  if (total <= 0) return false
  return correct * 100 >= passPercent * total
}

/** 75 → "1 分 15 秒", 600 → "10 分钟", 3700 → "1 小时 1 分". */
export function durationWords(seconds: number): string {
  const s = Math.max(0, Math.round(seconds))
  if (s < 60) return `${s} 秒`
  const h = Math.floor(s / 3600)
  const m = Math.floor((s % 3600) / 60)
  const rest = s % 60
  if (h > 0) return m > 0 ? `${h} 小时 ${m} 分` : `${h} 小时`
  return rest > 0 && m < 10 ? `${m} 分 ${rest} 秒` : `${m} 分钟`
}

/** 3_355_443 → "3.2 MB", 812_000 → "793 KB": what a download costs, said before it starts. */
export function sizeWords(bytes: number): string {
  if (bytes < 1024) return `${Math.max(0, Math.round(bytes))} B`
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`
}
