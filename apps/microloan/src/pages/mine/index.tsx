import { Text, View } from '@tarojs/components'

export default function MicroloanMine() {
  return (
    <View className='mine'>
      <Text id='mine-title'>我的贷款、还款计划和还款记录会放在这里。</Text>
    </View>
  )
}
