import { useState } from 'react'
import { Button, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { describeNetworkState } from '@tianyuan/sdk'
import { useNetworkState } from '@tianyuan/sdk/react'
import './index.scss'

export default function ClassroomHome() {
  const network = useNetworkState()
  const [bigText, setBigText] = useState(false)

  return (
    <View className={bigText ? 'home home--big' : 'home'}>
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
      <Button className='home__button' id='big-text' onClick={() => setBigText(!bigText)}>
        {bigText ? '大字模式：已打开' : '大字模式：已关闭'}
      </Button>
      <Button className='home__button home__button--plain' id='about' onClick={() => Taro.navigateTo({ url: '/pkg/pages/about/index' })}>
        了解田间课堂
      </Button>
    </View>
  )
}
