import { Text, View } from '@tarojs/components'
import type { Order } from '@tianyuan/contracts/types'
import { OfflineBanner } from '@tianyuan/sdk/react'
import { BigButton, EmptyState, ErrorState, FormField, PageShell, Price, SignInGate, Skeleton, userMessageOf, validateField } from '@tianyuan/ui'
import { useState } from 'react'
import { formatShanghaiTime } from '../../../features/orders/timeline'
import { shipOrder } from '../../../features/seller/api'
import { useOrdersToShip } from '../../../features/seller/hooks'
import { unitWord } from '@tianyuan/contracts/market-rules'

/** Paid orders waiting to be shipped, oldest first: the address, what to pack, and a tracking number. */
export default function OrdersToShipPage() {
  return (
    <PageShell banner={<OfflineBanner />}>
      <SignInGate reason='登录微信后就能给买家发货'>
        <OrdersToShip />
      </SignInGate>
    </PageShell>
  )
}

function OrdersToShip() {
  const orders = useOrdersToShip()
  // Shipped here: kept on the page with their confirmation (the server's list drops them at once).
  const [shipped, setShipped] = useState<Record<string, Order>>({})
  if (orders.status === 'loading') return <Skeleton id='to-ship-loading' lines={4} blocks={2} />
  if (orders.status === 'error') return <ErrorState id='to-ship-error' error={orders.error} onRetry={orders.refetch} />
  const waiting = orders.data?.items ?? []
  const items = [...waiting, ...Object.values(shipped).filter((o) => !waiting.some((w) => w.id === o.id))]
  if (items.length === 0) return <EmptyState id='to-ship-empty' title='没有要发货的订单' description='买家付款以后，订单会出现在这里，按付款先后排好。' />
  return (
    <View id='to-ship'>
      {items.map((o) => (
        <ShipForm key={o.id} order={o} shipped={shipped[o.id]} onShipped={(done) => setShipped((old) => ({ ...old, [done.id]: done }))} />
      ))}
    </View>
  )
}

const CARRIER_RULES = { required: true, maxLength: 20 }
const TRACKING_RULES = { required: true, pattern: /^[A-Za-z0-9-]{6,32}$/, patternMessage: '快递单号是 6 到 32 位字母或数字' }

function ShipForm({ order, shipped, onShipped }: { order: Order; shipped?: Order; onShipped: (order: Order) => void }) {
  const [carrier, setCarrier] = useState('')
  const [trackingNo, setTrackingNo] = useState('')
  const [showErrors, setShowErrors] = useState(false)
  const [failure, setFailure] = useState<string>()
  const ship = async () => {
    setShowErrors(true)
    if (validateField('快递公司', carrier.trim(), CARRIER_RULES) || validateField('快递单号', trackingNo.trim(), TRACKING_RULES)) return
    setFailure(undefined)
    try {
      onShipped(await shipOrder(order.id, carrier.trim(), trackingNo.trim()))
    } catch (error) {
      setFailure(userMessageOf(error))
    }
  }
  const d = order.delivery
  return (
    <View className='ty-card' id={`ship-${order.id}`}>
      {order.items.map((l) => (
        <Text key={l.productId} className='ty-h'>
          {l.title} × {l.quantity} {unitWord(l.unit)}
        </Text>
      ))}
      <View className='ty-row'>
        <Text className='ty-note'>{order.paidAt ? `${formatShanghaiTime(order.paidAt)} 付款` : ''}</Text>
        <Price fen={order.totalFen} />
      </View>
      <Text className='ty-text'>
        {d.kind === 'courier' ? `寄到：${d.address.name} ${d.address.phone} ${d.address.region} ${d.address.detail}` : `买家到 ${d.pickupPoint.name} 自提`}
      </Text>
      {shipped ? (
        <Text className='ty-status' id={`shipped-${order.id}`}>
          已发货：{shipped.shipment?.carrier} {shipped.shipment?.trackingNo}
        </Text>
      ) : (
        <>
          <FormField id={`carrier-${order.id}`} label='快递公司' placeholder='比如：邮政、顺丰' value={carrier} onChange={setCarrier} rules={CARRIER_RULES} showErrors={showErrors} />
          <FormField id={`tracking-${order.id}`} label='快递单号' value={trackingNo} onChange={setTrackingNo} rules={TRACKING_RULES} showErrors={showErrors} />
          {failure && <Text className='ty-warn'>{failure}</Text>}
          <BigButton id={`ship-button-${order.id}`} onClick={ship}>
            发货
          </BigButton>
        </>
      )}
    </View>
  )
}
