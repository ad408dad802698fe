// How a course and its lessons read to a villager, on top of the words and sizes the API and the
// app share (`@tianyuan/contracts/classroom-rules`: sizeWords, durationWords). Pure functions
// (no Taro): unit-tested in format.test.ts.
import { durationWords, sizeWords } from '@tianyuan/contracts/classroom-rules'
import type { CourseCard, EditionSize, LessonSummary } from '@tianyuan/contracts/types'

/**
 * Each edition and what it costs, smallest first: `只听声音 2.1 MB · 标清 240P 17.0 MB` — what a
 * lesson costs before anyone spends it (the course page shows it for every video and audio lesson).
 */
export function describeEditionSizes(editions: readonly Pick<EditionSize, 'label' | 'bytes'>[]): string {
  return [...editions]
    .sort((a, b) => a.bytes - b.bytes)
    .map((e) => `${e.label} ${sizeWords(e.bytes)}`)
    .join(' · ')
}

/** A lesson's one line under its title: `视频 · 12 分钟 · 只听声音 2.1 MB · 标清 240P 17.0 MB`, or `图文 · 约 3 分钟读完 · 文字 4 KB`. */
export function describeLesson(lesson: Pick<LessonSummary, 'kind' | 'kindWord' | 'durationS' | 'editions' | 'textBytes'>): string {
  const parts = [lesson.kindWord]
  if (lesson.kind === 'article') {
    if (lesson.durationS !== null) parts.push(`约 ${durationWords(lesson.durationS)}读完`)
    parts.push(`文字 ${sizeWords(lesson.textBytes)}，图片按屏幕大小加载`)
    return parts.join(' · ')
  }
  parts.push(lesson.durationS === null ? '正在处理，时长稍后显示' : durationWords(lesson.durationS))
  const sizes = describeEditionSizes(lesson.editions)
  if (sizes) parts.push(sizes)
  return parts.join(' · ')
}

/** Why a locked lesson cannot be opened yet, and what opens it. */
export function lockedReason(course: Pick<CourseCard, 'free' | 'trialCount'>): string {
  if (course.free) return '报名后就能学'
  return course.trialCount > 0 ? `购买课程后才能学（可以先看 ${course.trialCount} 节试看课）` : '购买课程后才能学'
}
