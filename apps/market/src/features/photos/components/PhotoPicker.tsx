import { Text, View } from '@tarojs/components'
import { NetImage } from '@tianyuan/sdk/react'
import { BigButton } from '@tianyuan/ui'
import type { PhotoSlotsView } from '../hooks'

/** Each photo's state in words (正在上传 45% / 已上传 / 没有传上去 + 重试) and the button to add more. */
export function PhotoPicker({ slots, max, addText = '拍照或从相册选' }: { slots: PhotoSlotsView; max: number; addText?: string }) {
  return (
    <View>
      {slots.photos.map((p, i) => (
        <View key={p.path} className='mk-row' id={`photo-${i}`}>
          {p.media ? (
            <View className='mk-thumb'>
              <NetImage media={p.media} width={60} aspectRatio={1} lazy={false} />
            </View>
          ) : null}
          <Text className={p.state === 'failed' ? 'mk-warn' : 'mk-text'} id={`photo-${i}-state`}>
            {p.state === 'done' ? `第 ${i + 1} 张：已上传` : p.state === 'failed' ? `第 ${i + 1} 张没有传上去：${p.error ?? ''}` : `第 ${i + 1} 张：正在上传 ${p.percent}%`}
          </Text>
          {p.state === 'failed' && (
            <BigButton id={`photo-${i}-retry`} variant='secondary' block={false} onClick={() => slots.retry(p)}>
              重试
            </BigButton>
          )}
        </View>
      ))}
      {slots.photos.length < max && (
        <BigButton id='add-photos' variant='secondary' onClick={slots.add}>
          {addText}
        </BigButton>
      )}
    </View>
  )
}
