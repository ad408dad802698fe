import { Text, View } from '@tarojs/components'
import type { Notice } from '@tianyuan/contracts/types'
import { URGENT_WORD } from './api'

/** 紧急 (red, first) and the topic, above a notice's title. */
export function NoticeBadges({ notice }: { notice: Pick<Notice, 'urgent' | 'topic'> }) {
  return (
    <View className='ty-nbadges'>
      {notice.urgent && <Text className='ty-nbadge ty-nbadge--urgent'>{URGENT_WORD}</Text>}
      <Text className='ty-nbadge'>{notice.topic}</Text>
    </View>
  )
}
