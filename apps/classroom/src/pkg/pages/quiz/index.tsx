import { Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import type { QuizResult } from '@tianyuan/contracts/types'
import { OfflineBanner } from '@tianyuan/sdk/react'
import { BigButton, ChoiceCard, ChoiceGroup, EmptyState, ErrorState, PageShell, SignInGate, Skeleton, userMessageOf } from '@tianyuan/ui'
import { useState } from 'react'
import { courseUrl } from '../../../features/catalog/api'
import { useLesson } from '../../../features/catalog/hooks'
import { submitQuiz } from '../../../features/quiz/api'
import { passMarkWords, resultWords, unanswered } from '../../../features/quiz/words'
import './index.scss'

const LETTERS = 'ABCDEF'

/** A lesson's quiz (?lesson=): the pass mark first, one choice per question, 交卷, then the server's result; a pass marks the lesson done. */
export default function QuizPage() {
  const { params } = useRouter()
  return (
    <PageShell banner={<OfflineBanner />} title='课后测验'>
      <SignInGate reason='登录微信后就能做测验，及格了这节课就算学完'>
        <Quiz lessonId={params.lesson ?? ''} />
      </SignInGate>
    </PageShell>
  )
}

function Quiz({ lessonId }: { lessonId: string }) {
  const lesson = useLesson(lessonId)
  const [answers, setAnswers] = useState<(number | undefined)[]>([])
  const [tried, setTried] = useState(false)
  const [sending, setSending] = useState(false)
  const [failure, setFailure] = useState<string>()
  const [result, setResult] = useState<QuizResult>()

  if (lesson.status === 'loading') return <Skeleton id='quiz-loading' lines={8} />
  if (lesson.status === 'error' || !lesson.data) return <ErrorState id='quiz-error' error={lesson.error} onRetry={lesson.refetch} />
  const l = lesson.data.lesson
  // Back to the course page under this one (it asks the server again when shown: the ✓ appears), or to the course when opened on its own.
  const back = () => void (Taro.getCurrentPages().length > 1 ? Taro.navigateBack() : Taro.redirectTo({ url: courseUrl(l.courseId) }))
  if (l.locked) return <EmptyState id='quiz-locked' title='这节课还不能学' description='购买课程后才能做这节课的测验。' actionText='去看课程' onAction={back} />
  if (!l.quiz) return <EmptyState id='quiz-none' title='这节课没有测验' description='学完就算完成，回去接着学下一节吧。' actionText='回到课程' onAction={back} />

  const quiz = l.quiz
  const total = quiz.questions.length
  const missing = unanswered(answers, total)
  const shown = result

  const submit = async () => {
    setTried(true)
    if (missing.length > 0 || sending) return
    setSending(true)
    setFailure(undefined)
    try {
      setResult((await submitQuiz(l.id, answers as number[])).result)
      lesson.refetch()
    } catch (error) {
      setFailure(userMessageOf(error))
    } finally {
      setSending(false)
    }
  }
  const again = () => {
    setResult(undefined)
    setAnswers([])
    setTried(false)
  }

  return (
    <View id='quiz'>
      <View className='ty-card'>
        <Text className='ty-h'>{l.title}</Text>
        <Text className='ty-text' id='pass-mark'>
          {passMarkWords(total, quiz.passPercent)}
        </Text>
        {!shown && l.lastQuizResult && (
          <Text className='ty-note' id='last-result'>
            上次：{resultWords(l.lastQuizResult)}
          </Text>
        )}
      </View>

      {quiz.questions.map((q, i) => {
        const mark = shown ? (shown.correct[i] ? '✓ 答对了' : '✗ 答错了') : undefined
        return (
          <View key={i} className='ty-card' id={`question-${i + 1}`}>
            <Text className='ty-h'>
              {i + 1}. {q.prompt}
            </Text>
            <ChoiceGroup label={`第 ${i + 1} 题：${q.prompt}`}>
              {q.choices.map((choice, j) => (
                <ChoiceCard key={j} id={`q${i + 1}-c${j + 1}`} checked={answers[i] === j} disabled={Boolean(shown)} onSelect={() => setAnswers((old) => Object.assign([...old], { [i]: j }))}>
                  <Text className='ty-text'>
                    {LETTERS[j]}. {choice}
                  </Text>
                </ChoiceCard>
              ))}
            </ChoiceGroup>
            {mark && <Text className={shown?.correct[i] ? 'qz-right' : 'qz-wrong'}>{mark}</Text>}
            {tried && !shown && answers[i] === undefined && <Text className='ty-warn'>这题还没选</Text>}
          </View>
        )
      })}

      {shown ? (
        <View className='ty-card' id='quiz-result'>
          <Text className={shown.passed ? 'qz-passed' : 'qz-failed'} id='quiz-result-text'>
            {resultWords(shown)}
          </Text>
          {shown.passed && (
            <Text className='ty-status' id='quiz-done'>
              ✓ 这节课已学完
            </Text>
          )}
          <View className='ty-actions'>
            {!shown.passed && (
              <BigButton id='quiz-again' onClick={again}>
                再做一次
              </BigButton>
            )}
            <BigButton id='back-to-course' variant={shown.passed ? 'primary' : 'secondary'} onClick={back}>
              回到课程
            </BigButton>
          </View>
        </View>
      ) : (
        <View className='ty-actions'>
          {tried && missing.length > 0 && (
            <Text className='ty-warn' id='quiz-missing'>
              还有第 {missing.join('、')} 题没选
            </Text>
          )}
          {failure && (
            <Text className='ty-warn' id='quiz-failure'>
              {failure}
            </Text>
          )}
          <BigButton id='submit-quiz' loading={sending} onClick={submit}>
            {failure ? '再交一次' : '交卷'}
          </BigButton>
        </View>
      )}
    </View>
  )
}
