import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { OfflineBanner } from '@tianyuan/sdk/react'
import { BigButton, ErrorState, FormField, PageShell, Price, SignInGate, Skeleton, userMessageOf, validateField } from '@tianyuan/ui'
import { useState } from 'react'
import { isNoShop, openShop } from '../../../features/seller/api'
import { useMe } from '../../../features/account/hooks'
import { useMyShop, useSalesSummary } from '../../../features/seller/hooks'

/** 我的店铺: the last 30 days' sales, what waits to be shipped, and the way to products and orders. */
export default function MyShopPage() {
  return (
    <PageShell banner={<OfflineBanner />}>
      <SignInGate reason='登录微信后就能管理您的店铺'>
        <MyShop />
      </SignInGate>
    </PageShell>
  )
}

function MyShop() {
  // The roles first (GET /api/me): someone without a shop gets the 开店 form, not a 404 NO_SHOP.
  const me = useMe()
  const seller = me.data?.roles.includes('seller')
  const shop = useMyShop(seller === true || me.status === 'error')
  const summary = useSalesSummary(shop.status === 'success')
  const opened = () => {
    me.refetch()
    shop.refetch()
  }
  if (me.status === 'loading' && !me.data) return <Skeleton id='shop-loading' lines={5} />
  if (seller === false) return <OpenShopForm onOpened={opened} />
  if (shop.status === 'loading') return <Skeleton id='shop-loading' lines={5} />
  if (shop.status === 'error' && isNoShop(shop.error)) return <OpenShopForm onOpened={opened} />
  if (shop.status === 'error' || !shop.data) return <ErrorState id='shop-error' error={shop.error} onRetry={shop.refetch} />
  const s = summary.data
  return (
    <View>
      <View className='ty-card' id='shop-info'>
        <Text className='ty-h'>{shop.data.shop.name}</Text>
        <Text className='ty-note'>{shop.data.shop.village}</Text>
      </View>
      <View className='ty-card' id='sales-summary'>
        <Text className='ty-h'>近 30 天</Text>
        {s ? (
          <>
            <View className='ty-row'>
              <Text className='ty-text'>卖出 {s.orders} 单，收入</Text>
              <Price fen={s.totalFen} size='large' />
            </View>
            {s.refundedFen > 0 && (
              <View className='ty-row'>
                <Text className='ty-note'>退款</Text>
                <Price fen={s.refundedFen} />
              </View>
            )}
            <Text className={s.toShip > 0 ? 'ty-status' : 'ty-text'} id='to-ship-count'>
              {s.toShip > 0 ? `有 ${s.toShip} 单等您发货` : '没有要发货的订单'}
            </Text>
          </>
        ) : summary.status === 'error' ? (
          <ErrorState error={summary.error} onRetry={summary.refetch} />
        ) : (
          <Skeleton lines={3} />
        )}
      </View>
      <View className='ty-actions'>
        <BigButton id='seller-orders' onClick={() => Taro.navigateTo({ url: '/seller/pages/orders/index' })}>
          发货
        </BigButton>
        <BigButton id='seller-publish' variant='secondary' onClick={() => Taro.navigateTo({ url: '/seller/pages/publish/index' })}>
          发布新商品（拍照上架）
        </BigButton>
        <BigButton id='seller-products' variant='secondary' onClick={() => Taro.navigateTo({ url: '/seller/pages/products/index' })}>
          我的商品（改价格、库存）
        </BigButton>
      </View>
    </View>
  )
}

const SHOP_FIELDS = {
  name: { label: '店铺名称', rules: { required: true, maxLength: 30 }, placeholder: '比如：老张家果园' },
  village: { label: '所在村镇', rules: { required: true, maxLength: 60 }, placeholder: '省 市 县 镇 村' },
} as const

function OpenShopForm({ onOpened }: { onOpened: () => void }) {
  const [values, setValues] = useState({ name: '', village: '' })
  const [showErrors, setShowErrors] = useState(false)
  const [failure, setFailure] = useState<string>()
  const open = async () => {
    setShowErrors(true)
    if ((['name', 'village'] as const).some((k) => validateField(SHOP_FIELDS[k].label, values[k].trim(), SHOP_FIELDS[k].rules))) return
    try {
      await openShop({ name: values.name.trim(), village: values.village.trim(), intro: '' })
      onOpened()
    } catch (error) {
      setFailure(userMessageOf(error))
    }
  }
  return (
    <View id='open-shop'>
      <Text className='ty-text'>您还没有开店。填好店名和村子，就能卖自家的农产品。</Text>
      {(['name', 'village'] as const).map((k) => (
        <FormField
          key={k}
          id={`shop-${k}`}
          label={SHOP_FIELDS[k].label}
          value={values[k]}
          rules={SHOP_FIELDS[k].rules}
          showErrors={showErrors}
          placeholder={SHOP_FIELDS[k].placeholder}
          onChange={(v) => setValues((old) => ({ ...old, [k]: v }))}
        />
      ))}
      {failure && <Text className='ty-warn'>{failure}</Text>}
      <BigButton id='open-shop-button' onClick={open}>
        开店
      </BigButton>
    </View>
  )
}
