import { Button, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'

export default function ClassroomAbout() {
  return (
    <View className='about'>
      <Text id='about-text'>田间课堂正在准备，即将开通：以后请农技专家和返乡能人讲种植、养殖。现在还没有课程。</Text>
      <Button id='back' onClick={() => Taro.navigateBack()}>返回</Button>
    </View>
  )
}
