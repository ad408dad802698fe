import { Button, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'

export default function MicroloanAbout() {
  return (
    <View className='about'>
      <Text id='about-text'>惠农小贷会把年化利率放在最显眼的位置，所有费用都算在里面。借款前请看清合同，按时还款。</Text>
      <Button id='back' onClick={() => Taro.navigateBack()}>返回</Button>
    </View>
  )
}
