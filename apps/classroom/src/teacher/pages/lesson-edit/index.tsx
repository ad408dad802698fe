import { Text, View } from '@tarojs/components'
import Taro, { useRouter, useUnload } from '@tarojs/taro'
import { EDITION_WORDS, LESSON_KIND_WORDS, MEDIA_STATE_WORDS, durationWords } from '@tianyuan/contracts/classroom-rules'
import type { ArticleBlockInput, TeacherLesson } from '@tianyuan/contracts/types'
import type { ResumableProgress } from '@tianyuan/sdk/resumable-upload'
import { OfflineBanner } from '@tianyuan/sdk/react'
import { a11yProps, BigButton, Checkbox, ErrorState, FormField, PageShell, PhotoPicker, SignInGate, Skeleton, usePhotoSlots, userMessageOf } from '@tianyuan/ui'
import { useRef, useState, type ChangeEvent } from 'react'
import { describeEditionSizes } from '../../../features/catalog/format'
import { createLesson, updateLesson } from '../../../features/teacher/api'
import { paragraphsOf, uploadProgressWords } from '../../../features/teacher/form'
import { useTeacherLesson } from '../../../features/teacher/hooks'
import { pickedFromFile, pickMedia, uploadMedia, type MediaUpload, type PickedMedia } from '../../../features/teacher/upload'
import { courseEditUrl, lessonEditUrl } from '../../../features/teacher/urls'

const TITLE_RULES = { required: true, maxLength: 40 }
const MAX_PHOTOS = 9

/**
 * A new lesson of a course (?course=&kind=video|audio|article) — a video or recording uploaded
 * with progress (resumable), or 图文 written here with photos — or an existing one (?id=): its
 * processing state and progress from the server, asked again every few seconds until it is ready.
 */
export default function LessonEditPage() {
  const { params } = useRouter()
  const kind = (['video', 'audio', 'article'] as const).find((k) => k === params.kind) ?? 'article'
  return (
    <PageShell banner={<OfflineBanner />} title={params.id ? '这节课' : `新的${LESSON_KIND_WORDS[kind]}课`}>
      <SignInGate reason='登录微信后就能加课'>{params.id ? <ExistingLesson id={params.id} /> : kind === 'article' ? <ArticleForm courseId={params.course ?? ''} /> : <MediaForm courseId={params.course ?? ''} kind={kind} />}</SignInGate>
    </PageShell>
  )
}

