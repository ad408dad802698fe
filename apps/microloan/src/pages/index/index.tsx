import { Text, View } from '@tarojs/components'
import { HomeFooter, PageShell } from '@tianyuan/ui'
import './index.scss'

export default function MicroloanHome() {

  // A static page: its first screen's content is in as soon as it renders (the marker tools/bench
  // times the first screen to: tools/bench/README.md, "The first-screen marker").
  return (
    <PageShell className='home' firstScreenReady>
      <Text className='home__title'>惠农小贷</Text>
      <Text className='home__lead' id='purpose'>
        买种子、化肥、牲畜和农机，缺钱时可以申请小额贷款。
      </Text>
      <View className='home__list'>
        <Text className='home__item'>· 先算清楚：年化利率、总利息、每月还多少</Text>
        <Text className='home__item'>· 等额本息或等额本金，每期明细一目了然</Text>
        <Text className='home__item'>· 按时还款，提前还款少付利息</Text>
      </View>
      <HomeFooter aboutText='了解惠农小贷' />
    </PageShell>
  )
}
