import { Text, View } from '@tarojs/components'
import { HomeFooter, PageShell } from '@tianyuan/ui'
import './index.scss'

export default function ClassroomHome() {

  // A static page: its first screen's content is in as soon as it renders (the marker tools/bench
  // times the first screen to: tools/bench/README.md, "The first-screen marker").
  return (
    <PageShell className='home' firstScreenReady>
      <Text className='home__title'>田间课堂</Text>
      {/* Until the courses are built, say so plainly: no list of what it cannot do yet, no button that leads nowhere. */}
      <Text className='home__lead' id='purpose'>
        田间课堂即将开通，以后在这里学种植、养殖的本事。
      </Text>
      <View className='home__list'>
        <Text className='home__item' id='coming-soon'>
          现在还没有课程，开通后会在这里告诉您。
        </Text>
      </View>
      <HomeFooter aboutText='了解田间课堂' />
    </PageShell>
  )
}