/** A new video or audio lesson: the title, then the file (sent at once, resumable), then 保存. */
function MediaForm({ courseId, kind }: { courseId: string; kind: 'video' | 'audio' }) {
  const [title, setTitle] = useState('')
  const [trial, setTrial] = useState(false)
  const [file, setFile] = useState<PickedMedia>()
  const [progress, setProgress] = useState<ResumableProgress>()
  const [uploadId, setUploadId] = useState<string>()
  const [uploadFailure, setUploadFailure] = useState<string>()
  const [showErrors, setShowErrors] = useState(false)
  const [failure, setFailure] = useState<string>()
  const [saving, setSaving] = useState(false)
  const upload = useRef<MediaUpload>()
  const retryKey = useRef<string>()
  useUnload(() => upload.current?.cancel())

  const send = (picked: PickedMedia) => {
    upload.current?.cancel()
    setFile(picked)
    setUploadId(undefined)
    setUploadFailure(undefined)
    setProgress({ phase: 'creating', confirmedBytes: 0, totalBytes: picked.bytes, sentBytes: 0 })
    const started = uploadMedia(picked, setProgress)
    upload.current = started
    started.done.then(setUploadId, (error: unknown) => {
      if (upload.current === started) setUploadFailure(userMessageOf(error))
    })
  }
  const pick = async () => {
    try {
      const picked = await pickMedia(kind)
      if (picked) send(picked)
    } catch (error) {
      setUploadFailure(userMessageOf(error))
    }
  }
  const pickInBrowser = (event: ChangeEvent<HTMLInputElement>) => {
    const chosen = event.target.files?.[0]
    if (chosen) send(pickedFromFile(chosen, URL.createObjectURL(chosen)))
  }

  const uploading = Boolean(file) && !uploadId && !uploadFailure
  const save = async () => {
    setShowErrors(true)
    if (!title.trim() || title.trim().length > 40 || !uploadId || saving) return
    setSaving(true)
    setFailure(undefined)
    try {
      const lesson = await createLesson(courseId, { kind, title: title.trim(), uploadId, trial }, retryKey.current)
      void Taro.redirectTo({ url: lessonEditUrl({ id: lesson.id }) })
    } catch (error) {
      retryKey.current = (error as { idempotencyKey?: string }).idempotencyKey ?? retryKey.current
      setFailure(userMessageOf(error))
      setSaving(false)
    }
  }

  return (
    <View id='media-form'>
      <FormField id='lesson-title' label='课时标题' value={title} rules={TITLE_RULES} showErrors={showErrors} placeholder='比如：玉米每亩种多少株' onChange={setTitle} />
      <View className='ty-card' id='media-file'>
        <Text className='ty-h'>{kind === 'video' ? '视频' : '录音'}</Text>
        <Text className='ty-note'>
          {kind === 'video' ? '用手机拍好的视频，最大 200 MB。' : '手机录好的录音（m4a、mp3、wav），从微信聊天里选。'}
          信号不好断了也不要紧，会接着上次的进度传，不用从头再来。传完以后服务器会做成省流量的版本，要等几分钟。
        </Text>
        {process.env.TARO_ENV === 'h5' ? (
          <View className='ty-field'>
            <Text className='ty-text'>{kind === 'video' ? '选一个视频文件' : '选一个录音文件'}</Text>
            <input id='media-input' type='file' accept={kind === 'video' ? 'video/*' : 'audio/*'} aria-label={kind === 'video' ? '选一个视频文件' : '选一个录音文件'} onChange={pickInBrowser} />
          </View>
        ) : (
          <BigButton id='pick-media' variant='secondary' disabled={uploading} onClick={pick}>
            {file ? '换一个文件' : kind === 'video' ? '拍视频或从相册选' : '从微信聊天里选录音'}
          </BigButton>
        )}
        {file && (
          <Text className='ty-text' id='media-name'>
            {file.name}
          </Text>
        )}
        {progress && !uploadFailure && (
          <Text className={uploadId ? 'ty-status' : 'ty-text'} id='upload-progress' {...a11yProps({ live: 'polite' })}>
            {uploadId ? `✓ ${uploadProgressWords({ ...progress, phase: 'done' })}` : uploadProgressWords(progress)}
          </Text>
        )}
        {uploadFailure && (
          <View>
            <Text className='ty-warn' id='upload-failure'>
              {uploadFailure}
            </Text>
            {file && (
              <BigButton id='upload-retry' variant='secondary' onClick={() => send(file)}>
                接着上传
              </BigButton>
            )}
          </View>
        )}
      </View>
      <Checkbox id='lesson-trial' checked={trial} onChange={setTrial}>
        <Text className='ty-text'>试看课（没买课的人也能看）</Text>
      </Checkbox>
      {showErrors && !uploadId && <Text className='ty-warn'>{uploading ? '等文件传完再保存' : '请先选一个文件上传'}</Text>}
      {failure && (
        <Text className='ty-warn' id='lesson-failure'>
          {failure}
        </Text>
      )}
      <BigButton id='save-lesson' loading={saving} disabled={saving} onClick={save}>
        {uploading ? '文件还在上传…' : failure ? '再试一次' : '保存这节课'}
      </BigButton>
    </View>
  )
}

/** A new 图文 lesson: title, the text (a paragraph a line), photos; almost free for learners to load. */
function ArticleForm({ courseId }: { courseId: string }) {
  const [title, setTitle] = useState('')
  const [text, setText] = useState('')
  const [trial, setTrial] = useState(false)
  const photos = usePhotoSlots(MAX_PHOTOS)
  const [showErrors, setShowErrors] = useState(false)
  const [failure, setFailure] = useState<string>()
  const [saving, setSaving] = useState(false)
  const retryKey = useRef<string>()
  const paragraphs = paragraphsOf(text)

  const save = async () => {
    setShowErrors(true)
    if (!title.trim() || title.trim().length > 40 || paragraphs.length === 0 || paragraphs.some((p) => p.length > 2000) || photos.busy || saving) return
    setSaving(true)
    setFailure(undefined)
    const blocks: ArticleBlockInput[] = [...paragraphs.map((p) => ({ type: 'text' as const, text: p })), ...photos.uploaded.map((ph) => ({ type: 'photo' as const, photoId: ph.id }))]
    try {
      const lesson = await createLesson(courseId, { kind: 'article', title: title.trim(), blocks, trial }, retryKey.current)
      void Taro.redirectTo({ url: lessonEditUrl({ id: lesson.id }) })
    } catch (error) {
      retryKey.current = (error as { idempotencyKey?: string }).idempotencyKey ?? retryKey.current
      setFailure(userMessageOf(error))
      setSaving(false)
    }
  }

  return (
    <View id='article-form'>
      <FormField id='lesson-title' label='课时标题' value={title} rules={TITLE_RULES} showErrors={showErrors} placeholder='比如：玉米每亩种多少株' onChange={setTitle} />
      <FormField
        id='article-text'
        label='正文'
        value={text}
        rules={{ required: true, maxLength: 6000 }}
        multiline
        maxLength={6000}
        showErrors={showErrors}
        hint='一行是一段；写清楚做法和要注意的地方'
        placeholder='比如：紧凑型玉米每亩种 4500 到 5000 株……'
        onChange={setText}
      />
      <View className='ty-card' id='article-photos'>
        <Text className='ty-h'>照片（可以不放，最多 {MAX_PHOTOS} 张）</Text>
        <Text className='ty-note'>照片放在文字后面，学员的手机按屏幕大小加载，省流量。</Text>
        <PhotoPicker slots={photos} max={MAX_PHOTOS} />
      </View>
      <Checkbox id='lesson-trial' checked={trial} onChange={setTrial}>
        <Text className='ty-text'>试看课（没买课的人也能看）</Text>
      </Checkbox>
      {failure && (
        <Text className='ty-warn' id='lesson-failure'>
          {failure}
        </Text>
      )}
      <BigButton id='save-lesson' loading={saving} disabled={photos.busy || saving} onClick={save}>
        {photos.busy ? '照片还在上传…' : failure ? '再试一次' : '保存这节课'}
      </BigButton>
    </View>
  )
}

