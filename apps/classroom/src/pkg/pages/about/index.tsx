import { Button, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'

export default function ClassroomAbout() {
  return (
    <View className='about'>
      <Text id='about-text'>田间课堂的课程由农技专家和返乡能人讲授。信号弱时自动用省流量的清晰度，学到哪里都会记住。</Text>
      <Button id='back' onClick={() => Taro.navigateBack()}>返回</Button>
    </View>
  )
}
