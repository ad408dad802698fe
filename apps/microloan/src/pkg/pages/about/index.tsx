import { Button, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'

export default function MicroloanAbout() {
  return (
    <View className='about'>
      <Text id='about-text'>惠农小贷正在准备，即将开通：现在还不能申请贷款。开通后，年化利率和所有费用都会先写清楚，再请您决定。</Text>
      <Button id='back' onClick={() => Taro.navigateBack()}>返回</Button>
    </View>
  )
}
