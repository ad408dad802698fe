import { Button, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'

export default function MarketAbout() {
  return (
    <View className='about'>
      <Text id='about-text'>田园集市由乡亲们自己开店，平台不加价。信号差时也能浏览，下单不会重复扣款。</Text>
      <Button id='back' onClick={() => Taro.navigateBack()}>返回</Button>
    </View>
  )
}
