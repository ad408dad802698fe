import { Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import type { AppName, Notice, NoticeListResponse, NoticeResponse } from '@tianyuan/contracts/types'
import { APP_NOTICE_TOPICS } from '@tianyuan/contracts/notices-rules'
import { NetImage, OfflineBanner, useQuery, useSdk } from '@tianyuan/sdk/react'
import { useSubscriptions, type AskResult, type Subscriptions } from '@tianyuan/sdk/subscribe'
import { useEffect, useState } from 'react'
import { a11yProps } from '../../a11y'
import { BigButton } from '../../BigButton'
import { EmptyState } from '../../EmptyState'
import { ErrorState } from '../../ErrorState'
import { PageShell } from '../../PageShell'
import { formatShanghaiTime } from '../../ShanghaiTime'
import { Skeleton } from '../../Skeleton'
import { PriceTable } from '../PriceTable'
import { ReadAloud } from '../ReadAloud'
import { NOTICE_PAGES, NOTICES_PATH, noticeListParams, noticePath } from '../shared/api'
import { headingProps } from '../shared/heading'
import { NoticeBadges } from '../shared/NoticeBadges'
import { recordOpening } from '../shared/opened'
import { noticeSpeechText } from '../shared/speech-text'
import '../shared/index.scss'

/** Shown photo width in px: the page's width less its padding, on the narrowest phones. */
const PHOTO_WIDTH = 320

export interface NoticeDetailPageProps {
  app: AppName
  /** The notice; the page's `?id=` by default. */
  id?: string
}

/** To the app's notice list, in this page's place (no deeper page stack). */
const toList = () => void Taro.redirectTo({ url: NOTICE_PAGES.list })

/**
 * One notice: badges, title, who and when (Shanghai), 听, its paragraphs, photos (NetImage: a
 * tap to load on 2G), the price table, and 订阅紧急通知. The notice's own answer when it comes;
 * until then — or offline after a cold start, or when the link fails — the copy in the app's
 * stored list (the list carries every notice's text), so a notice seen once reads with no
 * signal. Expired or withdrawn (404): says so. The opening is counted once per phone.
 */
export function NoticeDetailPage({ app, id: given }: NoticeDetailPageProps) {
  const router = useRouter()
  const id = given ?? router.params.id ?? ''
  const sdk = useSdk()
  // Made when the page opens (it loads the template ids), asked inside the tap.
  const subscriptions = useSubscriptions(app)
  const own = useQuery<NoticeResponse>(noticePath(id), { enabled: id !== '' })
  const gone = own.error?.status === 404
  // The stored list stands in while the notice's own answer is missing; within 10 minutes it is
  // not asked for again (the home page or the list asked), so a repeat visit costs one request.
  const list = useQuery<NoticeListResponse>(NOTICES_PATH, { params: noticeListParams(app), enabled: id !== '' && own.data === undefined && !gone, staleMs: 10 * 60_000 })
  const notice: Notice | undefined = own.data?.notice ?? (gone ? undefined : list.data?.notices.find((n) => n.id === id))

  const openedId = notice?.id
  useEffect(() => {
    if (openedId) void recordOpening(sdk, app, openedId)
  }, [sdk, app, openedId])

  return (
    <PageShell banner={<OfflineBanner />} id='notice-page'>
      {notice ? (
        <NoticeBody app={app} notice={notice} subscriptions={subscriptions} canAsk={!!sdk.platform.requestSubscribeMessage} />
      ) : gone ? (
        <EmptyState id='notice-gone' title='这条通知已过期或已撤回' description='回到通知列表看看现在的通知。' actionText='看全部通知' onAction={toList} />
      ) : id === '' ? (
        <EmptyState id='notice-gone' title='没有找到这条通知' description='回到通知列表看看现在的通知。' actionText='看全部通知' onAction={toList} />
      ) : own.status === 'loading' || (list.status === 'loading' && own.status !== 'success') ? (
        <Skeleton id='notice-loading' lines={8} />
      ) : (
        <ErrorState id='notice-error' error={own.error ?? list.error} onRetry={own.refetch} />
      )}
    </PageShell>
  )
}

type SubscribeState = { kind: 'idle' } | { kind: 'asking' } | { kind: 'accepted' } | { kind: 'said'; message: string }

/** What a subscribe answer means to the villager. */
function subscribeWords(result: AskResult): SubscribeState {
  if (result.outcome === 'not_asked') return { kind: 'said', message: '微信没有弹出订阅窗口，请稍后再试' }
  const answer = result.answers.urgent_notice
  if (answer === 'accept') return { kind: 'accepted' }
  if (answer === 'ban') return { kind: 'said', message: '您在微信里关闭了这个小程序的服务通知，可以在右上角“…”→ 设置里打开' }
  return { kind: 'said', message: '没有订阅：您选了不接收，需要时再点一次' }
}

function NoticeBody({ app, notice, subscriptions, canAsk }: { app: AppName; notice: Notice; subscriptions: Subscriptions; canAsk: boolean }) {
  const [subscribed, setSubscribed] = useState<SubscribeState>({ kind: 'idle' })
  const subscribe = () => {
    // First thing in the tap, before any await: WeChat refuses requestSubscribeMessage otherwise.
    const asked = subscriptions.ask(['urgent_notice'], { topics: [...new Set([...APP_NOTICE_TOPICS[app], notice.topic])] })
    setSubscribed({ kind: 'asking' })
    void asked.then((result) => setSubscribed(subscribeWords(result)))
  }
  return (
    <View id='notice' className='ty-ndetail'>
      <View className='ty-card'>
        <NoticeBadges notice={notice} />
        <Text id='notice-title' className='ty-ndetail__title' {...headingProps(2)}>
          {notice.title}
        </Text>
        <Text id='notice-meta' className='ty-nmeta'>
          {notice.organisation.name}（{notice.organisation.kind}）
        </Text>
        <Text className='ty-nmeta'>
          {formatShanghaiTime(notice.publishedAt)} 发布 · {formatShanghaiTime(notice.expiresAt)} 前有效（北京时间）
        </Text>
        <ReadAloud id='notice-listen' text={noticeSpeechText(notice)} />
      </View>

      <View id='notice-text' className='ty-card'>
        {notice.paragraphs.map((p, i) => (
          <Text key={i} className='ty-ndetail__para'>
            {p}
          </Text>
        ))}
      </View>

      {notice.priceTable && notice.priceTable.length > 0 && (
        <View className='ty-card'>
          <Text className='ty-h'>价格表</Text>
          <PriceTable id='notice-prices' rows={notice.priceTable} caption={`${notice.title}的价格表`} />
        </View>
      )}

      {notice.photos.length > 0 && (
        <View id='notice-photos' className='ty-card ty-ndetail__photos'>
          {notice.photos.map((photo, i) => (
            <NetImage key={photo.id} media={photo} width={PHOTO_WIDTH} alt={`${notice.title}的第 ${i + 1} 张照片`} />
          ))}
        </View>
      )}

      {canAsk && (
        <View className='ty-card' id='notice-subscribe-card'>
          <Text className='ty-note'>有紧急通知（天气预警、停水停电、疫苗接种等）时，用微信的服务通知提醒您一次。</Text>
          {subscribed.kind === 'accepted' ? (
            <Text id='notice-subscribed' className='ty-text' {...a11yProps({ live: 'polite' })}>
              已订阅：下一条紧急通知会用微信提醒您
            </Text>
          ) : (
            <BigButton id='notice-subscribe' variant='secondary' loading={subscribed.kind === 'asking'} onClick={subscribe}>
              订阅紧急通知
            </BigButton>
          )}
          {subscribed.kind === 'said' && (
            <Text id='notice-subscribe-said' className='ty-warn' {...a11yProps({ live: 'polite' })}>
              {subscribed.message}
            </Text>
          )}
        </View>
      )}

      <BigButton id='notice-all' variant='secondary' onClick={toList}>
        看全部通知
      </BigButton>
    </View>
  )
}
