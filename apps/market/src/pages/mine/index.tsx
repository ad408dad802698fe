import { Text, View } from '@tarojs/components'

export default function MarketMine() {
  return (
    <View className='mine'>
      <Text id='mine-title'>我的订单、收货地址和我的店铺会放在这里。</Text>
    </View>
  )
}
