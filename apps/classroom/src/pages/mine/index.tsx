import { Text } from '@tarojs/components'
import { EmptyState, PageShell } from '@tianyuan/ui'
import './index.scss'

export default function ClassroomMine() {
  return (
    <PageShell className='mine'>
      <Text id='mine-title' className='mine__title'>
        田间课堂即将开通。
      </Text>
      <EmptyState id='mine-empty' title='即将开通' description='开通后，您学过的课和学习进度会放在这里。' />
    </PageShell>
  )
}
