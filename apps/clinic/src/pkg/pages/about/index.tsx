import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { FOLLOW_UP_NOTICE, GUARDIAN_REQUIRED_UNDER, REFUND_RULE } from '@tianyuan/contracts/clinic-rules'
import { BigButton, PageShell } from '@tianyuan/ui'

export default function ClinicAbout() {
  return (
    <PageShell title='了解乡村问诊'>
      <View className='ty-card' id='about-text'>
        <Text className='ty-text'>{FOLLOW_UP_NOTICE}</Text>
        <Text className='ty-text'>{GUARDIAN_REQUIRED_UNDER} 岁以下的孩子看病，要由家里的大人作为监护人一起预约。</Text>
        <Text className='ty-text'>退款规则：{REFUND_RULE}</Text>
        <Text className='ty-note'>医生来自县人民医院和乡镇卫生院；诊费在预约时付，用微信支付。</Text>
      </View>
      <BigButton id='back' variant='secondary' onClick={() => Taro.navigateBack()}>
        返回
      </BigButton>
    </PageShell>
  )
}
