import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { OfflineBanner, useAuth } from '@tianyuan/sdk/react'
import { BigButton, BigTextToggle, PageShell } from '@tianyuan/ui'
import { appointmentsUrl } from '../../features/appointments/api'
import { todayUrl } from '../../features/doctor/api'
import { useDoctorMe } from '../../features/doctor/hooks'
import { patientsUrl } from '../../features/patients/api'
import './index.scss'

export default function ClinicMine() {
  const { status } = useAuth()
  // Only a signed-in account can be a doctor; a patient's account answers 403 and sees no workbench.
  const doctor = useDoctorMe(status === 'signed_in')
  const open = (url: string) => () => void Taro.navigateTo({ url })
  return (
    <PageShell className='mine' banner={<OfflineBanner />}>
      <Text id='mine-title' className='mine__title'>
        我的预约、就诊人（家里人）和问诊记录都在这里。
      </Text>
      <View className='ty-actions'>
        <BigButton id='my-appointments' onClick={open(appointmentsUrl)}>
          我的预约
        </BigButton>
        <BigButton id='my-patients' variant='secondary' onClick={open(patientsUrl)}>
          就诊人（家里人）
        </BigButton>
        {doctor.data && (
          <BigButton id='doctor-workbench' variant='secondary' onClick={open(todayUrl())}>
            医生工作台（{doctor.data.doctor.name}）
          </BigButton>
        )}
        <BigTextToggle id='mine-big-text' />
      </View>
    </PageShell>
  )
}
