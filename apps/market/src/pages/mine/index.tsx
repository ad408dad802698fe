import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { OfflineBanner, useAuth } from '@tianyuan/sdk/react'
import { BigButton, BigTextToggle, PageShell, PublisherEntries } from '@tianyuan/ui'
import { useMe } from '../../features/account/hooks'
import { useCart } from '../../features/cart/hooks'
import './index.scss'

export default function MarketMine() {
  const cart = useCart()
  const { status } = useAuth()
  // Roles asked once (GET /api/me): someone without a shop is offered 开店, not sent to a 404.
  const me = useMe(status === 'signed_in')
  const noShopYet = me.data !== undefined && !me.data.roles.includes('seller')
  // Accounts of a 村委会, 卫生院, 农技站, 信用社 or 合作社 publish notices (same shared pages in every app).
  const publisher = me.data?.roles.includes('publisher') === true
  const open = (url: string) => () => void Taro.navigateTo({ url })
  return (
    <PageShell className='mine' banner={<OfflineBanner />}>
      <Text id='mine-title' className='mine__title'>
        我的订单、购物车和收货地址都在这里。
      </Text>
      <View className='mine__menu'>
      <BigButton id='my-orders' onClick={open('/pkg/pages/orders/index')}>
        我的订单
      </BigButton>
      <BigButton id='my-cart' variant='secondary' onClick={open('/pkg/pages/cart/index')}>
        {cart.count > 0 ? `购物车（${cart.count} 种）` : '购物车'}
      </BigButton>
      <BigButton id='my-addresses' variant='secondary' onClick={open('/pkg/pages/addresses/index')}>
        收货地址
      </BigButton>
      <BigButton id='my-shop' variant='secondary' onClick={open('/seller/pages/shop/index')}>
        {noShopYet ? '开店卖东西' : '我的店铺（卖东西）'}
      </BigButton>
      {publisher && <PublisherEntries />}
      <BigTextToggle id='mine-big-text' />
      </View>
    </PageShell>
  )
}
