// What the player plays for a lesson: the edition (pickLessonEdition: link class, the learner's
// ceiling, what is downloaded) and where each of its files comes from — the phone's own files for
// a download (nothing fetched), else the signed URLs.
import type { LessonEdition, LessonMedia, LessonSlideCue } from '@tianyuan/contracts/types'
import type { LinkClass } from '@tianyuan/sdk'
import { pickLessonEdition, type LessonEditionKind } from '@tianyuan/sdk/media'

export interface PlayPlan {
  edition: LessonEdition
  offline: boolean
  reason: string
  /** The audio and 2G editions. */
  audioSrc?: string
  /** Video editions: HLS to stream, the MP4 when downloaded. */
  videoSrc?: string
  /** The 2G edition: when each picture shows, and where it is. */
  slides?: { cues: LessonSlideCue[]; src: Record<string, string> }
}

export interface PlanInput {
  media: Pick<LessonMedia, 'editions'>
  link: LinkClass
  ceiling: LessonEditionKind
  /** Finished downloads of this lesson: edition kind → file name → local path. */
  downloads: Partial<Record<LessonEditionKind, Record<string, string>>>
  /** The API's origin: the lesson's media URLs are relative to it (API_BASE; '' on H5). */
  origin?: string
}

/** A media URL as the host's players need it: absolute on weapp (relative ones are the API's). */
export function mediaUrl(origin: string | undefined, url: string | undefined): string | undefined {
  if (!url || !origin || /^[a-z]+:\/\//i.test(url)) return url
  return `${origin.replace(/\/+$/, '')}${url.startsWith('/') ? '' : '/'}${url}`
}

export function planPlayback({ media, link, ceiling, downloads, origin }: PlanInput): PlayPlan | undefined {
  const choice = pickLessonEdition({ editions: media.editions, link, ceiling, downloaded: Object.keys(downloads) as LessonEditionKind[] })
  if (!choice) return undefined
  const { edition } = choice
  const local = choice.offline ? downloads[edition.kind] : undefined
  const where = (name: string, url: string | undefined) => (local ? local[name] : mediaUrl(origin, url))
  const byRole = (role: string) => edition.files.find((f) => f.role === role)
  const audio = byRole('audio')
  const video = byRole('video')
  const plan: PlayPlan = { edition, offline: choice.offline, reason: choice.reason }
  if (edition.kind === 'audio' || edition.kind === 'slides') plan.audioSrc = audio ? where(audio.name, audio.url) : undefined
  if (edition.kind === 'video240' || edition.kind === 'video360') plan.videoSrc = local ? (video ? local[video.name] : undefined) : mediaUrl(origin, edition.hlsUrl ?? video?.url)
  if (edition.kind === 'slides') {
    const src: Record<string, string> = {}
    for (const f of edition.files.filter((x) => x.role === 'slide')) {
      const at = where(f.name, f.url)
      if (at) src[f.name] = at
    }
    plan.slides = { cues: edition.cues ?? [], src }
  }
  // Nothing playable (a download missing a file, or URLs not given): no plan rather than a broken one.
  if (!plan.audioSrc && !plan.videoSrc) return undefined
  return plan
}
