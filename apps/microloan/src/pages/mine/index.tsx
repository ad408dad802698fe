import { Text } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { EmptyState, PageShell } from '@tianyuan/ui'
import './index.scss'

export default function MicroloanMine() {
  return (
    <PageShell className='mine'>
      <Text id='mine-title' className='mine__title'>
        我的贷款、还款计划和还款记录会放在这里。
      </Text>
      <EmptyState
        id='mine-empty'
        title='还没有贷款'
        description='先在首页算一算每月要还多少，再决定要不要申请。'
        actionText='去算一算'
        onAction={() => Taro.switchTab({ url: '/pages/index/index' })}
      />
    </PageShell>
  )
}
