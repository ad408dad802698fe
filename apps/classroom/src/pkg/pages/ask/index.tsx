import { Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { OfflineBanner } from '@tianyuan/sdk/react'
import { useSubscriptions } from '@tianyuan/sdk/subscribe'
import { a11yProps, BigButton, ChoiceCard, ChoiceGroup, EmptyState, ErrorState, FormField, PageShell, PhotoPicker, SignInGate, Skeleton, usePhotoSlots, userMessageOf } from '@tianyuan/ui'
import { useState } from 'react'
import { useCourse } from '../../../features/catalog/hooks'
import { askQuestion, MAX_QUESTION_PHOTOS, questionsUrl } from '../../../features/questions/api'

const MAX_TEXT = 1000

/**
 * Asks the course's teacher (?course=, and &lesson= when asked from a lesson): which lesson it is
 * about, the question, up to 3 photos (uploaded as they are picked), 发给老师. Then the learner's
 * questions, where the answer will appear.
 */
export default function AskPage() {
  const { params } = useRouter()
  return (
    <PageShell banner={<OfflineBanner />} title='问老师'>
      <SignInGate reason='登录微信后就能向老师提问'>
        <Ask courseId={params.course ?? ''} lessonId={params.lesson} />
      </SignInGate>
    </PageShell>
  )
}

function Ask({ courseId, lessonId }: { courseId: string; lessonId?: string }) {
  const course = useCourse(courseId)
  const photos = usePhotoSlots(MAX_QUESTION_PHOTOS)
  const [chosen, setChosen] = useState(lessonId)
  const [text, setText] = useState('')
  const [showErrors, setShowErrors] = useState(false)
  const [failure, setFailure] = useState<string>()
  const [sending, setSending] = useState(false)
  // 回复通知 (服务通知 when the teacher answers), asked for when the villager sends a question.
  const subscribe = useSubscriptions('classroom')

  if (course.status === 'loading') return <Skeleton id='ask-loading' lines={6} />
  if (course.status === 'error' || !course.data) return <ErrorState id='ask-error' error={course.error} onRetry={course.refetch} />
  const c = course.data.course
  const open = c.lessons.filter((l) => !l.locked)
  if (open.length === 0) return <EmptyState id='ask-locked' title='还不能向老师提问' description='购买或报名课程后，就能就学过的课向老师提问。' actionText='返回' onAction={() => Taro.navigateBack()} />

  const send = async () => {
    setShowErrors(true)
    const words = text.trim()
    if (!chosen || !words || words.length > MAX_TEXT || photos.busy || sending) return
    // In the tap itself, before any await: WeChat shows the subscribe sheet only there.
    const asked = subscribe.ask(['classroom_answered'])
    setSending(true)
    setFailure(undefined)
    try {
      await askQuestion(
        chosen,
        words,
        photos.uploaded.map((p) => p.id),
      )
      // Leave the page once the villager has answered the sheet (the SDK reports the answer).
      await asked
      void Taro.redirectTo({ url: questionsUrl({ course: c.id }) })
    } catch (error) {
      setFailure(userMessageOf(error))
    } finally {
      setSending(false)
    }
  }

  return (
    <View id='ask'>
      <View className='ty-card'>
        <Text className='ty-h'>{c.title}</Text>
        <Text className='ty-note'>
          老师：{c.teacher.name}（{c.teacher.org}）。老师回答后，在“我的提问”里能看到。
        </Text>
      </View>
      <View className='ty-card' id='ask-lesson'>
        <Text className='ty-h'>问的是哪一节课？</Text>
        <ChoiceGroup label='问的是哪一节课'>
          {open.map((l) => (
            <ChoiceCard key={l.id} id={`ask-lesson-${l.id}`} checked={chosen === l.id} onSelect={() => setChosen(l.id)}>
              <Text className='ty-text'>{l.title}</Text>
            </ChoiceCard>
          ))}
        </ChoiceGroup>
        {showErrors && !chosen && <Text className='ty-warn'>请选一节课</Text>}
      </View>
      <View className='ty-card' id='compose'>
        <FormField
          id='question-text'
          label='问题'
          value={text}
          onChange={setText}
          multiline
          required
          rules={{ required: true, maxLength: MAX_TEXT }}
          maxLength={MAX_TEXT}
          showErrors={showErrors}
          placeholder='比如：叶子发黄、边上有褐色斑点，是缺什么肥？'
          hint='写清楚作物或牲畜、看到的样子、什么时候开始的'
        />
        <PhotoPicker slots={photos} max={MAX_QUESTION_PHOTOS} addText='拍照或从相册选照片（最多 3 张）' />
        {failure && (
          <Text className='ty-warn' id='ask-failure' {...a11yProps({ live: 'polite' })}>
            {failure}
          </Text>
        )}
        <BigButton id='send-question' loading={sending} disabled={photos.busy} onClick={send}>
          {photos.busy ? '照片上传中…' : '发给老师'}
        </BigButton>
      </View>
    </View>
  )
}
