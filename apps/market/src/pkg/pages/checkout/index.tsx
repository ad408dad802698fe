import { Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import type { Delivery, Order } from '@tianyuan/contracts/types'
import { OfflineBanner, usePay } from '@tianyuan/sdk/react'
import { BigButton, EmptyState, ErrorState, PageShell, Price, Skeleton, userMessageOf } from '@tianyuan/ui'
import { useRef, useState } from 'react'
import { addressEditUrl, describeAddress } from '../../../features/addresses/api'
import { useAddresses } from '../../../features/addresses/hooks'
import { useShop } from '../../../features/catalog/hooks'
import { cartTotalFen, removeFromCart } from '../../../features/cart/cart-store'
import { useCart } from '../../../features/cart/hooks'
import { checkoutStatusText } from '../../../features/checkout/pay-status'
import { MARKET_ORDER_KIND, orderUrl, placeOrder, retryKeyOf } from '../../../features/orders/api'
import { SignInGate } from '../../../features/account/components/SignInGate'
import '../../market.scss'

/** Checkout for one shop's lines (?shop=): delivery (courier to an address, or a pickup point), then place and pay. */
export default function CheckoutPage() {
  const { params } = useRouter()
  return (
    <PageShell banner={<OfflineBanner />}>
      <SignInGate reason='登录微信后就能下单付款'>
        <Checkout shopId={params.shop ?? ''} />
      </SignInGate>
    </PageShell>
  )
}

function Checkout({ shopId }: { shopId: string }) {
  const cart = useCart()
  const addresses = useAddresses()
  const shop = useShop(shopId)
  const { state: payState, busy: paying, pay } = usePay()
  const [kind, setKind] = useState<Delivery['kind']>('courier')
  const [chosenAddress, setChosenAddress] = useState<string>()
  const [chosenPickup, setChosenPickup] = useState<string>()
  const [placing, setPlacing] = useState(false)
  const [failure, setFailure] = useState<string>()
  const [order, setOrder] = useState<Order>()
  // One placement per visit: a second tap while running is ignored, and a retry after a failure
  // that may have reached the server carries the same Idempotency-Key (never a second order).
  const running = useRef(false)
  const retryKey = useRef<string>()

  const items = cart.items.filter((i) => i.shopId === shopId)
  const addressList = addresses.data?.items ?? []
  const addressId = chosenAddress ?? addressList.find((a) => a.isDefault)?.id ?? addressList[0]?.id
  const pickupPoints = shop.data?.shop.pickupPoints ?? []
  const pickupId = chosenPickup ?? pickupPoints[0]?.id
  const delivery: Delivery | undefined = kind === 'courier' ? (addressId ? { kind, addressId } : undefined) : pickupId ? { kind, pickupPointId: pickupId } : undefined

  if (!cart.ready || addresses.status === 'loading') return <Skeleton id='checkout-loading' lines={6} />
  if (addresses.status === 'error') return <ErrorState id='checkout-error' error={addresses.error} onRetry={addresses.refetch} />
  if (items.length === 0 && !order) {
    return <EmptyState id='checkout-empty' title='没有要结算的东西' description='先在商品页把东西加入购物车，再来结算。' actionText='去首页逛逛' onAction={() => Taro.switchTab({ url: '/pages/index/index' })} />
  }

  const submit = async () => {
    if (running.current || !delivery) return
    running.current = true
    setFailure(undefined)
    try {
      let placed = order
      if (!placed) {
        setPlacing(true)
        placed = await placeOrder({ items: items.map((i) => ({ productId: i.productId, quantity: i.quantity })), delivery }, retryKey.current)
        setOrder(placed)
        setPlacing(false)
        await removeFromCart(items.map((i) => i.productId))
      }
      await pay({ kind: MARKET_ORDER_KIND, orderId: placed.id })
    } catch (error) {
      retryKey.current = retryKeyOf(error) ?? retryKey.current
      setFailure(userMessageOf(error))
      setPlacing(false)
    } finally {
      running.current = false
    }
  }

  const status = checkoutStatusText(placing, payState)
  const paid = payState.phase === 'paid'
  const lines = order ? order.items.map((l) => ({ id: l.productId, title: l.title, quantity: l.quantity, unit: l.unit })) : items.map((i) => ({ id: i.productId, title: i.title, quantity: i.quantity, unit: i.unit }))
  const totalFen = order ? order.totalFen : cartTotalFen(items)

  return (
    <View>
      <View className='mk-card' id='checkout-items'>
        <Text className='mk-h'>{shop.data?.shop.name ?? items[0]?.shopName}</Text>
        {lines.map((l) => (
          <Text key={l.id} className='mk-text'>
            {l.title} × {l.quantity} {l.unit}
          </Text>
        ))}
        <View className='mk-row'>
          <Text className='mk-text'>{order ? '订单金额' : '合计（以下单时价格为准）'}</Text>
          <Price id='checkout-total' fen={totalFen} size='large' />
        </View>
      </View>

      {!order && (
        <View className='mk-card'>
          <Text className='mk-h'>怎么收货</Text>
          <View id='delivery-courier' className={`mk-choice ${kind === 'courier' ? 'mk-choice--on' : ''}`} onClick={() => setKind('courier')}>
            <Text className='mk-text'>{kind === 'courier' ? '● ' : '○ '}快递送到家</Text>
          </View>
          <View id='delivery-pickup' className={`mk-choice ${kind === 'pickup' ? 'mk-choice--on' : ''}`} onClick={() => setKind('pickup')}>
            <Text className='mk-text'>{kind === 'pickup' ? '● ' : '○ '}到自提点自己取</Text>
          </View>

          {kind === 'courier' ? (
            <View id='address-choices'>
              {addressList.map((a) => (
                <View key={a.id} id={`address-${a.id}`} className={`mk-choice ${a.id === addressId ? 'mk-choice--on' : ''}`} onClick={() => setChosenAddress(a.id)}>
                  <Text className='mk-text'>{describeAddress(a)}</Text>
                </View>
              ))}
              {addressList.length === 0 && <Text className='mk-note'>还没有收货地址，请先添加一个。</Text>}
              <BigButton id='add-address' variant='secondary' onClick={() => Taro.navigateTo({ url: addressEditUrl() })}>
                添加收货地址
              </BigButton>
            </View>
          ) : (
            <View id='pickup-choices'>
              {pickupPoints.map((pp) => (
                <View key={pp.id} id={`pickup-${pp.id}`} className={`mk-choice ${pp.id === pickupId ? 'mk-choice--on' : ''}`} onClick={() => setChosenPickup(pp.id)}>
                  <Text className='mk-text'>{pp.name}</Text>
                  <Text className='mk-note'>{pp.address}</Text>
                </View>
              ))}
              {shop.status !== 'loading' && pickupPoints.length === 0 && <Text className='mk-note'>这家店没有自提点，请选快递。</Text>}
            </View>
          )}
        </View>
      )}

      {status && (
        <Text id='pay-status' className='mk-status' style={{ display: 'block', margin: '16px 0' }}>
          {status}
        </Text>
      )}
      {failure && (
        <Text id='checkout-failure' className='mk-warn' style={{ display: 'block' }}>
          {failure}
        </Text>
      )}

      <View className='mk-actions'>
        {paid && order ? (
          <BigButton id='view-order' onClick={() => Taro.redirectTo({ url: orderUrl(order.id) })}>
            查看订单
          </BigButton>
        ) : (
          <BigButton id='place-order' loading={placing || paying} disabled={!delivery || placing || paying} onClick={submit}>
            {order ? '付款' : failure ? '再试一次' : '提交订单并付款'}
          </BigButton>
        )}
        {order && !paid && !paying && (
          <BigButton id='view-unpaid-order' variant='secondary' onClick={() => Taro.redirectTo({ url: orderUrl(order.id) })}>
            先不付，查看订单
          </BigButton>
        )}
      </View>
    </View>
  )
}
