import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { NetImage, OfflineBanner } from '@tianyuan/sdk/react'
import { a11yProps, BigButton, EmptyState, PageShell, Price, Skeleton } from '@tianyuan/ui'
import { cartTotalFen, groupByShop, removeFromCart, setCartQuantity } from '../../../features/cart/cart-store'
import { QuantityStepper } from '../../../features/cart/components/QuantityStepper'
import { useCart, useCartMerge } from '../../../features/cart/hooks'
import { unitWord } from '@tianyuan/contracts/market-rules'

/**
 * The cart: the phone's copy at once (also offline, also after a restart); merged with the
 * server's when signed in and online. Checkout goes one shop at a time (one order per shop).
 */
export default function CartPage() {
  const cart = useCart()
  const { changes } = useCartMerge()

  if (!cart.ready) {
    return (
      <PageShell banner={<OfflineBanner />}>
        <Skeleton id='cart-loading' row imageRatio={1} lines={2} blocks={2} />
      </PageShell>
    )
  }
  if (cart.items.length === 0) {
    return (
      <PageShell banner={<OfflineBanner />}>
        <EmptyState
          id='cart-empty'
          title='购物车是空的'
          description='在商品页点“加入购物车”，东西就会放在这里，没网的时候也不会丢。'
          actionText='去首页逛逛'
          onAction={() => Taro.switchTab({ url: '/pages/index/index' })}
        />
      </PageShell>
    )
  }

  return (
    <PageShell banner={<OfflineBanner />}>
      {changes.map((c) => (
        <Text key={c.productId} className='ty-warn' style={{ display: 'block' }}>
          {c.message}
        </Text>
      ))}
      {groupByShop(cart.items).map((group) => (
        <View key={group.shopId} className='ty-card' id={`cart-shop-${group.shopId}`}>
          <Text className='ty-h'>{group.shopName}</Text>
          {group.items.map((item) => (
            <View key={item.productId} id={`cart-item-${item.productId}`} style={{ padding: '12px 0', borderTop: '1px solid #e5e5e5' }}>
              <View className='ty-row' style={{ flexWrap: 'nowrap', justifyContent: 'flex-start' }}>
                <View className='ty-thumb'>{item.photo ? <NetImage media={item.photo} width={60} aspectRatio={1} alt={`${item.title}的照片`} /> : null}</View>
                <View style={{ flex: 1, minWidth: 0 }}>
                  <Text className='ty-text' style={{ display: 'block' }}>
                    {item.title}
                  </Text>
                  <Price fen={item.priceFen} unit={unitWord(item.unit)} />
                </View>
              </View>
              <View className='ty-row' style={{ marginTop: '12px' }}>
                <QuantityStepper id={`qty-${item.productId}`} value={item.quantity} max={Math.max(item.stock, item.quantity)} onChange={(n) => void setCartQuantity(item.productId, n)} />
                <View className='mk-qty__btn' style={{ padding: '0 20px' }} id={`remove-${item.productId}`} onClick={() => void removeFromCart([item.productId])} {...a11yProps({ role: 'button', label: `从购物车删除${item.title}` })}>
                  删除
                </View>
              </View>
            </View>
          ))}
          <View className='ty-row'>
            <Text className='ty-text'>合计</Text>
            <Price fen={cartTotalFen(group.items)} size='large' />
          </View>
          <BigButton id={`checkout-${group.shopId}`} onClick={() => Taro.navigateTo({ url: `/pkg/pages/checkout/index?shop=${encodeURIComponent(group.shopId)}` })}>
            去结算
          </BigButton>
        </View>
      ))}
      <Text className='ty-note'>不同卖家的东西分开下单、分开发货。</Text>
    </PageShell>
  )
}
