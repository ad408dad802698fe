import { Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { MEDIA_STATE_WORDS, TOPIC_WORDS, TOPICS, durationWords } from '@tianyuan/contracts/classroom-rules'
import type { TeacherCourse, TeacherLesson, Topic } from '@tianyuan/contracts/types'
import { OfflineBanner } from '@tianyuan/sdk/react'
import { BigButton, ChoiceCard, ChoiceGroup, ErrorState, FormField, PageShell, PhotoPicker, SignInGate, Skeleton, usePhotoSlots, userMessageOf, validateField, type FieldRules } from '@tianyuan/ui'
import { useRef, useState } from 'react'
import { createCourse, updateCourse } from '../../../features/teacher/api'
import { fenToYuanText, yuanToFen } from '../../../features/teacher/form'
import { useTeacherCourse } from '../../../features/teacher/hooks'
import { courseEditUrl, lessonEditUrl } from '../../../features/teacher/urls'

const FIELDS = {
  title: { label: '课程名称', rules: { required: true, maxLength: 30 }, placeholder: '比如：玉米合理密植' },
  intro: { label: '课程介绍', rules: { required: true, maxLength: 1000 }, placeholder: '这门课讲什么、适合谁学、学完能做什么' },
  price: { label: '价格（元，免费填 0）', rules: { required: true, validate: (v: string) => (yuanToFen(v) === undefined ? '价格写成 9.90 这样，免费填 0' : (yuanToFen(v) ?? 0) > 99_900 ? '价格最多 999 元' : undefined) }, placeholder: '0' },
} satisfies Record<string, { label: string; rules: FieldRules; placeholder: string }>
type FieldName = keyof typeof FIELDS
const NAMES = Object.keys(FIELDS) as FieldName[]

/** A new course (no id), or an existing one (?id=): what it is, its price and cover, publishing, and its lessons. */
export default function CourseEditPage() {
  const { params } = useRouter()
  return (
    <PageShell banner={<OfflineBanner />} title={params.id ? '编辑课程' : '新建课程'}>
      <SignInGate reason='登录微信后就能编辑课程'>{params.id ? <ExistingCourse id={params.id} /> : <CourseForm />}</SignInGate>
    </PageShell>
  )
}

function ExistingCourse({ id }: { id: string }) {
  const course = useTeacherCourse(id)
  if (course.status === 'loading') return <Skeleton id='course-edit-loading' lines={8} />
  if (course.status === 'error' || !course.data) return <ErrorState id='course-edit-error' error={course.error} onRetry={course.refetch} />
  return (
    <View>
      <CourseForm course={course.data.course} onSaved={course.refetch} />
      <Lessons courseId={id} lessons={course.data.lessons} />
    </View>
  )
}

function CourseForm({ course, onSaved }: { course?: TeacherCourse; onSaved?: () => void }) {
  const [values, setValues] = useState<Record<FieldName, string>>({ title: course?.title ?? '', intro: course?.intro ?? '', price: course ? fenToYuanText(course.priceFen) : '0' })
  const [topic, setTopic] = useState<Topic | undefined>(course?.topic)
  const cover = usePhotoSlots(1, { initial: course?.cover ? [course.cover] : [] })
  const [showErrors, setShowErrors] = useState(false)
  const [failure, setFailure] = useState<string>()
  const [saved, setSaved] = useState<string>()
  const [busy, setBusy] = useState(false)
  // The key of a creation whose answer may have been lost: 再试一次 sends it again, never a second course.
  const retryKey = useRef<string>()

  const invalid = NAMES.some((n) => validateField(FIELDS[n].label, values[n].trim(), FIELDS[n].rules)) || !topic
  const coverId = cover.uploaded[0]?.id

  const save = async () => {
    setShowErrors(true)
    setSaved(undefined)
    if (invalid || cover.busy || !topic) return
    setBusy(true)
    setFailure(undefined)
    const fields = { title: values.title.trim(), intro: values.intro.trim(), topic, priceFen: yuanToFen(values.price) ?? 0 }
    try {
      if (course) {
        await updateCourse(course.id, { ...fields, coverMediaId: coverId ?? null })
        setSaved('已保存')
        onSaved?.()
      } else {
        const made = await createCourse({ ...fields, coverMediaId: coverId }, retryKey.current)
        void Taro.redirectTo({ url: courseEditUrl(made.id) })
      }
    } catch (error) {
      retryKey.current = (error as { idempotencyKey?: string }).idempotencyKey ?? retryKey.current
      setFailure(userMessageOf(error))
    } finally {
      setBusy(false)
    }
  }

  const setPublished = async (status: 'draft' | 'published') => {
    if (!course) return
    setFailure(undefined)
    try {
      await updateCourse(course.id, { status })
      setSaved(status === 'published' ? '已发布，学员能看到这门课了' : '已撤回成草稿，学员看不到了')
      onSaved?.()
    } catch (error) {
      setFailure(userMessageOf(error))
    }
  }

  return (
    <View id='course-form'>
      {course && (
        <Text className='ty-status' id='course-status'>
          现在是：{course.statusWord}
        </Text>
      )}
      <FormField id='course-title' label={FIELDS.title.label} value={values.title} rules={FIELDS.title.rules} showErrors={showErrors} placeholder={FIELDS.title.placeholder} onChange={(v) => setValues((o) => ({ ...o, title: v }))} />
      <View className='ty-card'>
        <Text className='ty-h'>分类</Text>
        <ChoiceGroup label='分类' className='ty-choices-row'>
          {TOPICS.map((t) => (
            <ChoiceCard key={t} id={`course-topic-${t}`} checked={t === topic} onSelect={() => setTopic(t)}>
              <Text className='ty-text'>{TOPIC_WORDS[t]}</Text>
            </ChoiceCard>
          ))}
        </ChoiceGroup>
        {showErrors && !topic && <Text className='ty-warn'>请选一个分类</Text>}
      </View>
      <FormField id='course-intro' label={FIELDS.intro.label} value={values.intro} rules={FIELDS.intro.rules} showErrors={showErrors} placeholder={FIELDS.intro.placeholder} multiline maxLength={1000} onChange={(v) => setValues((o) => ({ ...o, intro: v }))} />
      <FormField id='course-price' label={FIELDS.price.label} value={values.price} rules={FIELDS.price.rules} showErrors={showErrors} placeholder={FIELDS.price.placeholder} type='digit' hint='收费课的试看课免费，学员看了觉得有用再买' onChange={(v) => setValues((o) => ({ ...o, price: v }))} />
      <View className='ty-card' id='course-cover'>
        <Text className='ty-h'>封面照片（可以不放）</Text>
        <Text className='ty-note'>拍一张和课程有关的照片，比如地里的玉米；没有合适的就不放，别用不相干的图。</Text>
        <PhotoPicker slots={cover} max={1} />
      </View>
      {failure && (
        <Text className='ty-warn' id='course-failure'>
          {failure}
        </Text>
      )}
      {saved && (
        <Text className='ty-status' id='course-saved'>
          ✓ {saved}
        </Text>
      )}
      <View className='ty-actions'>
        <BigButton id='save-course' loading={busy} disabled={cover.busy || busy} onClick={save}>
          {cover.busy ? '照片还在上传…' : course ? '保存' : failure ? '再试一次' : '创建课程'}
        </BigButton>
        {course && course.status === 'draft' && (
          <BigButton id='publish-course' variant='secondary' disabled={course.lessonCount === 0} onClick={() => setPublished('published')}>
            {course.lessonCount === 0 ? '先加一节课再发布' : '发布（学员就能看到）'}
          </BigButton>
        )}
        {course && course.status === 'published' && (
          <BigButton id='unpublish-course' variant='secondary' onClick={() => setPublished('draft')}>
            撤回成草稿
          </BigButton>
        )}
      </View>
    </View>
  )
}

/** The course's lessons with each one's processing state, and the three ways to add one. */
function Lessons({ courseId, lessons }: { courseId: string; lessons: TeacherLesson[] }) {
  const open = (url: string) => () => void Taro.navigateTo({ url })
  return (
    <View id='course-lessons'>
      <Text className='ty-heading'>课时（{lessons.length} 节）</Text>
      {lessons.map((l) => (
        <View key={l.id} className='ty-card' id={`teacher-lesson-${l.id}`} onClick={open(lessonEditUrl({ id: l.id }))}>
          <Text className='ty-h'>
            {l.position}. {l.title}
          </Text>
          <Text className='ty-note'>
            {l.kindWord}
            {l.durationS !== null ? ` · ${durationWords(l.durationS)}` : ''}
            {l.trial ? ' · 试看' : ''}
            {l.media ? ` · ${l.media.state === 'processing' ? `${MEDIA_STATE_WORDS.processing} ${Math.round(l.media.progress * 100)}%` : MEDIA_STATE_WORDS[l.media.state]}` : ''}
            {l.quiz ? ` · 有测验（${l.quiz.questions.length} 题）` : ''}
          </Text>
        </View>
      ))}
      <View className='ty-actions'>
        <BigButton id='add-video' onClick={open(lessonEditUrl({ course: courseId, kind: 'video' }))}>
          加一节视频课
        </BigButton>
        <BigButton id='add-audio' variant='secondary' onClick={open(lessonEditUrl({ course: courseId, kind: 'audio' }))}>
          加一节录音课
        </BigButton>
        <BigButton id='add-article' variant='secondary' onClick={open(lessonEditUrl({ course: courseId, kind: 'article' }))}>
          写一节图文课
        </BigButton>
      </View>
    </View>
  )
}
