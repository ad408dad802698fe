// The course card's words about trying a paid course: the card is on the home page (main package),
// so this is apart from ./format (the course and lesson pages' words, in the subpackage).
import type { CourseCard } from '@tianyuan/contracts/types'

/** The card's line about the price: `免费` or `¥9.90 · 可试看 2 节`. Without the price itself (the Price component shows it). */
export function trialWords(course: Pick<CourseCard, 'free' | 'trialCount'>): string | undefined {
  if (course.free) return undefined
  return course.trialCount > 0 ? `可试看 ${course.trialCount} 节` : '不能试看'
}
