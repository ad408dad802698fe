import { Text, View } from '@tarojs/components'
import { HomeFooter, PageShell } from '@tianyuan/ui'
import './index.scss'

export default function MicroloanHome() {

  // A static page: its first screen's content is in as soon as it renders (the marker tools/bench
  // times the first screen to: tools/bench/README.md, "The first-screen marker").
  return (
    <PageShell className='home' firstScreenReady>
      <Text className='home__title'>惠农小贷</Text>
      {/* Until the calculator and loans are built, say so plainly: nothing promised it cannot do yet. */}
      <Text className='home__lead' id='purpose'>
        惠农小贷即将开通，以后买种子、化肥缺钱时可以在这里申请小额贷款。
      </Text>
      <View className='home__list'>
        <Text className='home__item' id='coming-soon'>
          现在还不能算利息、也不能申请贷款，开通后会在这里告诉您。
        </Text>
      </View>
      <HomeFooter aboutText='了解惠农小贷' />
    </PageShell>
  )
}
