import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import type { Doctor } from '@tianyuan/contracts/types'
import { NetImage } from '@tianyuan/sdk/react'
import { a11yProps, Price } from '@tianyuan/ui'
import { doctorUrl, lowestFee } from '../api'
import { describeRating } from '../format'
import './DoctorCard.scss'

/** Photo width in px: a face-sized square beside the text. */
const PHOTO_WIDTH = 80

/** A doctor in a list: photo, name and title, hospital and department, what they treat, rating, fee. The whole card opens the doctor. */
export function DoctorCard({ doctor, priority }: { doctor: Doctor; priority?: number }) {
  const fee = lowestFee(doctor.fees)
  return (
    <View className='dc' id={`doctor-${doctor.id}`} onClick={() => void Taro.navigateTo({ url: doctorUrl(doctor.id) })}>
      <View className='dc__photo'>{doctor.photo ? <NetImage media={doctor.photo} width={PHOTO_WIDTH} aspectRatio={1} priority={priority} alt={`${doctor.name}医生的照片`} /> : null}</View>
      <View className='dc__body'>
        {/* To a screen reader the name is the link (the whole card is the target for a finger);
            not the card itself, which holds the photo's 点击加载图片 button on 2G. */}
        <Text className='dc__name' {...a11yProps({ role: 'link' })}>
          {doctor.name} <Text className='dc__title'>{doctor.title}</Text>
        </Text>
        <Text className='dc__meta'>
          {doctor.hospital.name} · {doctor.department.name}
        </Text>
        <Text className='dc__meta'>擅长：{doctor.specialty}</Text>
        <View className='dc__row'>
          <Text className='dc__meta'>{describeRating(doctor.rating, doctor.ratingCount)}</Text>
          {fee !== null && (
            <Text className='dc__fee'>
              <Price fen={fee} /> 起
            </Text>
          )}
        </View>
      </View>
    </View>
  )
}
