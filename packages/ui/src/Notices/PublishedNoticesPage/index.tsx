import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import type { PublishedNotice, PublishedNoticeResponse, PublishedNoticesResponse } from '@tianyuan/contracts/types'
import { OfflineBanner, useAction, useQuery, useSdk } from '@tianyuan/sdk/react'
import { a11yProps } from '../../a11y'
import { BigButton } from '../../BigButton'
import { EmptyState } from '../../EmptyState'
import { ErrorState } from '../../ErrorState'
import { PageShell } from '../../PageShell'
import { formatShanghaiTime } from '../../ShanghaiTime'
import { SignInGate } from '../../SignInGate'
import { Skeleton } from '../../Skeleton'
import { isNotPublisher } from '../PublishNoticePage'
import { NOTICE_PAGES, PUBLISHED_NOTICES_PATH, noticeWithdrawPath } from '../shared/api'
import { headingProps } from '../shared/heading'
import { NoticeBadges } from '../shared/NoticeBadges'
import '../shared/index.scss'

/** 多少人看过: each reader counted once, nobody's name kept (the API stores no reader). */
export function openedCountText(count: number): string {
  return count === 0 ? '还没有人看过' : `${count} 人看过`
}

/** A publisher's notices, newest first: state, 多少人看过, 撤回 for the live ones; 发布新通知 on top. */
export function PublishedNoticesPage() {
  return (
    <PageShell banner={<OfflineBanner />} title='我发布的通知' id='published-notices-page'>
      <SignInGate reason='登录微信后查看您发布的通知'>
        <PublishedList />
      </SignInGate>
    </PageShell>
  )
}

function PublishedList() {
  const sdk = useSdk()
  const mine = useQuery<PublishedNoticesResponse>(PUBLISHED_NOTICES_PATH)
  // A withdrawal's answer is shown at once, ahead of the refetch (an older copy cannot undo it).
  const withdraw = useAction<PublishedNotice>({
    fetched: undefined,
    version: (n) => (n.status === 'withdrawn' ? 1 : 0),
    key: (n) => n.id,
    refetch: mine.refetch,
  })

  if (mine.status === 'loading') return <Skeleton id='published-loading' lines={6} />
  if (mine.status === 'error' && isNotPublisher(mine.error)) {
    return <EmptyState id='not-publisher' title='这个账号不能发布通知' description='只有村委会、乡镇卫生院、农技站、信用社和合作社的账号能发布通知。' />
  }
  if (mine.status === 'error' || !mine.data) return <ErrorState id='published-error' error={mine.error} onRetry={mine.refetch} />

  const shown = withdraw.shown
  const notices = mine.data.notices.map((n) => (shown && shown.id === n.id && shown.status === 'withdrawn' ? shown : n))
  const confirmWithdraw = (n: PublishedNotice) => {
    void Taro.showModal({ title: '撤回这条通知？', content: `“${n.title}”撤回后，乡亲们就看不到了。`, confirmText: '撤回', cancelText: '不撤回' }).then((r) => {
      if (!r.confirm) return
      void withdraw.run(async () => (await sdk.api.mutate<PublishedNoticeResponse>({ method: 'POST', path: noticeWithdrawPath(n.id), label: '撤回通知' })).data.notice)
    })
  }

  return (
    <View id='published'>
      <Text className='ty-note'>
        {mine.data.organisation.name} · 今天已发 {mine.data.quota.usedToday} 条（每天最多 {mine.data.quota.perDay} 条）
      </Text>
      <BigButton id='publish-new-notice' onClick={() => void Taro.navigateTo({ url: NOTICE_PAGES.publish })}>
        发布新通知
      </BigButton>
      {withdraw.error && (
        <Text className='ty-warn' {...a11yProps({ live: 'assertive' })}>
          {withdraw.error.userMessage}
        </Text>
      )}
      {notices.length === 0 ? (
        <EmptyState id='published-empty' title='还没有发布过通知' description='点上面的“发布新通知”，写好标题和正文就能发出去。' />
      ) : (
        notices.map((n, i) => (
          <View key={n.id} id={`published-${i}`} className={n.urgent ? 'ty-ncard ty-ncard--urgent' : 'ty-ncard'}>
            <NoticeBadges notice={n} />
            <Text className='ty-ncard__title' {...headingProps(3)}>
              {n.title}
            </Text>
            <Text className='ty-nmeta'>
              {n.statusWord} · {formatShanghaiTime(n.publishedAt)} 发布 · {formatShanghaiTime(n.expiresAt)} 到期
            </Text>
            <Text id={`published-${i}-opened`} className='ty-ncount'>
              {openedCountText(n.openedCount)}
            </Text>
            {n.status === 'live' && (
              <BigButton id={`published-${i}-withdraw`} variant='danger' block={false} disabled={withdraw.pending} onClick={() => confirmWithdraw(n)} ariaLabel={`撤回“${n.title}”`}>
                撤回
              </BigButton>
            )}
          </View>
        ))
      )}
    </View>
  )
}
