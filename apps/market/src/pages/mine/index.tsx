import { Text } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { EmptyState, PageShell } from '@tianyuan/ui'
import './index.scss'

export default function MarketMine() {
  return (
    <PageShell className='mine'>
      <Text id='mine-title' className='mine__title'>
        我的订单、收货地址和我的店铺会放在这里。
      </Text>
      <EmptyState
        id='mine-empty'
        title='还没有订单'
        description='去首页看看附近村子的新鲜农产品，下单以后，订单会出现在这里。'
        actionText='去首页逛逛'
        onAction={() => Taro.switchTab({ url: '/pages/index/index' })}
      />
    </PageShell>
  )
}