/** A lesson already made: its state from the server (processing with progress, ready with each edition's size, or why it failed). */
function ExistingLesson({ id }: { id: string }) {
  const lesson = useTeacherLesson(id)
  const [failure, setFailure] = useState<string>()
  if (lesson.status === 'loading') return <Skeleton id='lesson-edit-loading' lines={6} />
  if (lesson.status === 'error' || !lesson.data) return <ErrorState id='lesson-edit-error' error={lesson.error} onRetry={lesson.refetch} />
  const l = lesson.data.lesson
  const toggleTrial = async () => {
    setFailure(undefined)
    try {
      await updateLesson(l.id, { trial: !l.trial })
      lesson.refetch()
    } catch (error) {
      setFailure(userMessageOf(error))
    }
  }
  return (
    <View id='lesson'>
      <View className='ty-card'>
        <Text className='ty-h' id='lesson-title'>
          {l.position}. {l.title}
        </Text>
        <Text className='ty-text'>
          {l.kindWord}
          {l.durationS !== null ? ` · ${durationWords(l.durationS)}` : ''}
          {l.trial ? ' · 试看课' : ''}
        </Text>
        {l.media && <MediaState lesson={l} />}
        {l.blocks && (
          <Text className='ty-note' id='lesson-blocks'>
            {l.blocks.filter((b) => b.type === 'text').length} 段文字，{l.blocks.filter((b) => b.type === 'photo').length} 张照片
          </Text>
        )}
      </View>
      {failure && <Text className='ty-warn'>{failure}</Text>}
      <View className='ty-actions'>
        <BigButton id='toggle-trial' variant='secondary' onClick={toggleTrial}>
          {l.trial ? '不做试看课了' : '设为试看课'}
        </BigButton>
        <BigButton id='back-to-course' variant='secondary' onClick={() => Taro.redirectTo({ url: courseEditUrl(l.courseId) })}>
          回到课程
        </BigButton>
      </View>
    </View>
  )
}

function MediaState({ lesson }: { lesson: TeacherLesson }) {
  const media = lesson.media
  if (!media) return null
  if (media.state === 'processing') {
    return (
      <Text className='ty-status' id='media-state' {...a11yProps({ live: 'polite' })}>
        {MEDIA_STATE_WORDS.processing}：{Math.round(media.progress * 100)}%（正在做成省流量的版本，做好了学员就能看；可以先离开这一页）
      </Text>
    )
  }
  if (media.state === 'failed') {
    return (
      <Text className='ty-warn' id='media-state'>
        {MEDIA_STATE_WORDS.failed}：{media.error ?? '原因不明'}。请换一个文件再传一次。
      </Text>
    )
  }
  if (media.state === 'ready') {
    return (
      <View>
        <Text className='ty-status' id='media-state'>
          ✓ {MEDIA_STATE_WORDS.ready}
        </Text>
        <Text className='ty-note' id='media-editions'>
          {describeEditionSizes(media.editions.map((e) => ({ label: EDITION_WORDS[e.kind], bytes: e.bytes })))}
        </Text>
      </View>
    )
  }
  return (
    <Text className='ty-note' id='media-state'>
      {MEDIA_STATE_WORDS.none}
    </Text>
  )
}
