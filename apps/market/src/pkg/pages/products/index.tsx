import { View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { OfflineBanner } from '@tianyuan/sdk/react'
import { EmptyState, ErrorState, PageShell, Pager } from '@tianyuan/ui'
import { useState } from 'react'
import { ProductCard } from '../../../features/catalog/components/ProductCard'
import { ProductListSkeleton } from '../../../features/catalog/components/ProductListSkeleton'
import { useProducts } from '../../../features/catalog/hooks'

const PAGE_SIZE = 10

/** Products by category or search words (?category=fruit&title=新鲜水果, ?q=苹果), a page at a time. */
export default function ProductList() {
  const { params } = useRouter()
  const q = params.q ? decodeURIComponent(params.q) : undefined
  const title = params.title ? decodeURIComponent(params.title) : q ? `搜索“${q}”` : '全部商品'
  const [page, setPage] = useState(1)
  const products = useProducts({ q, category: params.category, page, size: PAGE_SIZE })

  return (
    <PageShell banner={<OfflineBanner />} title={title}>
      {products.status === 'loading' ? (
        <ProductListSkeleton count={4} />
      ) : products.status === 'error' ? (
        <ErrorState id='products-error' error={products.error} onRetry={products.refetch} />
      ) : !products.data?.items.length ? (
        <EmptyState
          id='products-empty'
          title={q ? `没有找到“${q}”` : '这里还没有商品'}
          description='换个词试试，比如“苹果”“小米”；或者回首页按分类看看。'
          actionText='回首页'
          onAction={() => Taro.switchTab({ url: '/pages/index/index' })}
        />
      ) : (
        <View id='products'>
          {products.data.items.map((p, i) => (
            <ProductCard key={p.id} product={p} priority={i} />
          ))}
          <Pager page={page} hasMore={products.data.hasMore} onChange={setPage} />
        </View>
      )}
    </PageShell>
  )
}
