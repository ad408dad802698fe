import { Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import type { Order } from '@tianyuan/contracts/types'
import { OfflineBanner, useAction, usePay } from '@tianyuan/sdk/react'
import { BigButton, EmptyState, ErrorState, PageShell, PayStatus, Price, SignInGate, Skeleton, Steps } from '@tianyuan/ui'
import { AFTER_SALE_STATUS_LABEL, afterSaleUrl, canRequestAfterSale, cancelOrder, confirmReceipt, MARKET_ORDER_KIND } from '../../../features/orders/api'
import { ORDER_STATUS_WORDS, unitWord } from '@tianyuan/contracts/market-rules'
import { useOrder } from '../../../features/orders/hooks'
import { formatShanghaiTime, orderTimeline } from '../../../features/orders/timeline'

export default function OrderPage() {
  const { params } = useRouter()
  return (
    <PageShell banner={<OfflineBanner />}>
      <SignInGate reason='登录微信后就能看到订单'>
        <OrderDetail id={params.id} />
      </SignInGate>
    </PageShell>
  )
}

function OrderDetail({ id }: { id?: string }) {
  const query = useOrder(id)
  const { state: payState, busy: paying, pay } = usePay()
  // Cancel and confirm: the server's answer is shown until the refetched copy is as far along.
  const action = useAction<Order>({ fetched: query.data?.order, version: statusRank, key: (o) => o.id, refetch: query.refetch })
  const acting = action.pending

  if (query.status === 'loading') return <Skeleton id='order-loading' lines={8} />
  if (query.status === 'error' || !query.data) {
    if (query.error?.status === 404) return <EmptyState id='order-missing' title='找不到这个订单' description='回到“我的订单”看看。' actionText='我的订单' onAction={() => Taro.redirectTo({ url: '/pkg/pages/orders/index' })} />
    return <ErrorState id='order-error' error={query.error} onRetry={query.refetch} />
  }
  const order = action.shown ?? query.data.order
  const timeline = orderTimeline(order)

  const act = async (confirmText: string, change: (id: string) => Promise<Order>) => {
    const answer = await Taro.showModal({ title: '请确认', content: confirmText, confirmText: '确定', cancelText: '再想想' })
    if (!answer.confirm) return
    await action.run(() => change(order.id))
  }
  const payNow = async () => {
    const result = await pay({ kind: MARKET_ORDER_KIND, orderId: order.id })
    if (result.phase === 'paid') query.refetch()
  }

  return (
    <View>
      <View className='ty-card'>
        <Text className='ty-status' id='order-status'>
          {ORDER_STATUS_WORDS[order.status]}
        </Text>
        {order.status === 'pending_payment' && <Text className='ty-note'>请在 {formatShanghaiTime(order.payBefore)} 前付款，过时订单会自动取消。</Text>}
        {order.afterSale && (
          <Text className='ty-text' id='after-sale-status'>
            售后：{AFTER_SALE_STATUS_LABEL[order.afterSale.status]}
            {order.afterSale.sellerNote ? `（${order.afterSale.sellerNote}）` : ''}
          </Text>
        )}
        {order.status === 'cancelled' && <Text className='ty-note'>{order.cancelReason === 'timeout' ? '没有按时付款，订单已自动取消，没有扣款。' : '订单已取消，没有扣款。'}</Text>}
      </View>

      <View className='ty-card'>
        <Steps id='order-steps' items={timeline.items} current={timeline.current} error={timeline.cancelled} />
      </View>

      <View className='ty-card' id='order-info'>
        <View className='ty-row'>
          <Text className='ty-text' id='order-number'>
            订单号：{order.id}
          </Text>
          <BigButton id='copy-order-number' variant='secondary' block={false} onClick={() => void Taro.setClipboardData({ data: order.id })}>
            复制订单号
          </BigButton>
        </View>
        <Text className='ty-note'>找卖家问事情、取货时，报这个订单号。</Text>
      </View>

      {order.delivery.kind === 'pickup' && (order.status === 'to_ship' || order.status === 'shipped') && (
        // Paid for 自提: where to go and when, said again here, where the buyer looks after paying.
        <View className='ty-card' id='pickup-reminder'>
          <Text className='ty-h'>到这里自提</Text>
          <Text className='ty-text'>
            {order.delivery.pickupPoint.name}（{order.delivery.pickupPoint.address}）
          </Text>
          <Text className='ty-note'>{order.status === 'to_ship' ? '等卖家备好货（订单会显示“卖家已备好货”）再去，取货时报订单号。' : '卖家已经备好货了，现在就可以去取，取货时报订单号。'}</Text>
        </View>
      )}

      <View className='ty-card' id='order-items'>
        <Text className='ty-h'>{order.shopName}</Text>
        {order.items.map((l) => (
          <View key={l.productId} className='ty-row'>
            <Text className='ty-text'>
              {l.title} × {l.quantity} {unitWord(l.unit)}
            </Text>
            <Price fen={l.subtotalFen} />
          </View>
        ))}
        <View className='ty-row'>
          <Text className='ty-text'>合计</Text>
          <Price id='order-total' fen={order.totalFen} size='large' />
        </View>
        <Text className='ty-note'>
          {order.delivery.kind === 'courier' ? `快递到：${order.delivery.address.name} ${order.delivery.address.region} ${order.delivery.address.detail}` : `自提：${order.delivery.pickupPoint.name}（${order.delivery.pickupPoint.address}）`}
        </Text>
        {order.shipment && (
          <Text className='ty-text' id='order-shipment'>
            快递：{order.shipment.carrier} {order.shipment.trackingNo}
          </Text>
        )}
      </View>

      <PayStatus id='pay-status' pay={payState} />
      {action.error && (
        <Text id='order-failure' className='ty-warn' style={{ display: 'block' }}>
          {action.error.userMessage}
        </Text>
      )}

      <View className='ty-actions'>
        {order.status === 'pending_payment' && payState.phase !== 'paid' && (
          <>
            <BigButton id='pay-order' loading={paying} disabled={paying || acting} onClick={payNow}>
              付款
            </BigButton>
            <BigButton id='cancel-order' variant='danger' disabled={paying || acting} onClick={() => act('取消后这笔订单就没有了，东西会放回去给别人买。确定取消吗？', cancelOrder)}>
              取消订单
            </BigButton>
          </>
        )}
        {order.status === 'shipped' && (
          <BigButton id='confirm-receipt' loading={acting} disabled={acting} onClick={() => act('东西收到了吗？确认后钱会给卖家。', confirmReceipt)}>
            确认收货
          </BigButton>
        )}
        {canRequestAfterSale(order) && (
          <BigButton id='after-sale' variant='secondary' disabled={acting} onClick={() => Taro.navigateTo({ url: afterSaleUrl(order.id) })}>
            申请售后（退款）
          </BigButton>
        )}
      </View>
    </View>
  )
}

/** How far along an order is: an action's answer is kept only while it is ahead of the fetched copy. */
function statusRank(order: Order): number {
  return { pending_payment: 0, to_ship: 1, shipped: 2, received: 3, cancelled: 4 }[order.status]
}
