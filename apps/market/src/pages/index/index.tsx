import { useState } from 'react'
import { Button, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { describeNetworkState } from '@tianyuan/sdk'
import { useNetworkState } from '@tianyuan/sdk/react'
import './index.scss'

export default function MarketHome() {
  const network = useNetworkState()
  const [bigText, setBigText] = useState(false)

  return (
    <View className={bigText ? 'home home--big' : 'home'}>
      <Text className='home__title'>田园集市</Text>
      <Text className='home__lead' id='purpose'>
        把自家种的、养的卖出去，也能买到附近村子的新鲜农产品。
      </Text>
      <View className='home__list'>
        <Text className='home__item'>· 按分类找蔬菜、水果、粮油和禽蛋</Text>
        <Text className='home__item'>· 看清产地、采收日期和每斤价格</Text>
        <Text className='home__item'>· 微信支付，收到货再确认</Text>
      </View>
      <Text className='home__network' id='network'>
        {network ? `当前网络：${describeNetworkState(network)}` : '正在查看网络…'}
      </Text>
      <Button className='home__button' id='big-text' onClick={() => setBigText(!bigText)}>
        {bigText ? '大字模式：已打开' : '大字模式：已关闭'}
      </Button>
      <Button className='home__button home__button--plain' id='about' onClick={() => Taro.navigateTo({ url: '/pkg/pages/about/index' })}>
        了解田园集市
      </Button>
    </View>
  )
}
