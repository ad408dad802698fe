import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import type { AppName, NoticeListResponse } from '@tianyuan/contracts/types'
import { OfflineBanner, useQuery } from '@tianyuan/sdk/react'
import { a11yProps } from '../../a11y'
import { EmptyState } from '../../EmptyState'
import { ErrorState } from '../../ErrorState'
import { PageShell } from '../../PageShell'
import { formatShanghaiTime } from '../../ShanghaiTime'
import { Skeleton } from '../../Skeleton'
import { NOTICE_PAGES, NOTICES_PATH, noticeListParams } from '../shared/api'
import { NoticeBadges } from '../shared/NoticeBadges'
import '../shared/index.scss'

export interface NoticeListPageProps {
  app: AppName
}

/**
 * Every live notice of the app (urgent ones first, then its topics, newest first — the server's
 * order): a card each with its badges, title, who and when, and the start of its text; a tap
 * opens it. The same query as the home page's strip, so it is on the phone already.
 */
export function NoticeListPage({ app }: NoticeListPageProps) {
  const list = useQuery<NoticeListResponse>(NOTICES_PATH, { params: noticeListParams(app) })
  const notices = list.data?.notices ?? []
  return (
    <PageShell banner={<OfflineBanner />} title='通知' id='notice-list-page'>
      {list.status === 'loading' ? (
        <Skeleton id='notices-loading' lines={6} />
      ) : list.status === 'error' ? (
        <ErrorState id='notices-error' error={list.error} onRetry={list.refetch} />
      ) : notices.length === 0 ? (
        <EmptyState id='notices-empty' title='现在没有通知' description='村委会、卫生院、农技站发了通知会在这里，有紧急通知时也会放在最前面。' />
      ) : (
        <View id='notices'>
          {notices.map((n, i) => (
            <View
              key={n.id}
              id={`notice-${i}`}
              className={n.urgent ? 'ty-ncard ty-ncard--urgent' : 'ty-ncard'}
              onClick={() => void Taro.navigateTo({ url: NOTICE_PAGES.detail(n.id) })}
              {...a11yProps({ role: 'link' })}
            >
              <NoticeBadges notice={n} />
              <Text className='ty-ncard__title'>{n.title}</Text>
              <Text className='ty-nmeta'>
                {n.organisation.name} · {formatShanghaiTime(n.publishedAt)}
              </Text>
              {n.paragraphs[0] !== undefined && <Text className='ty-ncard__excerpt'>{n.paragraphs[0]}</Text>}
            </View>
          ))}
        </View>
      )}
    </PageShell>
  )
}
