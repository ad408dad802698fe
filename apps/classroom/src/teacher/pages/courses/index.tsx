import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { durationWords } from '@tianyuan/contracts/classroom-rules'
import { OfflineBanner } from '@tianyuan/sdk/react'
import { BigButton, EmptyState, ErrorState, PageShell, Price, SignInGate, Skeleton } from '@tianyuan/ui'
import { isNotATeacher } from '../../../features/teacher/api'
import { useTeacherCourses, useTeacherMe } from '../../../features/teacher/hooks'
import { courseEditUrl, learnersUrl, teacherQuestionsUrl } from '../../../features/teacher/urls'

/** 讲师工作台: my courses (draft or published), a new course, each course's lessons and learners. */
export default function TeacherCoursesPage() {
  return (
    <PageShell banner={<OfflineBanner />} title='讲师工作台'>
      <SignInGate reason='登录微信后就能进入讲师工作台'>
        <Workbench />
      </SignInGate>
    </PageShell>
  )
}

function Workbench() {
  const me = useTeacherMe()
  const courses = useTeacherCourses()
  if (me.status === 'loading' || courses.status === 'loading') return <Skeleton id='teacher-loading' lines={6} />
  if (isNotATeacher(me.error) || isNotATeacher(courses.error)) {
    return <EmptyState id='not-a-teacher' title='这个账号不是讲师账号' description='讲师工作台给县农技站、乡镇卫生院的老师用。想来讲课，请联系县农技站开通。' actionText='回首页' onAction={() => Taro.switchTab({ url: '/pages/index/index' })} />
  }
  if (courses.status === 'error') return <ErrorState id='teacher-error' error={courses.error} onRetry={courses.refetch} />
  const items = courses.data?.items ?? []
  const open = (url: string) => () => void Taro.navigateTo({ url })
  return (
    <View id='teacher-courses'>
      {me.data && (
        <Text className='ty-note' id='teacher-name'>
          {me.data.teacher.name} · {me.data.teacher.org}
        </Text>
      )}
      <BigButton id='new-course' onClick={open(courseEditUrl())}>
        新建课程
      </BigButton>
      <BigButton id='teacher-questions-link' variant='secondary' onClick={open(teacherQuestionsUrl)}>
        学员的提问
      </BigButton>
      {items.length === 0 ? (
        <EmptyState id='teacher-courses-empty' title='还没有课程' description='点“新建课程”写下课名和介绍，再一节一节地加课：录的视频、录音，或者图文。' />
      ) : (
        items.map((c) => (
          <View key={c.id} className='ty-card' id={`teacher-course-${c.id}`}>
            <Text className='ty-h'>{c.title}</Text>
            <Text className='ty-text'>
              {c.statusWord} · {c.topicWord} · {c.lessonCount} 节课{c.durationS > 0 ? ` · ${durationWords(c.durationS)}` : ''}
            </Text>
            <View className='ty-row'>
              {c.free ? <Text className='ty-text'>免费</Text> : <Price fen={c.priceFen} />}
              <Text className='ty-note'>{c.learnerCount} 人在学</Text>
            </View>
            <View className='ty-actions'>
              <BigButton id={`edit-course-${c.id}`} variant='secondary' onClick={open(courseEditUrl(c.id))}>
                编辑课程和课时
              </BigButton>
              <BigButton id={`learners-${c.id}`} variant='secondary' onClick={open(learnersUrl(c.id))}>
                学员学习情况
              </BigButton>
            </View>
          </View>
        ))
      )}
    </View>
  )
}
