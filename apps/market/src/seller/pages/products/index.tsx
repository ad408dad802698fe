import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import type { Product } from '@tianyuan/contracts/types'
import { OfflineBanner } from '@tianyuan/sdk/react'
import { BigButton, EmptyState, ErrorState, FormField, PageShell, Price, SignInGate, Skeleton, userMessageOf } from '@tianyuan/ui'
import { useState } from 'react'
import { fenToYuanText, updateProduct, yuanToFen } from '../../../features/seller/api'
import { useMyProducts } from '../../../features/seller/hooks'
import { unitWord } from '@tianyuan/contracts/market-rules'

/** My products: each with its price (元 per unit) and stock, changed and saved one at a time. */
export default function MyProductsPage() {
  return (
    <PageShell banner={<OfflineBanner />}>
      <SignInGate reason='登录微信后就能管理您的商品'>
        <MyProducts />
      </SignInGate>
    </PageShell>
  )
}

function MyProducts() {
  const products = useMyProducts()
  if (products.status === 'loading') return <Skeleton id='seller-products-loading' lines={4} blocks={3} />
  if (products.status === 'error') return <ErrorState id='seller-products-error' error={products.error} onRetry={products.refetch} />
  const items = products.data?.items ?? []
  if (items.length === 0) {
    return (
      <EmptyState
        id='seller-products-empty'
        title='还没有上架商品'
        description='拍几张照片，写上价格和库存，就能上架。'
        actionText='发布新商品'
        onAction={() => Taro.navigateTo({ url: '/seller/pages/publish/index' })}
      />
    )
  }
  return (
    <View id='seller-products'>
      {items.map((p) => (
        <ProductEditor key={p.id} product={p} onSaved={products.refetch} />
      ))}
    </View>
  )
}

function ProductEditor({ product, onSaved }: { product: Product; onSaved: () => void }) {
  const [price, setPrice] = useState(fenToYuanText(product.priceFen))
  const [stock, setStock] = useState(String(product.stock))
  const [saved, setSaved] = useState<Product>()
  const [failure, setFailure] = useState<string>()
  const current = saved ?? product
  const priceFen = yuanToFen(price)
  const stockCount = /^\d{1,7}$/.test(stock.trim()) ? Number(stock.trim()) : undefined

  const save = async () => {
    if (priceFen === undefined || priceFen < 1 || stockCount === undefined) return
    setFailure(undefined)
    try {
      setSaved(await updateProduct(product.id, { priceFen, stock: stockCount }))
      onSaved()
    } catch (error) {
      setFailure(userMessageOf(error))
    }
  }

  const unchanged = priceFen === current.priceFen && stockCount === current.stock
  return (
    <View className='ty-card' id={`seller-product-${product.id}`}>
      <Text className='ty-h'>{product.title}</Text>
      <View className='ty-row'>
        <Text className='ty-note'>现在卖</Text>
        <Price fen={current.priceFen} unit={unitWord(current.unit)} />
        <Text className='ty-note'>
          库存 {current.stock} {unitWord(current.unit)}
        </Text>
      </View>
      <FormField
        id={`price-${product.id}`}
        label={`价格（元/${unitWord(product.unit)}）`}
        type='digit'
        value={price}
        onChange={setPrice}
        rules={{ required: true, validate: (v) => (yuanToFen(v) ? undefined : '价格写成 6.80 这样，最多两位小数') }}
      />
      <FormField
        id={`stock-${product.id}`}
        label={`库存（${unitWord(product.unit)}）`}
        type='number'
        value={stock}
        onChange={setStock}
        rules={{ required: true, validate: (v) => (/^\d{1,7}$/.test(v.trim()) ? undefined : '库存写整数，比如 100') }}
      />
      {failure && <Text className='ty-warn'>{failure}</Text>}
      <BigButton id={`save-${product.id}`} disabled={unchanged || priceFen === undefined || stockCount === undefined} onClick={save}>
        {unchanged && saved ? '已保存' : '保存'}
      </BigButton>
    </View>
  )
}
