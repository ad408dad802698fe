import { Button, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'

export default function ClinicAbout() {
  return (
    <View className='about'>
      <Text id='about-text'>乡村问诊只提供常见病、慢性病的线上复诊。急症请立即拨打120或去最近的医院。6岁以下儿童问诊需监护人陪同。</Text>
      <Button id='back' onClick={() => Taro.navigateBack()}>返回</Button>
    </View>
  )
}
