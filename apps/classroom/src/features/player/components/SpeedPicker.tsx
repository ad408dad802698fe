import { Text, View } from '@tarojs/components'
import { a11yProps } from '@tianyuan/ui'
import { SPEEDS } from '../slides'

/** 0.75–2×, one tap each; the chosen one is announced as checked. */
export function SpeedPicker({ rate, onChange }: { rate: number; onChange(rate: number): void }) {
  return (
    <View className='pl-speeds' id='speeds' {...a11yProps({ role: 'radiogroup', label: '播放速度' })}>
      <Text className='pl-label'>速度</Text>
      {SPEEDS.map((s) => (
        <View key={s} id={`speed-${String(s).replace('.', '_')}`} className={`pl-speed ${s === rate ? 'pl-speed--on' : ''}`} onClick={() => onChange(s)} {...a11yProps({ role: 'radio', checked: s === rate, label: `${s} 倍速` })}>
          {s}×
        </View>
      ))}
    </View>
  )
}
