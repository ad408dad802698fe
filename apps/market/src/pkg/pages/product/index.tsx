import { Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { NetImage, OfflineBanner } from '@tianyuan/sdk/react'
import { a11yProps, BigButton, EmptyState, ErrorState, PageShell, Price, Skeleton } from '@tianyuan/ui'
import { useState } from 'react'
import { unitWord } from '@tianyuan/contracts/market-rules'
import { describeStock, formatHarvestDate } from '../../../features/catalog/format'
import { useProduct, useShop } from '../../../features/catalog/hooks'
import { addToCart } from '../../../features/cart/cart-store'
import { QuantityStepper } from '../../../features/cart/components/QuantityStepper'
import './index.scss'

/** The gallery's width in px (a 375 px phone less the page padding); the server picks the variant from it. */
const GALLERY_WIDTH = 343
const THUMB_WIDTH = 60

export default function ProductPage() {
  const { params } = useRouter()
  const product = useProduct(params.id)
  const shop = useShop(product.data?.product.shopId)
  const [photoIndex, setPhotoIndex] = useState(0)
  const [quantity, setQuantity] = useState(1)
  /** How much is in the cart after the last tap (said on the page: a toast is gone before an older eye finds it). */
  const [added, setAdded] = useState<number>()

  if (product.status === 'loading') {
    return (
      <PageShell banner={<OfflineBanner />}>
        <Skeleton id='product-loading' imageRatio={4 / 3} lines={5} />
      </PageShell>
    )
  }
  if (product.status === 'error' || !product.data) {
    const gone = product.error?.status === 404
    return (
      <PageShell banner={<OfflineBanner />}>
        {gone ? (
          <EmptyState id='product-gone' title='这个商品已经下架了' description='回首页看看别的新鲜农产品。' actionText='回首页' onAction={() => Taro.switchTab({ url: '/pages/index/index' })} />
        ) : (
          <ErrorState id='product-error' error={product.error} onRetry={product.refetch} />
        )}
      </PageShell>
    )
  }

  const p = product.data.product
  const photo = p.photos[photoIndex] ?? p.photos[0]
  const soldOut = p.stock <= 0
  const add = async () => {
    setAdded(await addToCart(p, quantity))
  }

  return (
    <PageShell banner={<OfflineBanner />}>
      {photo && (
        <View className='mk-gallery' id='gallery'>
          <NetImage media={photo} width={GALLERY_WIDTH} aspectRatio={4 / 3} priority={0} alt={`${p.title}的照片，第 ${photoIndex + 1} 张，共 ${p.photos.length} 张`} />
        </View>
      )}
      {p.photos.length > 1 && (
        <View className='ty-row' style={{ justifyContent: 'flex-start', margin: '8px 0 16px' }}>
          {p.photos.map((ph, i) => (
            <View key={ph.id} id={`thumb-${i}`} className='ty-thumb' style={{ width: `${THUMB_WIDTH}px`, outline: i === photoIndex ? '3px solid #2f7d32' : 'none' }} onClick={() => setPhotoIndex(i)} {...a11yProps({ role: 'button', label: `看第 ${i + 1} 张照片`, selected: i === photoIndex })}>
              <NetImage media={ph} width={THUMB_WIDTH} aspectRatio={1} priority={2} />
            </View>
          ))}
        </View>
      )}

      <View className='ty-card'>
        <Text className='ty-h' id='product-title'>
          {p.title}
        </Text>
        <Price id='product-price' fen={p.priceFen} unit={unitWord(p.unit)} size='large' />
        <Text className='ty-text'>等级：{p.grade}</Text>
        <Text className='ty-text'>产地：{p.origin}</Text>
        <Text className='ty-text' id='harvest-date'>
          采收日期：{formatHarvestDate(p.harvestDate)}
        </Text>
        <Text className={soldOut ? 'ty-warn' : 'ty-text'} id='product-stock'>
          {describeStock(p.stock, p.unit)}
        </Text>
        {p.description ? <Text className='ty-note'>{p.description}</Text> : null}
      </View>

      <View className='ty-card' id='shop'>
        <Text className='ty-h'>卖家：{p.shopName}</Text>
        {shop.data ? (
          <>
            <Text className='ty-note'>{shop.data.shop.village}</Text>
            {shop.data.shop.intro ? <Text className='ty-note'>{shop.data.shop.intro}</Text> : null}
            {shop.data.shop.pickupPoints.length > 0 && <Text className='ty-note'>可到 {shop.data.shop.pickupPoints.map((pp) => pp.name).join('、')} 自提</Text>}
          </>
        ) : shop.status === 'loading' ? (
          <Skeleton lines={2} />
        ) : null}
      </View>

      {soldOut ? (
        <Text className='ty-warn'>已经卖完了，过几天再来看看。</Text>
      ) : (
        <>
          {/* Room under the content so the fixed bar never covers the shop card. */}
          <View className={added === undefined ? 'mk-buybar-space' : 'mk-buybar-space mk-buybar-space--added'} />
          {/* Fixed at the bottom: how much and 加入购物车 are on the first screen, however long the page. */}
          <View className='mk-buybar' id='buy-bar'>
            <View className='ty-row'>
              <Text className='ty-text'>买多少（{unitWord(p.unit)}）</Text>
              <QuantityStepper id='quantity' value={quantity} max={p.stock} onChange={setQuantity} editable unit={unitWord(p.unit)} />
            </View>
            <BigButton id='add-to-cart' onClick={add}>
              加入购物车
            </BigButton>
            {added !== undefined && (
              <View className='ty-row'>
                <Text className='ty-status' id='added'>
                  ✓ 已加入购物车，一共 {added} {unitWord(p.unit)}
                </Text>
                <BigButton id='go-cart' variant='secondary' block={false} onClick={() => Taro.navigateTo({ url: '/pkg/pages/cart/index' })}>
                  去购物车结算
                </BigButton>
              </View>
            )}
          </View>
        </>
      )}
    </PageShell>
  )
}
