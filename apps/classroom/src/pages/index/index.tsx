import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { durationWords, EDITION_WORDS, sizeWords } from '@tianyuan/contracts/classroom-rules'
import { OfflineBanner } from '@tianyuan/sdk/react'
import { a11yProps, BigButton, EmptyState, ErrorState, HomeFooter, NoticeStrip, PageShell, SearchBox, Skeleton } from '@tianyuan/ui'
import { downloadsUrl, lessonUrl, searchUrl } from '../../features/catalog/api'
import { CourseCard } from '../../features/catalog/components/CourseCard'
import { CourseListSkeleton } from '../../features/catalog/components/CourseListSkeleton'
import { continueRows, type ContinueRow } from '../../features/catalog/continue'
import { useHome } from '../../features/catalog/home'
// The modules themselves, not the features' index: those also export the download manager and
// the progress sync, which only subpackage pages may pull in (the main package stays light).
import { useDownloadedLessons, type DownloadMeta } from '../../features/downloads/downloaded'
import { useContinueLearning } from '../../features/progress/hooks'
import './index.scss'

/** Where the viewer stopped: at most this many lessons on the first screen. */
const CONTINUE_COUNT = 2
/** Downloaded lessons listed on the home page (the downloads page has them all). */
const DOWNLOADED_COUNT = 3

export default function ClassroomHome() {
  // One request for the whole first screen (topics, courses, where you stopped): on 2G every
  // round trip is over a second, and the stored copy shows at once on a repeat visit.
  const home = useHome()
  const onPhone = useContinueLearning(CONTINUE_COUNT)
  const downloaded = useDownloadedLessons()

  // The first screen's content is in once the home answer (or its stored copy) has settled —
  // rows, or the error or empty state standing in for them, never skeletons: the marker
  // tools/bench times the first screen to (tools/bench/README.md, "The first-screen marker").
  const firstScreenReady = home.status !== 'loading'
  const data = home.data
  const stopped = continueRows(data?.continue ?? [], onPhone, CONTINUE_COUNT)

  return (
    <PageShell className='home' banner={<OfflineBanner />} firstScreenReady={firstScreenReady}>
      <Text className='home__lead' id='purpose'>
        跟县农技站的老师学种植、养殖、网上卖货和健康知识。每节课先写明多大，信号差也能听，下载了没网也能看。
      </Text>

      <SearchBox placeholder='搜课程：玉米、生猪、拍照…（拼音也行）' onSearch={(q) => void Taro.navigateTo({ url: searchUrl({ q }) })} />

      {/* 紧急 notices (every app) then 农技 (the extension station's advice), from the phone's copy at
          once; under the search, so finding a course stays on the first screen. */}
      <NoticeStrip app='classroom' title='通知和农技指导' />

      {stopped.length > 0 && (
        <View id='continue'>
          <Text className='ty-heading'>接着学</Text>
          {stopped.map((row) => (
            <ContinueCard key={row.lessonId} row={row} />
          ))}
        </View>
      )}

      {downloaded.lessons.length > 0 && (
        <View id='downloaded'>
          <Text className='ty-heading'>下载的课（没网也能看）</Text>
          {downloaded.lessons.slice(0, DOWNLOADED_COUNT).map((record) => {
            const meta = record.meta as DownloadMeta | undefined
            if (!meta) return null
            return (
              <View key={record.id} className='ty-card home__continue' id={`downloaded-${meta.lessonId}`} onClick={() => void Taro.navigateTo({ url: lessonUrl(meta.lessonId) })} {...a11yProps({ role: 'link' })}>
                <Text className='ty-h'>{record.title}</Text>
                <Text className='ty-note'>
                  {meta.courseTitle ? `${meta.courseTitle} · ` : ''}
                  {EDITION_WORDS[meta.kind]} · {sizeWords(record.totalBytes)}
                </Text>
              </View>
            )
          })}
        </View>
      )}

      <Text className='ty-heading'>按分类找课</Text>
      {home.status === 'loading' ? (
        <Skeleton id='topics-loading' lines={2} />
      ) : home.status === 'error' ? (
        <ErrorState id='home-error' error={home.error} onRetry={home.refetch} />
      ) : (
        <View className='ty-tiles' id='topics'>
          {(data?.topics ?? []).map((t) => (
            <View key={t.topic} id={`topic-${t.topic}`} className='ty-tile home__topic' onClick={() => void Taro.navigateTo({ url: searchUrl({ topic: t.topic, title: t.word }) })} {...a11yProps({ role: 'button', label: `${t.word}，${t.courseCount} 门课` })}>
              {t.word}
              <Text className='home__count'>{t.courseCount} 门课</Text>
            </View>
          ))}
        </View>
      )}

      {home.status !== 'error' && <Text className='ty-heading'>新课</Text>}
      {home.status === 'loading' ? (
        <CourseListSkeleton count={3} />
      ) : home.status === 'error' ? null : !data?.courses.length ? (
        <EmptyState id='courses-empty' title='还没有课程' description='老师们正在录课，过几天再来看看。' />
      ) : (
        <View id='courses'>
          {data.courses.map((c, i) => (
            <CourseCard key={c.id} course={c} priority={i} />
          ))}
        </View>
      )}

      <BigButton id='home-downloads' variant='secondary' onClick={() => Taro.navigateTo({ url: downloadsUrl })}>
        下载的课（没网也能看）
      </BigButton>
      <HomeFooter aboutText='了解田间课堂' />
    </PageShell>
  )
}

/** A lesson the viewer started: what it is, how far, and a tap resumes it (the player knows the second). */
function ContinueCard({ row }: { row: ContinueRow }) {
  const at = row.positionS > 0 ? `，上次学到 ${durationWords(row.positionS)}` : ''
  return (
    <View className='ty-card home__continue' id={`continue-${row.lessonId}`} onClick={() => void Taro.navigateTo({ url: lessonUrl(row.lessonId) })} {...a11yProps({ role: 'link' })}>
      <Text className='ty-h'>{row.title}</Text>
      <Text className='ty-note'>
        {row.courseTitle ? `${row.courseTitle} · ` : ''}
        {row.kindWord} · 学了 {row.percent}%{at}
      </Text>
    </View>
  )
}
