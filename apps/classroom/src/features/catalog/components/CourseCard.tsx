import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { durationWords } from '@tianyuan/contracts/classroom-rules'
import type { CourseCard as Course } from '@tianyuan/contracts/types'
import { NetImage } from '@tianyuan/sdk/react'
import { a11yProps, Price } from '@tianyuan/ui'
import { courseUrl } from '../api'
import { trialWords } from '../trial-words'
import './CourseCard.scss'

/** Cover width in px: beside the text, big enough to see what the course is about. */
const COVER_WIDTH = 120

/**
 * A course in a list: its cover (the server's photo, or none — never a stand-in picture that
 * could show the wrong thing), title, teacher, topic, lessons and length, free or the price with
 * its trial lessons. The whole card opens the course.
 */
export function CourseCard({ course, priority }: { course: Course; priority?: number }) {
  const trial = trialWords(course)
  return (
    <View className='cc' id={`course-${course.id}`} onClick={() => void Taro.navigateTo({ url: courseUrl(course.id) })}>
      {course.cover ? (
        <View className='cc__cover'>
          <NetImage media={course.cover} width={COVER_WIDTH} aspectRatio={4 / 3} priority={priority} alt={`${course.title}的封面`} />
        </View>
      ) : null}
      <View className='cc__body'>
        {/* The title is the link to a screen reader; the whole card is the target for a finger. */}
        <Text className='cc__title' {...a11yProps({ role: 'link' })}>
          {course.title}
        </Text>
        <Text className='cc__meta'>
          {course.teacher.name} · {course.teacher.org}
        </Text>
        <Text className='cc__meta'>
          {course.topicWord} · {course.lessonCount} 节课{course.durationS > 0 ? ` · 共 ${durationWords(course.durationS)}` : ''}
        </Text>
        <View className='cc__price'>
          {course.free ? <Text className='cc__free'>免费</Text> : <Price fen={course.priceFen} size='large' />}
          {trial ? <Text className='cc__meta'>{trial}</Text> : null}
        </View>
      </View>
    </View>
  )
}
