import { Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import type { Question } from '@tianyuan/contracts/types'
import { NetImage, OfflineBanner } from '@tianyuan/sdk/react'
import { a11yProps, BigButton, EmptyState, ErrorState, PageShell, SignInGate, Skeleton } from '@tianyuan/ui'
import { askUrl } from '../../../features/questions/api'
import { useMyQuestions } from '../../../features/questions/hooks'
import { answerState, shortTime, whereAsked } from '../../../features/questions/words'

/** Photos in a question or an answer: a third of a 375 px phone's width each. */
const PHOTO_WIDTH = 100

/** The learner's questions to the teacher (?course= for one course's), newest first, each with the teacher's answer when there is one. */
export default function QuestionsPage() {
  const { params } = useRouter()
  return (
    <PageShell banner={<OfflineBanner />} title='我的提问'>
      <SignInGate reason='登录微信后就能看到向老师提的问题和回答'>
        <MyQuestions courseId={params.course} />
      </SignInGate>
    </PageShell>
  )
}

function MyQuestions({ courseId }: { courseId?: string }) {
  const list = useMyQuestions(courseId)
  const ask = courseId ? () => void Taro.navigateTo({ url: askUrl({ course: courseId }) }) : undefined

  if (list.status === 'loading') return <Skeleton id='questions-loading' lines={6} />
  if (list.status === 'error' || !list.data) return <ErrorState id='questions-error' error={list.error} onRetry={list.refetch} />
  const items = list.data.items
  if (items.length === 0) {
    return <EmptyState id='questions-empty' title='还没有向老师提过问题' description={ask ? '学的时候有不懂的，可以写下来、拍张照片问老师。' : '在课程页点“问老师”就能提问。'} actionText={ask ? '向老师提问' : undefined} onAction={ask} />
  }
  return (
    <View id='questions'>
      {list.data.unansweredCount > 0 && (
        <Text className='ty-note' id='questions-waiting'>
          有 {list.data.unansweredCount} 个问题等老师回答
        </Text>
      )}
      {items.map((q) => (
        <QuestionCard key={q.id} question={q} />
      ))}
      {ask && (
        <BigButton id='ask-again' onClick={ask}>
          再问一个问题
        </BigButton>
      )}
    </View>
  )
}

function QuestionCard({ question: q }: { question: Question }) {
  return (
    <View className='ty-card' id={`question-${q.id}`}>
      <Text className='ty-note'>
        {whereAsked(q)} · {shortTime(q.askedAt)}
      </Text>
      <Text className='ty-text'>{q.text}</Text>
      {q.photos.length > 0 && (
        <View className='ty-row'>
          {q.photos.map((p, i) => (
            <NetImage key={p.id} media={p} width={PHOTO_WIDTH} alt={`问题的第 ${i + 1} 张照片`} />
          ))}
        </View>
      )}
      {q.answer ? (
        <View id={`answer-${q.id}`}>
          <Text className='ty-status'>
            {q.answer.teacherName}老师回答（{shortTime(q.answer.answeredAt)}）：
          </Text>
          <Text className='ty-text'>{q.answer.text}</Text>
          {q.answer.photos.map((p, i) => (
            <NetImage key={p.id} media={p} width={PHOTO_WIDTH} alt={`回答的第 ${i + 1} 张照片`} />
          ))}
        </View>
      ) : (
        <Text className='ty-note' {...a11yProps({ label: answerState(q) })}>
          {answerState(q)}
        </Text>
      )}
    </View>
  )
}
