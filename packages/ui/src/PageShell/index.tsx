import type { ReactNode } from 'react'
import { Text, View } from '@tarojs/components'
import { useDidShow } from '@tarojs/taro'
import { useFontScale } from '../FontScaleProvider'
import { BigTextToggle } from '../BigTextToggle'
import './index.scss'

export interface PageShellProps {
  children: ReactNode
  /** A heading at the top of the page (the navigation bar already shows the page name; use this for a larger one). */
  title?: ReactNode
  /** Shown above everything, e.g. the SDK's <OfflineBanner />. */
  banner?: ReactNode
  /** Padding around the content (default true). */
  padded?: boolean
  /**
   * A home page's first screen has its real content (not skeletons): rendered as
   * `data-first-screen="ready"` (else "loading") on the root, the marker tools/bench times the
   * first screen to. Leave it out on other pages.
   */
  firstScreenReady?: boolean
  /**
   * The 大字 switch (#big-text) at the very top, where an older user finds it without
   * scrolling. Default: on the home page (the one that passes `firstScreenReady`), so every
   * app's home page has it; pass true for another page that should have it.
   */
  bigTextToggle?: boolean
  id?: string
  className?: string
}

/**
 * The frame of every screen: the font-scale root (class ty-fs…, style --ty-fs), the banner
 * slot, an optional title, and bottom padding clear of the home indicator. It re-reads
 * WeChat's font setting and the 大字 mode each time the page is shown: the user may have
 * changed WeChat's font size while the mini-program sat in the background.
 */
export function PageShell({ children, title, banner, padded = true, firstScreenReady, bigTextToggle = firstScreenReady !== undefined, id, className }: PageShellProps) {
  const font = useFontScale()
  useDidShow(() => font.refresh())
  const classes = ['ty-page', font.className, padded ? 'ty-page--padded' : '', className ?? '']
  return (
    <View id={id} className={classes.filter(Boolean).join(' ')} style={font.style} data-first-screen={firstScreenReady === undefined ? undefined : firstScreenReady ? 'ready' : 'loading'}>
      {banner}
      {bigTextToggle && (
        <View className='ty-page__tools'>
          <BigTextToggle id='big-text' block={false} />
        </View>
      )}
      {title !== undefined && title !== null && <Text className='ty-page__title'>{title}</Text>}
      <View className='ty-page__body'>{children}</View>
    </View>
  )
}
