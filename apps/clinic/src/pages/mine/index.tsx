import { Text } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { EmptyState, PageShell } from '@tianyuan/ui'
import './index.scss'

export default function ClinicMine() {
  return (
    <PageShell className='mine'>
      <Text id='mine-title' className='mine__title'>
        我的预约、家庭成员和问诊记录会放在这里。
      </Text>
      <EmptyState
        id='mine-empty'
        title='还没有预约'
        description='在首页按科室找医生，预约以后，会出现在这里。'
        actionText='去找医生'
        onAction={() => Taro.switchTab({ url: '/pages/index/index' })}
      />
    </PageShell>
  )
}
