import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { describeNetworkState } from '@tianyuan/sdk'
import { useNetworkState } from '@tianyuan/sdk/react'
import { BigButton, BigTextToggle, PageShell } from '@tianyuan/ui'
import './index.scss'

export default function ClinicHome() {
  const network = useNetworkState()

  return (
    <PageShell className='home'>
      <Text className='home__title'>乡村问诊</Text>
      <Text className='home__lead' id='purpose'>
        不用进城排队：找县医院、乡镇卫生院的医生，预约线上复诊。
      </Text>
      <View className='home__list'>
        <Text className='home__item'>· 按科室找医生，看清职称、医院和挂号费</Text>
        <Text className='home__item'>· 选上午、下午或晚上的时段预约</Text>
        <Text className='home__item'>· 图文、电话、视频问诊，适合常见病、慢性病复诊</Text>
      </View>
      <Text className='home__network' id='network'>
        {network ? `当前网络：${describeNetworkState(network)}` : '正在查看网络…'}
      </Text>
      <BigTextToggle id='big-text' />
      <BigButton id='about' variant='secondary' onClick={() => Taro.navigateTo({ url: '/pkg/pages/about/index' })}>
        了解乡村问诊
      </BigButton>
    </PageShell>
  )
}
