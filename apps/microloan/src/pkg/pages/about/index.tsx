import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { APR_NOTE, OVERDUE_RULE } from '@tianyuan/contracts/loans-rules'
import { BigButton, PageShell } from '@tianyuan/ui'
import { SERVICE_HOURS, SERVICE_PHONE } from '../../../features/service/contact'

export default function MicroloanAbout() {
  return (
    <PageShell title='了解惠农小贷'>
      <View className='ty-card' id='about-text'>
        <Text className='ty-text'>惠农小贷借钱给种地、养殖、买农机的乡亲：买种子化肥、买猪苗鸡苗、买农机，缺钱时可以在这里申请。</Text>
        <Text className='ty-text'>每个产品先写年化利率，再写别的：{APR_NOTE}借之前就能算出一共要还多少钱，一分不差。</Text>
        <Text className='ty-text'>不会从借款里先扣利息或费用（砍头息）：批下来多少，就放到您手里多少。</Text>
        <Text className='ty-text'>{OVERDUE_RULE}</Text>
        <Text className='ty-note'>
          客服电话 {SERVICE_PHONE}，{SERVICE_HOURS}。
        </Text>
      </View>
      <BigButton id='back' variant='secondary' onClick={() => Taro.navigateBack()}>
        返回
      </BigButton>
    </PageShell>
  )
}
