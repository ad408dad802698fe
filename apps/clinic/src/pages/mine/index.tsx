import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { OfflineBanner, useAuth } from '@tianyuan/sdk/react'
import { BigButton, BigTextToggle, PageShell, PublisherEntries, SignInGate } from '@tianyuan/ui'
import { useMe } from '../../features/account/hooks'
import { appointmentsUrl } from '../../features/appointments/api'
import { todayUrl } from '../../features/doctor/api'
import { patientsUrl } from '../../features/patients/api'
import './index.scss'

export default function ClinicMine() {
  const { status } = useAuth()
  // The account's roles, asked once (GET /api/me): a doctor sees the workbench, a patient makes no
  // request that could only answer 403.
  const me = useMe(status === 'signed_in')
  const isDoctor = status === 'signed_in' && Boolean(me.data?.roles.includes('doctor'))
  // Accounts of a 村委会, 卫生院, 农技站, 信用社 or 合作社 publish notices (the same shared pages in every app).
  const isPublisher = status === 'signed_in' && Boolean(me.data?.roles.includes('publisher'))
  const open = (url: string) => () => void Taro.navigateTo({ url })
  return (
    <PageShell className='mine' banner={<OfflineBanner />}>
      <Text id='mine-title' className='mine__title'>
        我的预约、就诊人（家里人）和问诊记录都在这里。
      </Text>
      {/* 我的 signs in by itself: a doctor finds the workbench here without going through a booking first. */}
      {status !== 'signed_in' && <SignInGate reason='登录微信后，能看到您的预约和就诊人；医生能进入医生工作台' />}
      <View className='ty-actions'>
        <BigButton id='my-appointments' onClick={open(appointmentsUrl)}>
          我的预约
        </BigButton>
        <BigButton id='my-patients' variant='secondary' onClick={open(patientsUrl)}>
          就诊人（家里人）
        </BigButton>
        {isDoctor && (
          <BigButton id='doctor-workbench' variant='secondary' onClick={open(todayUrl())}>
            医生工作台
          </BigButton>
        )}
        {isPublisher && <PublisherEntries />}
        <BigTextToggle id='mine-big-text' />
      </View>
    </PageShell>
  )
}
