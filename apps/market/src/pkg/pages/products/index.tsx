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
  // The cursors of the pages opened after the first (keyset paging: a deep page costs the server
  // one page of rows); 上一页 goes back to the cursor before, its copy already stored.
  const [cursors, setCursors] = useState<string[]>([])
  const page = cursors.length + 1
  const products = useProducts({ q, category: params.category, cursor: cursors[cursors.length - 1], size: PAGE_SIZE })
  const turnTo = (next: number) => {
    const nextCursor = products.data?.nextCursor
    if (next > page && nextCursor) setCursors([...cursors, nextCursor])
    else if (next < page) setCursors(cursors.slice(0, next - 1))
  }

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
          <Pager page={page} hasMore={products.data.nextCursor != null} onChange={turnTo} />
        </View>
      )}
    </PageShell>
  )
}
