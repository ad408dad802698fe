import { Skeleton } from '@tianyuan/ui'

/** Placeholders shaped like product cards (photo beside three lines), so nothing jumps when they arrive. */
export function ProductListSkeleton({ count = 3 }: { count?: number }) {
  return <Skeleton id='products-loading' row imageRatio={1} lines={3} blocks={count} />
}
