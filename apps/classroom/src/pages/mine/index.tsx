import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { ACCESS_WORDS } from '@tianyuan/contracts/classroom-rules'
import { OfflineBanner, useAuth } from '@tianyuan/sdk/react'
import { a11yProps, BigButton, BigTextToggle, EmptyState, ErrorState, PageShell, PublisherEntries, SignInGate, Skeleton } from '@tianyuan/ui'
import { courseUrl, downloadsUrl } from '../../features/catalog/api'
import { useMe } from '../../features/account/hooks'
import { useMyCourses } from '../../features/courses/hooks'
import { teacherCoursesUrl } from '../../features/teacher/workbench-url'
import './index.scss'

export default function ClassroomMine() {
  const { status } = useAuth()
  const signedIn = status === 'signed_in'
  // The account's roles, asked once (GET /api/me): a teacher sees the workbench; a learner makes no
  // request that could only answer 403.
  const me = useMe(signedIn)
  const isTeacher = signedIn && Boolean(me.data?.roles.includes('teacher'))
  // Accounts of a 村委会, 卫生院, 农技站, 信用社 or 合作社 publish notices (the same shared pages in every app).
  const isPublisher = signedIn && Boolean(me.data?.roles.includes('publisher'))
  const open = (url: string) => () => void Taro.navigateTo({ url })
  return (
    <PageShell className='mine' banner={<OfflineBanner />}>
      <Text id='mine-title' className='mine__title'>
        我学的课、学到哪里，和下载到手机上的课都在这里。
      </Text>
      {signedIn ? <MyCourses /> : <SignInGate reason='登录微信后，能看到您报名和买过的课、学到了哪里'>{null}</SignInGate>}
      <View className='ty-actions'>
        <BigButton id='my-downloads' variant='secondary' onClick={open(downloadsUrl)}>
          下载的课（没网也能看）
        </BigButton>
        {isTeacher && (
          <BigButton id='teacher-workbench' variant='secondary' onClick={open(teacherCoursesUrl)}>
            讲师工作台
          </BigButton>
        )}
        {isPublisher && <PublisherEntries />}
        <BigTextToggle id='mine-big-text' />
      </View>
    </PageShell>
  )
}

function MyCourses() {
  const mine = useMyCourses()
  if (mine.status === 'loading') return <Skeleton id='my-courses-loading' lines={4} />
  if (mine.status === 'error') return <ErrorState id='my-courses-error' error={mine.error} onRetry={mine.refetch} />
  const items = mine.data?.items ?? []
  if (items.length === 0) {
    return <EmptyState id='my-courses-empty' title='还没有报名的课' description='在首页找一门课，免费课报名就能学，收费课可以先试看。' actionText='去首页找课' onAction={() => Taro.switchTab({ url: '/pages/index/index' })} />
  }
  return (
    <View id='my-courses'>
      <Text className='ty-heading'>我的课程</Text>
      {items.map(({ course, progress, access }) => (
        <View key={course.id} className='ty-card mine__course' id={`my-course-${course.id}`} onClick={() => void Taro.navigateTo({ url: courseUrl(course.id) })} {...a11yProps({ role: 'link' })}>
          <Text className='ty-h'>{course.title}</Text>
          <Text className='ty-note'>
            {course.teacher.name} · {ACCESS_WORDS[access]}
          </Text>
          <Text className='ty-status'>{progress.completed ? `✓ 全部学完（${progress.totalLessons} 节）` : `已学完 ${progress.doneLessons} / ${progress.totalLessons} 节`}</Text>
          <View className='mine__bar' {...a11yProps({ hidden: true })}>
            <View className='mine__bar-done' style={{ width: `${progress.totalLessons ? Math.round((progress.doneLessons / progress.totalLessons) * 100) : 0}%` }} />
          </View>
        </View>
      ))}
    </View>
  )
}
