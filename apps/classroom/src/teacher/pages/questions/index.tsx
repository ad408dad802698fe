import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import type { Question } from '@tianyuan/contracts/types'
import { NetImage, OfflineBanner } from '@tianyuan/sdk/react'
import { a11yProps, BigButton, EmptyState, ErrorState, FormField, PageShell, SignInGate, Skeleton, userMessageOf } from '@tianyuan/ui'
import { useState } from 'react'
import { answerQuestion } from '../../../features/questions/api'
import { useTeacherQuestions } from '../../../features/questions/hooks'
import { shortTime, whereAsked } from '../../../features/questions/words'

const MAX_ANSWER = 2000
/** A learner's photo: a third of a 375 px phone's width. */
const PHOTO_WIDTH = 100

/** Learners' questions about the teacher's courses: the unanswered first (longest waiting first), each answered right here. */
export default function TeacherQuestionsPage() {
  return (
    <PageShell banner={<OfflineBanner />} title='学员的提问'>
      <SignInGate reason='登录微信后就能回答学员的提问'>
        <Questions />
      </SignInGate>
    </PageShell>
  )
}

function Questions() {
  const list = useTeacherQuestions()
  const [answered, setAnswered] = useState<Record<string, Question>>({})

  if (list.status === 'loading') return <Skeleton id='teacher-questions-loading' lines={6} />
  if (list.status === 'error' || !list.data) return <ErrorState id='teacher-questions-error' error={list.error} onRetry={list.refetch} />
  const items = list.data.items.map((q) => answered[q.id] ?? q)
  if (items.length === 0) return <EmptyState id='teacher-questions-empty' title='还没有学员提问' description='学员在课程里向您提问后，会出现在这里。' actionText='返回' onAction={() => Taro.navigateBack()} />
  const waiting = items.filter((q) => !q.answer).length
  return (
    <View id='teacher-questions'>
      <Text className='ty-status' id='teacher-questions-waiting' {...a11yProps({ live: 'polite' })}>
        {waiting > 0 ? `有 ${waiting} 个问题等您回答` : '问题都回答完了'}
      </Text>
      {items.map((q) => (
        <QuestionToAnswer
          key={q.id}
          question={q}
          onAnswered={(done) => {
            setAnswered((old) => ({ ...old, [done.id]: done }))
            list.refetch()
          }}
        />
      ))}
    </View>
  )
}

function QuestionToAnswer({ question: q, onAnswered }: { question: Question; onAnswered: (q: Question) => void }) {
  const [text, setText] = useState('')
  const [showErrors, setShowErrors] = useState(false)
  const [failure, setFailure] = useState<string>()
  const [sending, setSending] = useState(false)

  const send = async () => {
    setShowErrors(true)
    const words = text.trim()
    if (!words || words.length > MAX_ANSWER || sending) return
    setSending(true)
    setFailure(undefined)
    try {
      onAnswered(await answerQuestion(q.id, words))
    } catch (error) {
      setFailure(userMessageOf(error))
    } finally {
      setSending(false)
    }
  }

  return (
    <View className='ty-card' id={`question-${q.id}`}>
      <Text className='ty-note'>
        {q.askerName} · {whereAsked(q)} · {shortTime(q.askedAt)}
      </Text>
      <Text className='ty-text'>{q.text}</Text>
      {q.photos.length > 0 && (
        <View className='ty-row'>
          {q.photos.map((p, i) => (
            <NetImage key={p.id} media={p} width={PHOTO_WIDTH} alt={`学员的第 ${i + 1} 张照片`} />
          ))}
        </View>
      )}
      {q.answer ? (
        <View id={`answer-${q.id}`}>
          <Text className='ty-status'>✓ 已回答（{shortTime(q.answer.answeredAt)}）：</Text>
          <Text className='ty-text'>{q.answer.text}</Text>
        </View>
      ) : (
        <View>
          <FormField
            id={`answer-text-${q.id}`}
            label='您的回答'
            value={text}
            onChange={setText}
            multiline
            required
            rules={{ required: true, maxLength: MAX_ANSWER }}
            maxLength={MAX_ANSWER}
            showErrors={showErrors}
          />
          {failure && (
            <Text className='ty-warn' {...a11yProps({ live: 'polite' })}>
              {failure}
            </Text>
          )}
          <BigButton id={`answer-${q.id}-send`} loading={sending} onClick={send}>
            回答
          </BigButton>
        </View>
      )}
    </View>
  )
}
