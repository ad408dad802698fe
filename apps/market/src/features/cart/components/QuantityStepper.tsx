import { Text, View } from '@tarojs/components'
import './QuantityStepper.scss'

/** − n + with 44 pt targets; stays within 1…max. */
export function QuantityStepper({ value, max, onChange, id }: { value: number; max: number; onChange: (n: number) => void; id?: string }) {
  return (
    <View className='mk-qty' id={id}>
      <View className='mk-qty__btn' id={id ? `${id}-minus` : undefined} onClick={() => value > 1 && onChange(value - 1)}>
        −
      </View>
      <Text className='mk-qty__value' id={id ? `${id}-value` : undefined}>
        {value}
      </Text>
      <View className='mk-qty__btn' id={id ? `${id}-plus` : undefined} onClick={() => value < max && onChange(value + 1)}>
        ＋
      </View>
    </View>
  )
}
