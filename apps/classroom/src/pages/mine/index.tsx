import { Text } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { EmptyState, PageShell } from '@tianyuan/ui'
import './index.scss'

export default function ClassroomMine() {
  return (
    <PageShell className='mine'>
      <Text id='mine-title' className='mine__title'>
        我的课程、学习进度和下载会放在这里。
      </Text>
      <EmptyState
        id='mine-empty'
        title='还没有在学的课'
        description='在首页按主题找课，开始学以后，会出现在这里。'
        actionText='去找课'
        onAction={() => Taro.switchTab({ url: '/pages/index/index' })}
      />
    </PageShell>
  )
}
