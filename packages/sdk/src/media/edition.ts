/**
 * Which edition of a lesson to play, from the link class and what the user allows. Pure, so
 * the rule is tested on its own and the player, the course page and the download sheet agree.
 *
 * - A downloaded edition the user allows is played first, on any link: nothing is fetched.
 * - Otherwise by link: very slow (2G, a weak 3G) → the 2G edition (audio + slides, ~2 MB for
 *   10 minutes) or audio; slow (3G, weak, unknown) → 240p; good → 360p.
 * - Never more than the user asked for: `ceiling` caps it ('audio' is the audio-only switch),
 *   and the next smaller edition that exists is taken when the chosen one does not.
 * - Offline with nothing downloaded: none (the page says so; it does not spin).
 */
import type { LinkClass } from '../network/link-class'

export type LessonEditionKind = 'audio' | 'slides' | 'video240' | 'video360'

/** Smallest first. */
export const EDITION_ORDER: readonly LessonEditionKind[] = ['audio', 'slides', 'video240', 'video360']

/** The largest edition each link class carries while playing. */
export const EDITION_FOR_LINK: Record<Exclude<LinkClass, 'offline'>, LessonEditionKind> = { 'very-slow': 'slides', slow: 'video240', good: 'video360' }

export interface EditionChoiceInput<E extends { kind: LessonEditionKind }> {
  /** What the server made for this lesson (an audio lesson has 'audio' only). */
  editions: readonly E[]
  link: LinkClass
  /** The most the user allows (a setting kept on the phone); default 'video360'. */
  ceiling?: LessonEditionKind
  /** Editions of this lesson already on the phone. */
  downloaded?: readonly LessonEditionKind[]
}

export interface EditionChoice<E> {
  edition: E
  /** Play from the phone's files: nothing is fetched. */
  offline: boolean
  /** Why, in zh-CN, for a line under the player. */
  reason: string
}

const rank = (kind: LessonEditionKind) => EDITION_ORDER.indexOf(kind)

const LINK_WORDS: Record<Exclude<LinkClass, 'offline'>, string> = { 'very-slow': '网络很慢', slow: '网络一般', good: '网络好' }
const KIND_WORDS: Record<LessonEditionKind, string> = { audio: '只听声音', slides: '声音＋图片（省流量版）', video240: '240p 视频', video360: '360p 视频' }

export function describeEdition(kind: LessonEditionKind): string {
  return KIND_WORDS[kind]
}

export function pickLessonEdition<E extends { kind: LessonEditionKind }>(input: EditionChoiceInput<E>): EditionChoice<E> | undefined {
  const ceiling = rank(input.ceiling ?? 'video360')
  const allowed = input.editions.filter((e) => rank(e.kind) <= ceiling && rank(e.kind) >= 0)
  const byRank = [...allowed].sort((a, b) => rank(b.kind) - rank(a.kind))
  const downloaded = byRank.find((e) => input.downloaded?.includes(e.kind))
  if (downloaded) return { edition: downloaded, offline: true, reason: `已下载，${KIND_WORDS[downloaded.kind]}，不用流量` }
  if (input.link === 'offline') return undefined
  const target = Math.min(rank(EDITION_FOR_LINK[input.link]), ceiling)
  const chosen = byRank.find((e) => rank(e.kind) <= target) ?? [...allowed].sort((a, b) => rank(a.kind) - rank(b.kind))[0]
  if (!chosen) return undefined
  const capped = rank(chosen.kind) < rank(EDITION_FOR_LINK[input.link]) && ceiling < rank(EDITION_FOR_LINK[input.link])
  return { edition: chosen, offline: false, reason: capped ? `按您的设置：${KIND_WORDS[chosen.kind]}` : `${LINK_WORDS[input.link]}，播放${KIND_WORDS[chosen.kind]}` }
}
