import { Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import type { Delivery, Order } from '@tianyuan/contracts/types'
import { OfflineBanner, usePay } from '@tianyuan/sdk/react'
import { useSubscriptions } from '@tianyuan/sdk/subscribe'
import { a11yProps, BigButton, ChoiceCard, ChoiceGroup, EmptyState, ErrorState, PageShell, PayStatus, Price, SignInGate, Skeleton, userMessageOf } from '@tianyuan/ui'
import { useRef, useState } from 'react'
import { addressEditUrl, describeAddress } from '../../../features/addresses/api'
import { useAddresses } from '../../../features/addresses/hooks'
import { useShop } from '../../../features/catalog/hooks'
import { cartTotalFen, removeFromCart } from '../../../features/cart/cart-store'
import { useCart } from '../../../features/cart/hooks'
import { MARKET_ORDER_KIND, orderUrl, placeOrder, retryKeyOf } from '../../../features/orders/api'
import { unitWord } from '@tianyuan/contracts/market-rules'

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
  // 发货通知 (服务通知 when the seller ships), asked for when the order is placed, once per visit.
  const subscribe = useSubscriptions('market')
  const askedReminder = useRef(false)

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
    // In the tap itself, before any await: WeChat shows the subscribe sheet only there.
    const asked = askedReminder.current ? undefined : subscribe.ask(['market_shipped'])
    askedReminder.current = true
    try {
      let placed = order
      if (!placed) {
        setPlacing(true)
        placed = await placeOrder({ items: items.map((i) => ({ productId: i.productId, quantity: i.quantity })), delivery }, retryKey.current)
        setOrder(placed)
        setPlacing(false)
        await removeFromCart(items.map((i) => i.productId))
      }
      // The villager answers the subscribe sheet before the cashier opens.
      await asked
      await pay({ kind: MARKET_ORDER_KIND, orderId: placed.id })
    } catch (error) {
      retryKey.current = retryKeyOf(error) ?? retryKey.current
      setFailure(userMessageOf(error))
      setPlacing(false)
    } finally {
      running.current = false
    }
  }

  const paid = payState.phase === 'paid'
  const lines = order ? order.items.map((l) => ({ id: l.productId, title: l.title, quantity: l.quantity, unit: l.unit })) : items.map((i) => ({ id: i.productId, title: i.title, quantity: i.quantity, unit: i.unit }))
  const totalFen = order ? order.totalFen : cartTotalFen(items)

  return (
    <View>
      <View className='ty-card' id='checkout-items'>
        <Text className='ty-h'>{shop.data?.shop.name ?? items[0]?.shopName}</Text>
        {lines.map((l) => (
          <Text key={l.id} className='ty-text'>
            {l.title} × {l.quantity} {unitWord(l.unit)}
          </Text>
        ))}
        <View className='ty-row'>
          <Text className='ty-text'>{order ? '订单金额' : '合计（以下单时价格为准）'}</Text>
          <Price id='checkout-total' fen={totalFen} size='large' />
        </View>
      </View>

      {!order && (
        <View className='ty-card'>
          <Text className='ty-h'>怎么收货</Text>
          <ChoiceGroup label='怎么收货'>
            <ChoiceCard id='delivery-courier' checked={kind === 'courier'} onSelect={() => setKind('courier')}>
              <Text className='ty-text'>快递送到家</Text>
            </ChoiceCard>
            <ChoiceCard id='delivery-pickup' checked={kind === 'pickup'} onSelect={() => setKind('pickup')}>
              <Text className='ty-text'>到自提点自己取</Text>
            </ChoiceCard>
          </ChoiceGroup>

          {kind === 'courier' ? (
            <View id='address-choices' {...a11yProps({ role: 'radiogroup', label: '收货地址' })}>
              {addressList.map((a) => (
                <ChoiceCard key={a.id} id={`address-${a.id}`} checked={a.id === addressId} onSelect={() => setChosenAddress(a.id)}>
                  <Text className='ty-text'>{describeAddress(a)}</Text>
                </ChoiceCard>
              ))}
              {addressList.length === 0 && <Text className='ty-note'>还没有收货地址，请先添加一个。</Text>}
              <BigButton id='add-address' variant='secondary' onClick={() => Taro.navigateTo({ url: addressEditUrl() })}>
                添加收货地址
              </BigButton>
            </View>
          ) : (
            <View id='pickup-choices' {...a11yProps({ role: 'radiogroup', label: '自提点' })}>
              {pickupPoints.map((pp) => (
                <ChoiceCard key={pp.id} id={`pickup-${pp.id}`} checked={pp.id === pickupId} onSelect={() => setChosenPickup(pp.id)}>
                  <Text className='ty-text'>{pp.name}</Text>
                  <Text className='ty-note'>{pp.address}</Text>
                </ChoiceCard>
              ))}
              {shop.status !== 'loading' && pickupPoints.length === 0 && <Text className='ty-note'>这家店没有自提点，请选快递。</Text>}
            </View>
          )}
        </View>
      )}

      <PayStatus id='pay-status' placing={placing} pay={payState} />
      {failure && (
        <Text id='checkout-failure' className='ty-warn' style={{ display: 'block' }}>
          {failure}
        </Text>
      )}

      <View className='ty-actions'>
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
