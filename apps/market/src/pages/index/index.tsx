import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { describeNetworkState } from '@tianyuan/sdk'
import { useNetworkState } from '@tianyuan/sdk/react'
import { BigButton, BigTextToggle, PageShell } from '@tianyuan/ui'
import './index.scss'

export default function MarketHome() {
  const network = useNetworkState()

  return (
    <PageShell className='home'>
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
      <BigTextToggle id='big-text' />
      <BigButton id='about' variant='secondary' onClick={() => Taro.navigateTo({ url: '/pkg/pages/about/index' })}>
        了解田园集市
      </BigButton>
    </PageShell>
  )
}
