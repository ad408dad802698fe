import { Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { durationWords, EDITION_WORDS, sizeWords } from '@tianyuan/contracts/classroom-rules'
import type { LessonDetail, LessonEdition } from '@tianyuan/contracts/types'
import { OfflineBanner, useNetwork, useSdk } from '@tianyuan/sdk/react'
import { BigButton, Checkbox, EmptyState, ErrorState, PageShell, Skeleton } from '@tianyuan/ui'
import { useMemo } from 'react'
import { courseUrl, quizUrl } from '../../../features/catalog/api'
import { useLesson } from '../../../features/catalog/hooks'
import { editionFromDownload, localFilesByName, useDownloads, EditionDownloads, type DownloadMeta } from '../../../features/downloads/pkg'
import { ArticleLesson } from '../../../features/player/components/ArticleLesson'
import { AudioLesson } from '../../../features/player/components/AudioLesson'
import { VideoLesson } from '../../../features/player/components/VideoLesson'
import { DEFAULT_CEILING, planPlayback, useEditionCeiling } from '../../../features/player'
import { resumePosition, useLocalProgress, type LessonRef } from '../../../features/progress'
import './index.scss'

/** A lesson (?id=, ?at= seconds): video, audio or 图文, at the second it was left; speed, the 只听声音 switch, downloads. */
export default function LessonPage() {
  const { params } = useRouter()
  const id = params.id ?? ''
  const lesson = useLesson(id)
  const { records, loaded: downloadsLoaded } = useDownloads()
  const mine = records.filter((r) => r.id.startsWith(`${id}:`) && r.status === 'done')

  if (lesson.status === 'loading' || !downloadsLoaded) {
    return (
      <PageShell banner={<OfflineBanner />}>
        <Skeleton id='lesson-loading' imageRatio={16 / 9} lines={4} />
      </PageShell>
    )
  }
  const detail = lesson.data?.lesson
  // Offline and never opened here, but downloaded: everything the player needs is on the phone.
  const offlineOnly = !detail && mine[0] ? mine[0] : undefined
  if (!detail && !offlineOnly) {
    const gone = lesson.error?.status === 404
    return (
      <PageShell banner={<OfflineBanner />} title='课程内容'>
        {gone ? (
          <EmptyState id='lesson-gone' title='没有找到这节课' description='它可能已经下架了，回首页看看别的课。' actionText='回首页' onAction={() => Taro.switchTab({ url: '/pages/index/index' })} />
        ) : (
          <ErrorState id='lesson-error' error={lesson.error} onRetry={lesson.refetch} />
        )}
      </PageShell>
    )
  }
  return <Lesson key={id} detail={detail} offlineMeta={offlineOnly?.meta as DownloadMeta | undefined} offlineTitle={offlineOnly?.title} startParam={params.at} />
}

function Lesson({ detail, offlineMeta, offlineTitle, startParam }: { detail?: LessonDetail; offlineMeta?: DownloadMeta; offlineTitle?: string; startParam?: string }) {
  const sdk = useSdk()
  const { link } = useNetwork(sdk.api.network)
  const ceiling = useEditionCeiling()
  const { records } = useDownloads()
  const lessonId = detail?.id ?? offlineMeta?.lessonId ?? ''
  const local = useLocalProgress(lessonId)

  const ref: LessonRef = detail
    ? { id: detail.id, courseId: detail.courseId, title: detail.title, courseTitle: detail.courseTitle, kind: detail.kind, durationS: detail.durationS ?? detail.media?.durationS ?? null }
    : { id: lessonId, courseId: offlineMeta?.courseId ?? '', title: offlineTitle ?? '', courseTitle: offlineMeta?.courseTitle, kind: offlineMeta?.lessonKind ?? 'audio', durationS: offlineMeta?.durationS ?? null }

  // Finished downloads of this lesson: kind → file name → local path; their editions stand in when offline.
  const downloaded = useMemo(() => {
    const byKind: Partial<Record<LessonEdition['kind'], Record<string, string>>> = {}
    const editions: LessonEdition[] = []
    for (const r of records.filter((x) => x.id.startsWith(`${lessonId}:`) && x.status === 'done')) {
      const edition = editionFromDownload(r)
      if (!edition) continue
      byKind[edition.kind] = localFilesByName(r)
      editions.push(edition)
    }
    return { byKind, editions }
  }, [records, lessonId])

  const editions = detail?.media?.editions.length ? detail.media.editions : downloaded.editions
  const downloadedKinds = Object.keys(downloaded.byKind).join()
  const offline = link === 'offline'
  const plan = useMemo(
    () => (editions.length ? planPlayback({ media: { editions }, link, ceiling: ceiling.ceiling, downloads: downloaded.byKind, origin: API_BASE }) : undefined),
    // The plan is made once the setting is read; a link change later does not switch a playing lesson.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [editions.length, ceiling.ceiling, ceiling.loaded, downloadedKinds, offline],
  )

  const title = ref.title
  const back = () => {
    if (Taro.getCurrentPages().length > 1) void Taro.navigateBack()
    else if (ref.courseId) void Taro.redirectTo({ url: courseUrl(ref.courseId) })
    else void Taro.switchTab({ url: '/pages/index/index' })
  }
  const ready = ceiling.loaded && local.loaded
  const startAt = startParam !== undefined && /^\d+$/.test(startParam) ? Number(startParam) : resumePosition(local.progress, detail?.progress ?? null, ref.durationS)
  const kindWord = detail?.kindWord ?? (ref.kind === 'video' ? '视频' : ref.kind === 'audio' ? '音频' : '图文')
  const size = plan ? sizeWords(plan.edition.bytes) : undefined

  return (
    <PageShell banner={<OfflineBanner />} title={title} bigTextToggle>
      <Text className='ty-text' id='lesson-facts'>
        {[detail?.courseTitle ?? ref.courseTitle, kindWord, ref.durationS ? durationWords(ref.durationS) : undefined, size].filter(Boolean).join(' · ')}
      </Text>

      {detail?.locked ? (
        <EmptyState id='lesson-locked' title='购买课程后才能学这节课' description='试看的课可以先学；买了课程，所有课时都能看、能下载。' actionText='去看课程' onAction={() => void Taro.redirectTo({ url: courseUrl(ref.courseId) })} />
      ) : ref.kind === 'article' ? (
        detail?.blocks ? (
          <ArticleLesson lesson={ref} blocks={detail.blocks} done={Boolean(local.progress?.done || detail.progress?.done)} />
        ) : (
          <EmptyState id='article-none' title='这节图文课还没有内容' description='老师正在写，过几天再来看看。' />
        )
      ) : detail?.media && detail.media.state !== 'ready' && !plan ? (
        <EmptyState id='media-processing' title={detail.media.state === 'failed' ? '这节课的视频处理失败了' : '老师刚上传，正在处理'} description='过一会儿再来看看。' />
      ) : !plan ? (
        <EmptyState
          id='lesson-offline'
          title={link === 'offline' ? '没有网络，这节课也没有下载' : '这节课暂时放不了'}
          description={link === 'offline' ? '连上网络后就能听；下载过的课没网也能看。' : '请稍后再试。'}
        />
      ) : !ready ? (
        <Skeleton id='player-loading' lines={3} />
      ) : (
        <View id='player'>
          <Text className='pl-reason' id='edition-reason'>
            {EDITION_WORDS[plan.edition.kind]}：{plan.reason}
          </Text>
          {plan.videoSrc ? (
            <VideoLesson key={plan.videoSrc} lesson={ref} plan={plan} startAt={startAt} title={title} />
          ) : (
            <AudioLesson key={plan.audioSrc} lesson={ref} plan={plan} startAt={startAt} title={title} subtitle={ref.courseTitle} />
          )}
          {startAt > 0 && (
            <Text className='pl-note' id='resumed-at'>
              从上次停下的 {Math.floor(startAt / 60)} 分 {startAt % 60} 秒接着播放
            </Text>
          )}
        </View>
      )}

      {ref.kind !== 'article' && !detail?.locked && (
        <Checkbox id='audio-only' checked={ceiling.ceiling === 'audio'} onChange={(on) => void ceiling.set(on ? 'audio' : DEFAULT_CEILING)} label='只听声音（最省流量）'>
          只听声音（最省流量）
        </Checkbox>
      )}

      {detail && !detail.locked && <EditionDownloads lesson={detail} />}

      <View className='pl-nav'>
        {detail?.hasQuiz && !detail.locked && (
          <BigButton id='to-quiz' variant='secondary' onClick={() => void Taro.navigateTo({ url: quizUrl(detail.id) })}>
            做课后测验
          </BigButton>
        )}
        <BigButton id='lesson-back' variant='secondary' onClick={back}>
          返回
        </BigButton>
      </View>
    </PageShell>
  )
}
