import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { OfflineBanner } from '@tianyuan/sdk/react'
import { a11yProps, BigButton, EmptyState, ErrorState, HomeFooter, NoticeStrip, PageShell, SearchBox, Skeleton } from '@tianyuan/ui'
import { productListUrl } from '../../features/catalog/api'
import { ProductCard } from '../../features/catalog/components/ProductCard'
import { ProductListSkeleton } from '../../features/catalog/components/ProductListSkeleton'
import { useCategories, useProducts } from '../../features/catalog/hooks'
import { useCart } from '../../features/cart/hooks'
import './index.scss'

/** Products on the first screen: enough to fill it, few enough for 2G. */
const FEATURED_COUNT = 6

export default function MarketHome() {
  const categories = useCategories()
  const featured = useProducts({ size: FEATURED_COUNT })
  const cart = useCart()

  // The first screen's content is in once both lists have settled — rows, or the error or empty
  // state standing in for them, never skeletons: the marker tools/bench times the first screen to
  // (tools/bench/README.md, "The first-screen marker").
  const firstScreenReady = categories.status !== 'loading' && featured.status !== 'loading'

  return (
    <PageShell className='home' banner={<OfflineBanner />} firstScreenReady={firstScreenReady}>
      <Text className='home__lead' id='purpose'>
        附近村子的新鲜农产品，看清产地和采收日期，微信付款，收到货再确认。
      </Text>

      <SearchBox placeholder='搜索：苹果、小米、鸡蛋…' onSearch={(q) => void Taro.navigateTo({ url: productListUrl({ q }) })} />

      {/* 紧急 notices (every app) and 价格行情, from the phone's copy at once; nothing when there are none. */}
      <NoticeStrip app='market' title='通知和价格行情' />

      <Text className='ty-heading'>分类</Text>
      {categories.status === 'loading' ? (
        <Skeleton id='categories-loading' lines={2} />
      ) : categories.status === 'error' ? (
        <ErrorState id='categories-error' error={categories.error} onRetry={categories.refetch} />
      ) : (
        <View className='ty-tiles' id='categories'>
          {(categories.data?.items ?? []).map((c) => (
            <View key={c.id} id={`category-${c.id}`} className='ty-tile' onClick={() => void Taro.navigateTo({ url: productListUrl({ category: c.id, title: c.name }) })} {...a11yProps({ role: 'button' })}>
              {c.name}
            </View>
          ))}
        </View>
      )}

      <Text className='ty-heading'>新鲜上市</Text>
      {featured.status === 'loading' ? (
        <ProductListSkeleton count={3} />
      ) : featured.status === 'error' ? (
        <ErrorState id='featured-error' error={featured.error} onRetry={featured.refetch} />
      ) : !featured.data?.items?.length ? (
        <EmptyState id='featured-empty' title='还没有商品上架' description='乡亲们正在准备，过几天再来看看；您也可以在“我的”里开店卖自家的农产品。' />
      ) : (
        <View id='featured'>
          {featured.data.items.map((p, i) => (
            <ProductCard key={p.id} product={p} priority={i} />
          ))}
          <BigButton id='all-products' variant='secondary' onClick={() => Taro.navigateTo({ url: productListUrl({}) })}>
            看全部商品
          </BigButton>
        </View>
      )}

      <BigButton id='home-cart' variant='secondary' onClick={() => Taro.navigateTo({ url: '/pkg/pages/cart/index' })}>
        {cart.count > 0 ? `购物车（${cart.count} 种）` : '购物车'}
      </BigButton>
      <HomeFooter aboutText='了解田园集市' />
    </PageShell>
  )
}
