import { Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { durationWords } from '@tianyuan/contracts/classroom-rules'
import type { LessonHit, Topic } from '@tianyuan/contracts/types'
import { OfflineBanner } from '@tianyuan/sdk/react'
import { a11yProps, EmptyState, ErrorState, PageShell, Pager, SearchBox } from '@tianyuan/ui'
import { useState } from 'react'
import { courseUrl } from '../../../features/catalog/api'
import { CourseCard } from '../../../features/catalog/components/CourseCard'
import { CourseListSkeleton } from '../../../features/catalog/components/CourseListSkeleton'
import { useCourses, useSearch } from '../../../features/catalog/hooks'

const PAGE_SIZE = 10
const decode = (v: string | undefined) => (v ? decodeURIComponent(v) : undefined)

/**
 * Search (?q=玉米 — Chinese, pinyin `yumi` or initials `ymzz`: matched on the server) or one
 * topic's courses (?topic=planting&title=种植), with a search box to try other words.
 */
export default function SearchPage() {
  const { params } = useRouter()
  const topic = params.topic as Topic | undefined
  const topicTitle = decode(params.title)
  const [q, setQ] = useState(decode(params.q) ?? '')
  const searching = q !== '' || !topic

  return (
    <PageShell banner={<OfflineBanner />} title={searching ? (q ? `搜索“${q}”` : '搜课程') : `${topicTitle ?? '分类'}的课`}>
      <SearchBox placeholder='课程或课名：玉米、生猪、yumi…' onSearch={setQ} />
      {searching ? <SearchResults q={q} /> : <TopicCourses topic={topic} />}
    </PageShell>
  )
}

function SearchResults({ q }: { q: string }) {
  const found = useSearch(q)
  if (!q) return <Text className='ty-note'>输入课程或课名里的字，拼音或拼音首字母也行（比如 yumi、ymzz 都能找到“玉米种植”）。</Text>
  if (found.status === 'loading') return <CourseListSkeleton id='search-loading' count={3} />
  if (found.status === 'error') return <ErrorState id='search-error' error={found.error} onRetry={found.refetch} />
  const { courses = [], lessons = [] } = found.data ?? {}
  if (courses.length === 0 && lessons.length === 0) {
    return <EmptyState id='search-empty' title={`没有找到“${q}”`} description='换个词试试，比如“玉米”“猪”“网店”；或者回首页按分类看看。' actionText='回首页' onAction={() => Taro.switchTab({ url: '/pages/index/index' })} />
  }
  return (
    <View id='search-results'>
      {courses.length > 0 && (
        <View id='found-courses'>
          <Text className='ty-heading'>课程（{courses.length}）</Text>
          {courses.map((c, i) => (
            <CourseCard key={c.id} course={c} priority={i} />
          ))}
        </View>
      )}
      {lessons.length > 0 && (
        <View id='found-lessons'>
          <Text className='ty-heading'>课（{lessons.length}）</Text>
          {lessons.map((l) => (
            <LessonHitRow key={l.id} hit={l} />
          ))}
        </View>
      )}
    </View>
  )
}

/** A lesson found by the words: it opens its course's page, which says whether it can be opened and what it costs. */
function LessonHitRow({ hit }: { hit: LessonHit }) {
  return (
    <View className='ty-card' id={`hit-${hit.id}`} onClick={() => void Taro.navigateTo({ url: courseUrl(hit.courseId) })} {...a11yProps({ role: 'link' })}>
      <Text className='ty-h'>{hit.title}</Text>
      <Text className='ty-note'>
        {hit.courseTitle} · {hit.kindWord}
        {hit.durationS !== null ? ` · ${durationWords(hit.durationS)}` : ''}
        {hit.trial ? ' · 可试看' : ''}
      </Text>
    </View>
  )
}

function TopicCourses({ topic }: { topic: Topic | undefined }) {
  const [page, setPage] = useState(1)
  const courses = useCourses({ topic, page, size: PAGE_SIZE })
  if (courses.status === 'loading') return <CourseListSkeleton count={4} />
  if (courses.status === 'error') return <ErrorState id='courses-error' error={courses.error} onRetry={courses.refetch} />
  if (!courses.data?.items.length) {
    return <EmptyState id='courses-empty' title='这个分类还没有课' description='老师们正在录课，过几天再来看看；也可以回首页看看别的分类。' actionText='回首页' onAction={() => Taro.switchTab({ url: '/pages/index/index' })} />
  }
  return (
    <View id='topic-courses'>
      {courses.data.items.map((c, i) => (
        <CourseCard key={c.id} course={c} priority={i} />
      ))}
      <Pager page={page} hasMore={courses.data.hasMore} onChange={setPage} />
    </View>
  )
}
