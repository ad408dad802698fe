import { Text, View } from '@tarojs/components'
import { NetImage } from '@tianyuan/sdk/react'
import { BigButton } from '../BigButton'
import type { PhotoSlot } from './photo-upload'
import type { PhotoSlotsView } from './use-photo-slots'
import './index.scss'

export { choosePhotos, percentOf, uploadSlot, UPLOAD_FAILED_MESSAGE, type Photo, type PhotoSlot, type PhotoSlotState, type UploadContext } from './photo-upload'
export { usePhotoSlots, type PhotoSlotsOptions, type PhotoSlotsView } from './use-photo-slots'

export interface PhotoPickerProps {
  /** `usePhotoSlots(max, …)`. */
  slots: PhotoSlotsView
  /** No add button once this many photos are there. */
  max: number
  /** The add button's words. */
  addText?: string
  id?: string
  className?: string
}

/** A slot's state in words: 第 1 张：正在上传 45% / 第 1 张：已上传 / 第 1 张没有传上去：<why>. */
export function photoSlotText(slot: PhotoSlot, index: number): string {
  const n = index + 1
  if (slot.state === 'done') return `第 ${n} 张：已上传`
  if (slot.state === 'failed') return `第 ${n} 张没有传上去：${slot.error ?? ''}`
  return `第 ${n} 张：正在上传 ${slot.percent}%`
}

/**
 * The photos of a form, one row each: the thumbnail once uploaded, its state in words, 重试 when
 * it failed and 删除; under them the button to add more. Ids for tests: #add-photos, and per
 * photo #photo-<i>, #photo-<i>-state, #photo-<i>-retry, #photo-<i>-remove.
 */
export function PhotoPicker({ slots, max, addText = '拍照或从相册选', id, className }: PhotoPickerProps) {
  return (
    <View id={id} className={`ty-photos ${className ?? ''}`.trim()}>
      {slots.photos.map((p, i) => (
        <View key={p.key} className='ty-photo' id={`photo-${i}`}>
          {p.media ? (
            <View className='ty-photo__thumb'>
              <NetImage media={p.media} width={60} aspectRatio={1} lazy={false} alt={`第 ${i + 1} 张照片`} />
            </View>
          ) : null}
          <Text className={p.state === 'failed' ? 'ty-photo__state ty-photo__state--failed' : 'ty-photo__state'} id={`photo-${i}-state`}>
            {photoSlotText(p, i)}
          </Text>
          <View className='ty-photo__actions'>
            {p.state === 'failed' && (
              <BigButton id={`photo-${i}-retry`} variant='secondary' block={false} onClick={() => slots.retry(p)} ariaLabel={`重新上传第 ${i + 1} 张照片`}>
                重试
              </BigButton>
            )}
            <BigButton id={`photo-${i}-remove`} variant='secondary' block={false} onClick={() => slots.remove(p)} ariaLabel={`删除第 ${i + 1} 张照片`}>
              删除
            </BigButton>
          </View>
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
