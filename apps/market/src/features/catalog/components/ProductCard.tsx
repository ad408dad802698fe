import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import type { Product } from '@tianyuan/contracts/types'
import { NetImage } from '@tianyuan/sdk/react'
import { a11yProps, Price } from '@tianyuan/ui'
import { productUrl } from '../api'
import { describeStock, formatHarvestDate } from '../format'
import './ProductCard.scss'
import { unitWord } from '@tianyuan/contracts/market-rules'

/** Photo width in px: a square beside the text, big enough to recognise the produce. */
const PHOTO_WIDTH = 110

/** A product in a list: photo, title, grade and origin, price per unit, stock. The whole card opens the product. */
export function ProductCard({ product, priority }: { product: Product; priority?: number }) {
  const photo = product.photos[0]
  return (
    <View className='pc' id={`product-${product.id}`} onClick={() => void Taro.navigateTo({ url: productUrl(product.id) })}>
      <View className='pc__photo'>{photo ? <NetImage media={photo} width={PHOTO_WIDTH} aspectRatio={1} priority={priority} alt={`${product.title}的照片`} /> : null}</View>
      <View className='pc__body'>
        {/* To a screen reader the title is the link (the whole card is the target for a finger);
            not the card itself, which holds the photo's 点击加载图片 button on 2G. */}
        <Text className='pc__title' {...a11yProps({ role: 'link' })}>
          {product.title}
        </Text>
        <Text className='pc__meta'>
          {product.grade} · {product.origin}
        </Text>
        <Text className='pc__meta'>{formatHarvestDate(product.harvestDate)}采收</Text>
        <Price fen={product.priceFen} unit={unitWord(product.unit)} size='large' />
        <Text className={product.stock > 0 ? 'pc__stock' : 'pc__stock pc__stock--out'}>{describeStock(product.stock, product.unit)}</Text>
      </View>
    </View>
  )
}
