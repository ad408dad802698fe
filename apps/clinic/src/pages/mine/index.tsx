import { Text, View } from '@tarojs/components'

export default function ClinicMine() {
  return (
    <View className='mine'>
      <Text id='mine-title'>我的预约、家庭成员和问诊记录会放在这里。</Text>
    </View>
  )
}
