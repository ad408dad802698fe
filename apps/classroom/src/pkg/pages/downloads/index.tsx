import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { sizeWords } from '@tianyuan/contracts/classroom-rules'
import { OfflineBanner } from '@tianyuan/sdk/react'
import { a11yProps, BigButton, EmptyState, PageShell, Skeleton } from '@tianyuan/ui'
import { lessonUrl } from '../../../features/catalog/api'
import { DownloadRow, useDownloads, type DownloadMeta } from '../../../features/downloads/pkg'
import './index.scss'

/** 下载的课: what is on the phone and what is still coming, the space used of WeChat's 200 MB; play, pause, continue, delete. */
export default function DownloadsPage() {
  const { records, usage, loaded } = useDownloads()
  const used = usage ? usage.usedBytes : 0
  const percent = usage ? Math.min(100, Math.round((used / usage.limitBytes) * 100)) : 0
  return (
    <PageShell banner={<OfflineBanner />} title='下载的课' bigTextToggle>
      <View className='dl-usage ty-card' id='storage'>
        <Text className='ty-text' id='storage-used'>
          {usage ? `手机里已用 ${sizeWords(used)}，微信最多给每个小程序 ${sizeWords(usage.limitBytes)}` : '正在计算用了多少空间…'}
        </Text>
        <View className='dl-bar' {...a11yProps({ role: 'status', label: `已用 ${percent}%` })}>
          <View className='dl-bar__fill' style={{ width: `${percent}%` }} />
        </View>
        {usage && usage.reservedBytes > 0 && <Text className='ty-text'>还在下载的课还要 {sizeWords(usage.reservedBytes)}</Text>}
      </View>
      {!loaded ? (
        <Skeleton id='downloads-loading' lines={4} />
      ) : records.length === 0 ? (
        <EmptyState id='downloads-empty' title='还没有下载的课' description='在课时页点“下载到手机”，没网的时候也能听、能看。' actionText='去找课' onAction={() => Taro.switchTab({ url: '/pages/index/index' })} />
      ) : (
        <View id='downloads'>
          {records.map((r) => (
            <DownloadRow key={r.id} record={r} onPlay={() => void Taro.navigateTo({ url: lessonUrl((r.meta as DownloadMeta | undefined)?.lessonId ?? r.id.split(':')[0] ?? '') })} />
          ))}
        </View>
      )}
      <BigButton id='downloads-back' variant='secondary' onClick={() => (Taro.getCurrentPages().length > 1 ? void Taro.navigateBack() : void Taro.switchTab({ url: '/pages/index/index' }))}>
        返回
      </BigButton>
    </PageShell>
  )
}
