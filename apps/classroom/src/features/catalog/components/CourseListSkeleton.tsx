import { Skeleton } from '@tianyuan/ui'

/** Placeholders shaped like course cards (cover beside three lines), so nothing jumps when they arrive. */
export function CourseListSkeleton({ id = 'courses-loading', count = 3 }: { id?: string; count?: number }) {
  return <Skeleton id={id} row imageRatio={4 / 3} lines={3} blocks={count} />
}
