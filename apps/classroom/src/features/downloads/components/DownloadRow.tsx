import { Text, View } from '@tarojs/components'
import { EDITION_WORDS, sizeWords } from '@tianyuan/contracts/classroom-rules'
import type { DownloadRecord } from '@tianyuan/sdk/downloads'
import { a11yProps, BigButton } from '@tianyuan/ui'
import type { DownloadMeta } from '../downloaded'
import { lessonDownloads } from '../lesson-downloads'

const STATUS_WORDS: Record<DownloadRecord['status'], string> = {
  queued: '排队中',
  downloading: '正在下载',
  waiting_network: '等网络恢复后自动继续',
  paused: '已暂停',
  done: '已下载，没网也能看',
  failed: '下载没有成功',
}

/** One download: what, how big, how far; pause / continue / delete, and 播放 once it is on the phone. */
export function DownloadRow({ record, onPlay, showTitle = true }: { record: DownloadRecord; onPlay?: () => void; showTitle?: boolean }) {
  const meta = record.meta as DownloadMeta | undefined
  const percent = record.totalBytes ? Math.floor((record.receivedBytes / record.totalBytes) * 100) : 0
  const manager = lessonDownloads()
  const key = record.id.replace(/[^\w-]/g, '_')
  const busy = record.status === 'downloading' || record.status === 'queued' || record.status === 'waiting_network'
  return (
    <View className='dl-row ty-card' id={`download-${key}`}>
      {showTitle && <Text className='ty-h'>{record.title}</Text>}
      <Text className='ty-text'>
        {meta ? EDITION_WORDS[meta.kind] : ''} · {sizeWords(record.totalBytes)}
      </Text>
      <View className='dl-bar' {...a11yProps({ role: 'status', label: `${STATUS_WORDS[record.status]}，${percent}%` })}>
        <View className='dl-bar__fill' style={{ width: `${percent}%` }} />
      </View>
      <Text className='dl-status' id={`download-status-${key}`}>
        {STATUS_WORDS[record.status]}
        {record.status !== 'done' ? `（${sizeWords(record.receivedBytes)} / ${sizeWords(record.totalBytes)}）` : ''}
      </Text>
      {record.error && <Text className='dl-error'>{record.error}</Text>}
      <View className='dl-actions'>
        {record.status === 'done' && onPlay && (
          <BigButton id={`download-play-${key}`} block={false} onClick={onPlay}>
            播放
          </BigButton>
        )}
        {busy && (
          <BigButton id={`download-pause-${key}`} variant='secondary' block={false} onClick={() => void manager.pause(record.id)}>
            暂停
          </BigButton>
        )}
        {(record.status === 'paused' || record.status === 'failed') && (
          <BigButton id={`download-resume-${key}`} block={false} onClick={() => void manager.resume(record.id)}>
            继续下载
          </BigButton>
        )}
        <BigButton id={`download-delete-${key}`} variant='danger' block={false} ariaLabel={`删除${record.title}的下载`} onClick={() => void manager.remove(record.id)}>
          删除
        </BigButton>
      </View>
    </View>
  )
}
