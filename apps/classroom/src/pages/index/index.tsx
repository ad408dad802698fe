import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { describeNetworkState } from '@tianyuan/sdk'
import { useNetworkState } from '@tianyuan/sdk/react'
import { BigButton, BigTextToggle, PageShell } from '@tianyuan/ui'
import './index.scss'

export default function ClassroomHome() {
  const network = useNetworkState()

  // A static page: its first screen's content is in as soon as it renders (the marker tools/bench
  // times the first screen to: tools/bench/README.md, "The first-screen marker").
  return (
    <PageShell className='home' firstScreenReady>
      <Text className='home__title'>田间课堂</Text>
      <Text className='home__lead' id='purpose'>
        在家就能学种植、养殖和电商本事，信号差也能看。
      </Text>
      <View className='home__list'>
        <Text className='home__item'>· 种植、养殖、电商、健康，按主题找课</Text>
        <Text className='home__item'>· 每节课标明时长和流量大小</Text>
        <Text className='home__item'>· 可以只听声音，也能提前下载离线看</Text>
      </View>
      <Text className='home__network' id='network'>
        {network ? `当前网络：${describeNetworkState(network)}` : '正在查看网络…'}
      </Text>
      <BigTextToggle id='big-text' />
      <BigButton id='about' variant='secondary' onClick={() => Taro.navigateTo({ url: '/pkg/pages/about/index' })}>
        了解田间课堂
      </BigButton>
    </PageShell>
  )
}
