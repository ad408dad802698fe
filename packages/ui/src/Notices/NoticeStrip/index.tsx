import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import type { AppName, NoticeListResponse } from '@tianyuan/contracts/types'
import { useQuery } from '@tianyuan/sdk/react'
import { a11yProps } from '../../a11y'
import { NOTICE_PAGES, NOTICES_PATH, URGENT_WORD, noticeListParams } from '../shared/api'
import { headingProps } from '../shared/heading'
import './index.scss'

/** Rows on a home page: enough to see what is new, few enough to keep the products in view. */
export const NOTICE_STRIP_MAX = 3

export interface NoticeStripProps {
  /** Which app's topics (urgent notices show in every app). */
  app: AppName
  /** The heading above the rows. */
  title?: string
  id?: string
  className?: string
}

/**
 * The home page's notices: urgent ones first with a 紧急 label, then the app's own topics (the
 * server's order), at most three, each one line and a tap target to its page; 全部通知 under them.
 * The list comes through useQuery, so after one visit it shows from the phone's copy at once —
 * with no signal too. Nothing at all while there are none (or before the first answer): a home
 * page should not show a notice-shaped hole or an error about a side strip.
 */
export function NoticeStrip({ app, title = '通知', id = 'notice-strip', className }: NoticeStripProps) {
  const { data } = useQuery<NoticeListResponse>(NOTICES_PATH, { params: noticeListParams(app) })
  const notices = (data?.notices ?? []).slice(0, NOTICE_STRIP_MAX)
  if (!notices.length) return null
  const open = (url: string) => () => void Taro.navigateTo({ url })
  return (
    <View id={id} className={`ty-nstrip ${className ?? ''}`.trim()}>
      <Text className='ty-nstrip__title' {...headingProps(2)}>
        {title}
      </Text>
      {notices.map((n, i) => (
        <View
          key={n.id}
          id={`${id}-${i}`}
          className={n.urgent ? 'ty-nstrip__row ty-nstrip__row--urgent' : 'ty-nstrip__row'}
          onClick={open(NOTICE_PAGES.detail(n.id))}
          // Named by what it shows (紧急 + the whole title, even where the line is cut with …): a
          // label other than the visible words would confuse someone who sees and listens.
          {...a11yProps({ role: 'link' })}
        >
          {n.urgent && <Text className='ty-nstrip__urgent'>{URGENT_WORD}</Text>}
          <Text className='ty-nstrip__text'>{n.title}</Text>
        </View>
      ))}
      <View id={`${id}-all`} className='ty-nstrip__all' onClick={open(NOTICE_PAGES.list)} {...a11yProps({ role: 'link' })}>
        <Text>全部通知 ›</Text>
      </View>
    </View>
  )
}
