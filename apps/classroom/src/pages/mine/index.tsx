import { Text, View } from '@tarojs/components'

export default function ClassroomMine() {
  return (
    <View className='mine'>
      <Text id='mine-title'>我的课程、学习进度和下载会放在这里。</Text>
    </View>
  )
}
