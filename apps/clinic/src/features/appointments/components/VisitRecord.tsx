import { Text, View } from '@tarojs/components'
import type { Appointment } from '@tianyuan/contracts/types'
import { NetImage } from '@tianyuan/sdk/react'
import { formatShanghaiTime } from '@tianyuan/ui'

/** The photos a patient attached to the booking, as thumbnails (loaded when in view). */
export function SymptomPhotos({ photos }: { photos: Appointment['photos'] }) {
  if (photos.length === 0) return null
  return (
    <View className='ty-row' style={{ justifyContent: 'flex-start' }}>
      {photos.map((p, i) => (
        <View key={p.id} className='ty-thumb'>
          <NetImage media={p} width={60} aspectRatio={1} alt={`病人传的第 ${i + 1} 张照片`} />
        </View>
      ))}
    </View>
  )
}

/** The doctor's advice and prescription, once the visit is finished; the same for patient and doctor. */
export function VisitRecord({ record }: { record: Appointment['record'] }) {
  if (!record) return null
  return (
    <View className='ty-card' id='visit-record'>
      <Text className='ty-h'>医嘱（{formatShanghaiTime(record.at)}）</Text>
      <Text className='ty-text'>{record.advice}</Text>
      {record.prescription && <Text className='ty-text'>处方：{record.prescription}</Text>}
    </View>
  )
}
