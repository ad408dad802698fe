import { Text, View } from '@tarojs/components'
import type { Order } from '@tianyuan/contracts/types'
import { a11yProps, Price } from '@tianyuan/ui'
import { ORDER_STATUS_WORDS, unitWord } from '@tianyuan/contracts/market-rules'
import { formatShanghaiTime } from '../timeline'

/** An order in a list: shop, status in words, what was bought, total. */
export function OrderSummary({ order, onClick }: { order: Order; onClick?: () => void }) {
  const first = order.items[0]
  const more = order.items.length > 1 ? ` 等 ${order.items.length} 种` : ''
  return (
    <View className='ty-card' id={`order-${order.id}`} onClick={onClick} {...(onClick ? a11yProps({ role: 'button' }) : {})}>
      <View className='ty-row'>
        <Text className='ty-text'>{order.shopName}</Text>
        <Text className='ty-status' id={`order-status-${order.id}`}>
          {ORDER_STATUS_WORDS[order.status]}
        </Text>
      </View>
      <Text className='ty-text'>
        {first ? `${first.title} × ${first.quantity} ${unitWord(first.unit)}` : ''}
        {more}
      </Text>
      <View className='ty-row'>
        <Text className='ty-note'>{formatShanghaiTime(order.createdAt)} 下单</Text>
        <Price fen={order.totalFen} size='large' />
      </View>
    </View>
  )
}
