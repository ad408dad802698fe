import { View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { OfflineBanner } from '@tianyuan/sdk/react'
import { EmptyState, ErrorState, PageShell, SignInGate, Skeleton } from '@tianyuan/ui'
import { orderUrl } from '../../../features/orders/api'
import { OrderSummary } from '../../../features/orders/components/OrderSummary'
import { useOrders } from '../../../features/orders/hooks'

export default function OrdersPage() {
  return (
    <PageShell banner={<OfflineBanner />}>
      <SignInGate reason='登录微信后就能看到您的订单'>
        <OrderList />
      </SignInGate>
    </PageShell>
  )
}

function OrderList() {
  const orders = useOrders()
  if (orders.status === 'loading') return <Skeleton id='orders-loading' lines={3} blocks={3} />
  if (orders.status === 'error') return <ErrorState id='orders-error' error={orders.error} onRetry={orders.refetch} />
  const items = orders.data?.items ?? []
  if (items.length === 0) {
    return (
      <EmptyState
        id='orders-empty'
        title='还没有订单'
        description='去首页看看附近村子的新鲜农产品，下单以后，订单会出现在这里。'
        actionText='去首页逛逛'
        onAction={() => Taro.switchTab({ url: '/pages/index/index' })}
      />
    )
  }
  return (
    <View id='orders'>
      {items.map((o) => (
        <OrderSummary key={o.id} order={o} onClick={() => void Taro.navigateTo({ url: orderUrl(o.id) })} />
      ))}
    </View>
  )
}
