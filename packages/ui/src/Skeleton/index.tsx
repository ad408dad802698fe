import type { ReactNode } from 'react'
import { View } from '@tarojs/components'
import './index.scss'

export interface SkeletonProps {
  /** While true the placeholder shows; when false, the children (default true). */
  loading?: boolean
  children?: ReactNode
  /** Text lines, each one text line high at the current font scale (default 3). */
  lines?: number
  /** An image placeholder above the lines, keeping the image's shape: width / height (e.g. 1 or 4 / 3). */
  imageRatio?: number
  /** Blocks (cards) of this placeholder, one under another (default 1). */
  blocks?: number
  /** Image on the left of the lines, as in a product list row. */
  row?: boolean
  id?: string
  className?: string
}

/**
 * Grey shapes where content is coming, sized like it: a line is one line of text at the
 * current font scale (em-based), an image keeps its ratio, so nothing jumps when the real
 * content arrives.
 */
export function Skeleton({ loading = true, children, lines = 3, imageRatio, blocks = 1, row = false, id, className }: SkeletonProps) {
  if (!loading) return <>{children}</>
  const lineCount = Math.max(0, Math.floor(lines))
  return (
    <View id={id} className={`ty-skel ${className ?? ''}`.trim()} aria-busy aria-label='正在加载'>
      {Array.from({ length: Math.max(1, Math.floor(blocks)) }, (_, b) => (
        <View key={b} className={row ? 'ty-skel__block ty-skel__block--row' : 'ty-skel__block'}>
          {imageRatio !== undefined && imageRatio > 0 && (
            <View className='ty-skel__image'>
              <View className='ty-skel__fill' style={`padding-top:${(100 / imageRatio).toFixed(2)}%`} />
            </View>
          )}
          {lineCount > 0 && (
            <View className='ty-skel__lines'>
              {Array.from({ length: lineCount }, (_, i) => (
                <View key={i} className={i === lineCount - 1 && lineCount > 1 ? 'ty-skel__line ty-skel__line--last' : 'ty-skel__line'} />
              ))}
            </View>
          )}
        </View>
      ))}
    </View>
  )
}
