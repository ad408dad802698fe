// The 2G edition's pictures in step with its audio: which still shows at a second.
import type { LessonSlideCue } from '@tianyuan/contracts/types'

/** The index of the cue showing at `seconds` (the last one starting at or before it; the first before any). */
export function slideAt(cues: readonly LessonSlideCue[], seconds: number): number {
  let shown = 0
  for (let i = 0; i < cues.length; i++) {
    if ((cues[i] as LessonSlideCue).atS <= seconds) shown = i
    else break
  }
  return shown
}

/** 0.75–2×, the steps the speed buttons offer (WeChat plays 0.5–2.0). */
export const SPEEDS = [0.75, 1, 1.25, 1.5, 2] as const

/** "12:05" / "1:02:03" for a position read out under the player. */
export function clock(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds))
  const h = Math.floor(s / 3600)
  const m = Math.floor((s % 3600) / 60)
  const pad = (n: number) => String(n).padStart(2, '0')
  return h > 0 ? `${h}:${pad(m)}:${pad(s % 60)}` : `${m}:${pad(s % 60)}`
}
