import { Text, View } from '@tarojs/components'
import { HomeFooter, PageShell } from '@tianyuan/ui'
import './index.scss'

export default function ClassroomHome() {

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
      <HomeFooter aboutText='了解田间课堂' />
    </PageShell>
  )
}
