import { Text, View } from '@tarojs/components'
import { EDITION_WORDS, sizeWords } from '@tianyuan/contracts/classroom-rules'
import type { LessonDetail } from '@tianyuan/contracts/types'
import { isSdkError } from '@tianyuan/sdk'
import { BigButton, ChoiceCard, ChoiceGroup, userMessageOf } from '@tianyuan/ui'
import { useState } from 'react'
import { downloadId } from '../downloaded'
import { useDownloads } from '../hooks'
import { editionDownload, lessonDownloads } from '../lesson-downloads'
import { DownloadRow } from './DownloadRow'

/** 下载到手机 on the lesson page: pick an edition, its size shown first; refused before it starts when it would not fit. */
export function EditionDownloads({ lesson }: { lesson: LessonDetail }) {
  const editions = (lesson.media?.editions ?? []).filter((e) => e.files.length > 0 && e.files.every((f) => f.url))
  const { records, usage } = useDownloads()
  const [kind, setKind] = useState(editions[0]?.kind)
  const [message, setMessage] = useState<string>()
  const [starting, setStarting] = useState(false)
  if (!editions.length) return null
  const mine = records.filter((r) => r.id.startsWith(`${lesson.id}:`))
  const chosen = editions.find((e) => e.kind === kind) ?? editions[0]
  const start = async () => {
    if (!chosen || starting) return
    setStarting(true)
    setMessage(undefined)
    try {
      await lessonDownloads().start(editionDownload(lesson, chosen))
    } catch (error) {
      setMessage(isSdkError(error) ? error.userMessage : userMessageOf(error))
    } finally {
      setStarting(false)
    }
  }
  const already = chosen ? mine.some((r) => r.id === downloadId(lesson.id, chosen.kind)) : false
  return (
    <View className='ty-card dl-editions' id='lesson-downloads'>
      <Text className='ty-heading'>下载到手机（没网也能看）</Text>
      <ChoiceGroup label='选择下载的版本'>
        {editions.map((e) => (
          <ChoiceCard key={e.kind} id={`edition-${e.kind}`} checked={chosen?.kind === e.kind} onSelect={() => setKind(e.kind)} label={`${EDITION_WORDS[e.kind]}，${sizeWords(e.bytes)}`}>
            {EDITION_WORDS[e.kind]} · {sizeWords(e.bytes)}
          </ChoiceCard>
        ))}
      </ChoiceGroup>
      {usage && (
        <Text className='ty-text' id='storage-used'>
          手机里已用 {sizeWords(usage.usedBytes)}，微信最多给 {sizeWords(usage.limitBytes)}
        </Text>
      )}
      {!already && (
        <BigButton id='download-start' loading={starting} onClick={start}>
          下载（{chosen ? sizeWords(chosen.bytes) : ''}）
        </BigButton>
      )}
      {message && (
        <Text className='dl-error' id='download-refused'>
          {message}
        </Text>
      )}
      {mine.map((r) => (
        <DownloadRow key={r.id} record={r} showTitle={false} />
      ))}
    </View>
  )
}
