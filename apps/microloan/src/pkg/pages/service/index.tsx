import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { OfflineBanner } from '@tianyuan/sdk/react'
import { BigButton, PageShell } from '@tianyuan/ui'
import { useState } from 'react'
import { COMPLAINT_ANSWER_DAYS, SERVICE_HOURS, SERVICE_PHONE, dialable } from '../../../features/service/contact'

/** 客服与投诉: a number to ring (with the hours someone answers), copied in one tap where a phone cannot dial. */
export default function ServicePage() {
  const [copied, setCopied] = useState(false)
  const [callFailed, setCallFailed] = useState(false)

  const call = async () => {
    setCallFailed(false)
    try {
      await Taro.makePhoneCall({ phoneNumber: dialable(SERVICE_PHONE) })
    } catch {
      // Cancelled, or a phone (or browser) that cannot dial: the number is on screen to copy.
      setCallFailed(true)
    }
  }
  const copy = async () => {
    await Taro.setClipboardData({ data: dialable(SERVICE_PHONE) })
    setCopied(true)
  }

  return (
    <PageShell banner={<OfflineBanner />} title='客服与投诉'>
      <View className='ty-card' id='service-phone'>
        <Text className='ty-h'>打电话问客服</Text>
        <Text className='ty-status' id='service-number'>
          {SERVICE_PHONE}
        </Text>
        <Text className='ty-text' id='service-hours'>
          {SERVICE_HOURS}
        </Text>
        <Text className='ty-note'>还款、放款、合同看不明白，或者觉得收费不对，都可以打这个电话。</Text>
      </View>
      <View className='ty-card' id='complaint-how'>
        <Text className='ty-h'>投诉</Text>
        <Text className='ty-text'>对贷款、还款或者信贷员不满意，打上面的电话说“我要投诉”，客服会记下来，{COMPLAINT_ANSWER_DAYS} 天内给您答复。</Text>
        <Text className='ty-note'>对答复还不满意，可以拨打 12378（国家金融监督管理总局的消费者投诉热线）反映。</Text>
      </View>
      {callFailed && (
        <Text className='ty-warn' id='call-failed'>
          没有拨出去。可以点“复制号码”，再到手机的拨号里粘贴。
        </Text>
      )}
      {copied && (
        <Text className='ty-note' id='copied' style={{ display: 'block' }}>
          号码已复制
        </Text>
      )}
      <View className='ty-actions'>
        <BigButton id='call-service' onClick={call}>
          拨打 {SERVICE_PHONE}
        </BigButton>
        <BigButton id='copy-service' variant='secondary' onClick={copy}>
          复制号码
        </BigButton>
      </View>
    </PageShell>
  )
}
