import { Text } from '@tarojs/components'
import { EmptyState, PageShell } from '@tianyuan/ui'
import './index.scss'

export default function MicroloanMine() {
  return (
    <PageShell className='mine'>
      <Text id='mine-title' className='mine__title'>
        惠农小贷即将开通。
      </Text>
      <EmptyState id='mine-empty' title='即将开通' description='开通后，您的贷款和还款计划会放在这里。' />
    </PageShell>
  )
}
