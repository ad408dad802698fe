import { Text, View } from '@tarojs/components'
import { useRouter } from '@tarojs/taro'
import { ACCESS_WORDS } from '@tianyuan/contracts/classroom-rules'
import { OfflineBanner } from '@tianyuan/sdk/react'
import { EmptyState, ErrorState, PageShell, Pager, SignInGate, Skeleton, formatShanghaiTime } from '@tianyuan/ui'
import { useState } from 'react'
import { useLearners } from '../../../features/teacher/hooks'

/** A course's learners (?course=): how many, how far each lesson got, and each learner's progress — a name and progress, nothing else about them. */
export default function LearnersPage() {
  const { params } = useRouter()
  return (
    <PageShell banner={<OfflineBanner />} title='学员学习情况'>
      <SignInGate reason='登录微信后就能看学员的学习情况'>
        <Learners courseId={params.course ?? ''} />
      </SignInGate>
    </PageShell>
  )
}

function Learners({ courseId }: { courseId: string }) {
  const [page, setPage] = useState(1)
  const learners = useLearners(courseId, page)
  if (learners.status === 'loading') return <Skeleton id='learners-loading' lines={8} />
  if (learners.status === 'error' || !learners.data) return <ErrorState id='learners-error' error={learners.error} onRetry={learners.refetch} />
  const { counts, lessons, items, hasMore } = learners.data
  return (
    <View id='learners'>
      <View className='ty-card' id='learner-counts'>
        <Text className='ty-text'>
          {counts.learners} 人在学，{counts.purchased} 人购买，{counts.completed} 人全部学完
        </Text>
      </View>
      <Text className='ty-heading'>每节课</Text>
      <View className='ty-card' id='lesson-counts'>
        {lessons.map((l, i) => (
          <Text key={l.lessonId} className='ty-text'>
            {i + 1}. {l.title}：{l.started} 人学过，{l.done} 人学完
          </Text>
        ))}
      </View>
      <Text className='ty-heading'>学员</Text>
      {items.length === 0 ? (
        <EmptyState id='learners-empty' title='还没有学员' description='课程发布后，报名或购买的学员会出现在这里。' />
      ) : (
        items.map((r, i) => (
          <View key={`${page}-${i}`} className='ty-card'>
            <Text className='ty-h'>{r.name}</Text>
            <Text className='ty-text'>
              {ACCESS_WORDS[r.access]} · 学完 {r.doneLessons} / {r.totalLessons} 节（{Math.round(r.fraction * 100)}%）
            </Text>
            {r.completedAt ? <Text className='ty-status'>✓ {formatShanghaiTime(r.completedAt)} 全部学完</Text> : r.lastActiveAt ? <Text className='ty-note'>最近学习：{formatShanghaiTime(r.lastActiveAt)}</Text> : null}
          </View>
        ))
      )}
      <Pager page={page} hasMore={hasMore} onChange={setPage} />
    </View>
  )
}
