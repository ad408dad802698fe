import { Input, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { describeNetworkState } from '@tianyuan/sdk'
import { OfflineBanner, useNetworkState } from '@tianyuan/sdk/react'
import { BigButton, BigTextToggle, EmptyState, ErrorState, PageShell, Skeleton } from '@tianyuan/ui'
import { useState } from 'react'
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
  const network = useNetworkState()
  const [query, setQuery] = useState('')

  const search = () => void Taro.navigateTo({ url: productListUrl({ q: query.trim() }) })
  // The first screen's content is in once both lists have settled — rows, or the error or empty
  // state standing in for them, never skeletons: the marker tools/bench times the first screen to
  // (tools/bench/README.md, "The first-screen marker").
  const firstScreenReady = categories.status !== 'loading' && featured.status !== 'loading'

  return (
    <PageShell className='home' banner={<OfflineBanner />} firstScreenReady={firstScreenReady}>
      <Text className='home__lead' id='purpose'>
        附近村子的新鲜农产品，看清产地和采收日期，微信付款，收到货再确认。
      </Text>

      <View className='home__search'>
        <Input
          id='search-input'
          className='home__search-input'
          value={query}
          placeholder='搜索：苹果、小米、鸡蛋…'
          confirmType='search'
          onInput={(e) => setQuery(e.detail.value)}
          onConfirm={search}
        />
        <View className='home__search-btn' id='search' onClick={search}>
          搜索
        </View>
      </View>

      <Text className='home__heading'>分类</Text>
      {categories.status === 'loading' ? (
        <Skeleton id='categories-loading' lines={2} />
      ) : categories.status === 'error' ? (
        <ErrorState id='categories-error' error={categories.error} onRetry={categories.refetch} />
      ) : (
        <View className='home__categories' id='categories'>
          {(categories.data?.items ?? []).map((c) => (
            <View key={c.id} id={`category-${c.id}`} className='home__category' onClick={() => void Taro.navigateTo({ url: productListUrl({ category: c.id, title: c.name }) })}>
              {c.name}
            </View>
          ))}
        </View>
      )}

      <Text className='home__heading'>新鲜上市</Text>
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

      <Text className='home__network' id='network'>
        {network ? `当前网络：${describeNetworkState(network)}` : '正在查看网络…'}
      </Text>
      <BigTextToggle id='big-text' />
      <BigButton id='about' variant='secondary' onClick={() => Taro.navigateTo({ url: '/pkg/pages/about/index' })}>
        了解田园集市
      </BigButton>
    </PageShell>
  )
}
