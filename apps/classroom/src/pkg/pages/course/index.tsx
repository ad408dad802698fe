import { Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import type { CourseDetail, LessonSummary } from '@tianyuan/contracts/types'
import { NetImage, OfflineBanner, useAuth, usePay } from '@tianyuan/sdk/react'
import { useSubscriptions } from '@tianyuan/sdk/subscribe'
import { a11yProps, BigButton, EmptyState, ErrorState, PageShell, PayStatus, Price, SignInGate, Skeleton, userMessageOf } from '@tianyuan/ui'
import { useCallback, useEffect, useRef, useState } from 'react'
import { lessonUrl, quizUrl } from '../../../features/catalog/api'
import { describeLesson, lockedReason } from '../../../features/catalog/format'
import { useCourse } from '../../../features/catalog/hooks'
import { CLASSROOM_COURSE_KIND, enrol, startPurchase } from '../../../features/courses/api'
import { certificateUrl } from '../../../features/certificates/api'
import { questionsUrl } from '../../../features/questions/api'
import './index.scss'

/** The cover's width in px (a 375 px phone less the page padding). */
const COVER_WIDTH = 343

/** A course (?id=): what it is, who teaches it, every lesson with its kind, length and size; enrol, or buy through WeChat Pay. */
export default function CoursePage() {
  const { params } = useRouter()
  const course = useCourse(params.id)

  if (course.status === 'loading') {
    return (
      <PageShell banner={<OfflineBanner />}>
        <Skeleton id='course-loading' imageRatio={4 / 3} lines={6} />
      </PageShell>
    )
  }
  if (course.status === 'error' || !course.data) {
    const gone = course.error?.status === 404
    return (
      <PageShell banner={<OfflineBanner />}>
        {gone ? (
          <EmptyState id='course-gone' title='没有找到这门课程' description='它可能已经下架了，回首页看看别的课。' actionText='回首页' onAction={() => Taro.switchTab({ url: '/pages/index/index' })} />
        ) : (
          <ErrorState id='course-error' error={course.error} onRetry={course.refetch} />
        )}
      </PageShell>
    )
  }

  const c = course.data.course
  return (
    <PageShell banner={<OfflineBanner />}>
      {c.cover && (
        <View className='cr-cover'>
          <NetImage media={c.cover} width={COVER_WIDTH} aspectRatio={4 / 3} priority={0} alt={`${c.title}的封面`} />
        </View>
      )}
      <View className='ty-card' id='course-info'>
        <Text className='ty-h' id='course-title'>
          {c.title}
        </Text>
        <Text className='ty-text' id='course-access'>
          {c.topicWord} · {c.lessonCount} 节课 · {c.accessWord}
        </Text>
        {c.free ? (
          <Text className='cr-free' id='course-price'>
            免费
          </Text>
        ) : (
          <Price id='course-price' fen={c.priceFen} size='large' />
        )}
        {c.progress && (
          <Text className='ty-status' id='course-progress'>
            {c.progress.completed ? `✓ 全部学完了（${c.progress.totalLessons} 节）` : `已学完 ${c.progress.doneLessons} / ${c.progress.totalLessons} 节`}
          </Text>
        )}
        <Text className='ty-note'>{c.intro}</Text>
      </View>

      <View className='ty-card' id='teacher'>
        <Text className='ty-h'>老师：{c.teacher.name}</Text>
        <Text className='ty-note'>{c.teacher.org}</Text>
        {c.teacher.intro ? <Text className='ty-note'>{c.teacher.intro}</Text> : null}
        {/* Signed in (progress is known): questions to this teacher; once completed, the certificate. */}
        {c.progress && (
          <View className='ty-actions'>
            {c.progress.completed && (
              <BigButton id='certificate-link' onClick={() => void Taro.navigateTo({ url: certificateUrl(c.id) })}>
                领取结业证书
              </BigButton>
            )}
            <BigButton id='questions-link' variant='secondary' onClick={() => void Taro.navigateTo({ url: questionsUrl({ course: c.id }) })}>
              问老师 · 我的提问
            </BigButton>
          </View>
        )}
      </View>

      <Entitlement course={c} onChanged={course.refetch} />

      <Text className='ty-heading'>课程目录</Text>
      <Text className='ty-note'>每节课写明大小，用流量前先看一看；省流版（声音+图片）最省。</Text>
      <View id='lessons'>
        {c.lessons.map((l) => (
          <LessonRow key={l.id} lesson={l} course={c} />
        ))}
      </View>
    </PageShell>
  )
}

/** One lesson: kind, length and each edition's size; 试看 or 🔒 with the reason; ✓ once done. Only an open lesson is a link. */
function LessonRow({ lesson, course }: { lesson: LessonSummary; course: CourseDetail }) {
  const open = () => void Taro.navigateTo({ url: lessonUrl(lesson.id) })
  const done = lesson.progress?.done
  return (
    <View className={lesson.locked ? 'ty-card cr-lesson cr-lesson--locked' : 'ty-card cr-lesson'} id={`lesson-${lesson.id}`}>
      <View className='cr-lesson__head' id={`lesson-${lesson.id}-open`} onClick={lesson.locked ? undefined : open} {...(lesson.locked ? {} : a11yProps({ role: 'link' }))}>
        <Text className='ty-h'>
          {lesson.position}. {lesson.title}
        </Text>
        <Text className='ty-note' id={`lesson-${lesson.id}-about`}>
          {describeLesson(lesson)}
        </Text>
      </View>
      <View className='cr-lesson__marks'>
        {lesson.trial && !course.free && <Text className='cr-badge'>试看</Text>}
        {done && (
          <Text className='cr-done' id={`lesson-${lesson.id}-done`}>
            ✓ 已学完
          </Text>
        )}
        {!done && lesson.progress && lesson.progress.fraction > 0 && <Text className='ty-note'>学了 {Math.round(lesson.progress.fraction * 100)}%</Text>}
        {lesson.locked && (
          <Text className='cr-locked' id={`lesson-${lesson.id}-locked`}>
            🔒 {lockedReason(course)}
          </Text>
        )}
      </View>
      {!lesson.locked && lesson.hasQuiz && (
        <BigButton id={`quiz-${lesson.id}`} variant='secondary' block={false} onClick={() => Taro.navigateTo({ url: quizUrl(lesson.id) })}>
          {lesson.progress?.quizPassed ? '测验已通过，再做一次' : '做课后测验'}
        </BigButton>
      )}
    </View>
  )
}

/** Enrol in a free course, or buy a paid one (a purchase, then WeChat Pay); nothing when the viewer may already open every lesson. */
function Entitlement({ course, onChanged }: { course: CourseDetail; onChanged: () => void }) {
  const { status } = useAuth()
  // Bought on this visit: the payment's outcome stays said where the buy card was (the refetch
  // that opens the lessons would otherwise take it away before an older eye finds it).
  const [boughtHere, setBoughtHere] = useState(false)
  const paid = useCallback(() => {
    setBoughtHere(true)
    onChanged()
  }, [onChanged])
  if (course.access === 'teacher') return <Text className='ty-note'>这是您自己的课程。</Text>
  if (course.free && course.enrolled) return null
  if (course.access === 'purchased') {
    return boughtHere ? (
      <Text className='ty-status' id='pay-status'>
        ✓ 已付款，整门课都能学了，下载了没网也能看。
      </Text>
    ) : null
  }
  if (status !== 'signed_in') {
    return <SignInGate reason={course.free ? '登录微信后就能报名学习' : '登录微信后就能购买这门课'}>{null}</SignInGate>
  }
  return course.free ? <Enrol course={course} onChanged={onChanged} /> : <Buy course={course} onPaid={paid} />
}

function Enrol({ course, onChanged }: { course: CourseDetail; onChanged: () => void }) {
  const [failure, setFailure] = useState<string>()
  const [busy, setBusy] = useState(false)
  const run = async () => {
    setBusy(true)
    setFailure(undefined)
    try {
      await enrol(course.id)
      onChanged()
    } catch (error) {
      setFailure(userMessageOf(error))
    } finally {
      setBusy(false)
    }
  }
  return (
    <View className='ty-actions'>
      {failure && <Text className='ty-warn'>{failure}</Text>}
      <BigButton id='enrol' loading={busy} onClick={run}>
        免费报名学习
      </BigButton>
      <Text className='ty-note'>报名后，这门课会放在“我的”里，学到哪里都记着。</Text>
    </View>
  )
}

function Buy({ course, onPaid }: { course: CourseDetail; onPaid: () => void }) {
  const { state: payState, busy: paying, pay } = usePay()
  const [placing, setPlacing] = useState(false)
  const [failure, setFailure] = useState<string>()
  // One purchase per visit: a retry after a failure that may have reached the server carries
  // the same Idempotency-Key, and an unpaid purchase the server already has is paid, not repeated.
  const retryKey = useRef<string>()
  const paid = payState.phase === 'paid'
  useEffect(() => {
    if (paid) onPaid()
  }, [paid, onPaid])
  // A bought course comes with questions to the teacher: ask for the 回复通知 when buying, once per visit.
  const subscribe = useSubscriptions('classroom')
  const askedReminder = useRef(false)

  const buy = async () => {
    setFailure(undefined)
    // In the tap itself, before any await: WeChat shows the subscribe sheet only there.
    const asked = askedReminder.current ? undefined : subscribe.ask(['classroom_answered'])
    askedReminder.current = true
    try {
      let purchaseId = course.pendingPurchase?.id
      if (!purchaseId) {
        setPlacing(true)
        purchaseId = (await startPurchase(course.id, retryKey.current)).id
        setPlacing(false)
      }
      // The villager answers the subscribe sheet before the cashier opens.
      await asked
      await pay({ kind: CLASSROOM_COURSE_KIND, orderId: purchaseId })
    } catch (error) {
      retryKey.current = (error as { idempotencyKey?: string }).idempotencyKey ?? retryKey.current
      setFailure(userMessageOf(error))
      setPlacing(false)
    }
  }

  return (
    <View className='ty-card' id='buy'>
      <View className='ty-row'>
        <Text className='ty-text'>整门课 {course.lessonCount} 节</Text>
        <Price fen={course.pendingPurchase?.amountFen ?? course.priceFen} size='large' />
      </View>
      <Text className='ty-note'>{course.trialCount > 0 ? `可以先免费看 ${course.trialCount} 节试看课，觉得有用再买。` : '这门课没有试看课。'}买了以后随时学，下载了没网也能看。</Text>
      <PayStatus id='pay-status' placing={placing} pay={payState} />
      {failure && (
        <Text className='ty-warn' id='buy-failure'>
          {failure}
        </Text>
      )}
      {!paid && (
        <BigButton id='buy-course' loading={placing || paying} disabled={placing || paying} onClick={buy}>
          {course.pendingPurchase ? '付款' : failure ? '再试一次' : '购买整门课'}
        </BigButton>
      )}
    </View>
  )
}
