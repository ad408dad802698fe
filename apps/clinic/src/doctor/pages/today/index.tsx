import { Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { OfflineBanner, useAuth } from '@tianyuan/sdk/react'
import { BigButton, EmptyState, ErrorState, PageShell, SignInGate, Skeleton, describeShanghaiDay, shanghaiToday } from '@tianyuan/ui'
import dayjs from 'dayjs'
import { useState } from 'react'
import { AppointmentCard } from '../../../features/appointments/components/AppointmentCard'
import { visitUrl } from '../../../features/doctor/api'
import { useDoctorDay, useDoctorMe } from '../../../features/doctor/hooks'

export default function TodayPage() {
  return (
    <PageShell banner={<OfflineBanner />} title='医生工作台'>
      <SignInGate reason='医生用自己的微信登录后，能看到自己的预约'>
        <Workbench />
      </SignInGate>
    </PageShell>
  )
}

/** The doctor's appointments for one Shanghai day (today by default), soonest first; a day back or forward. */
function Workbench() {
  const { params } = useRouter()
  const { status } = useAuth()
  const me = useDoctorMe(status === 'signed_in')
  const [date, setDate] = useState(params.date ?? shanghaiToday())
  const day = useDoctorDay(date)
  const shift = (days: number) => setDate(dayjs(date).add(days, 'day').format('YYYY-MM-DD'))

  if (me.status === 'error' && me.error?.status === 403) {
    return <EmptyState id='not-a-doctor' title='这不是医生账号' description='医生工作台只给在乡村问诊排班的医生用。' actionText='回首页' onAction={() => Taro.switchTab({ url: '/pages/index/index' })} />
  }
  const items = [...(day.data?.items ?? [])].sort((a, b) => Date.parse(a.slot.startsAt) - Date.parse(b.slot.startsAt))
  const waiting = items.filter((a) => a.status === 'booked' || a.status === 'in_consultation').length
  return (
    <View>
      <View className='ty-card'>
        <Text className='ty-h' id='workbench-title'>
          {me.data ? `${me.data.doctor.name} ${me.data.doctor.title}` : '医生工作台'}
        </Text>
        <Text className='ty-text' id='workbench-day'>
          {describeShanghaiDay(date)}：{day.status === 'success' ? `${items.length} 个预约，${waiting} 个等您看` : '正在读取…'}
        </Text>
        <View className='ty-pager'>
          <BigButton id='previous-day' variant='secondary' onClick={() => shift(-1)}>
            前一天
          </BigButton>
          <BigButton id='next-day' variant='secondary' onClick={() => shift(1)}>
            后一天
          </BigButton>
        </View>
      </View>
      {day.status === 'loading' ? (
        <Skeleton id='day-loading' lines={3} blocks={3} />
      ) : day.status === 'error' ? (
        <ErrorState id='day-error' error={day.error} onRetry={day.refetch} />
      ) : items.length === 0 ? (
        <EmptyState id='day-empty' title='这天没有预约' description='患者预约并付款后会出现在这里。' />
      ) : (
        <View id='day-appointments'>
          {items.map((a) => (
            <AppointmentCard key={a.id} appointment={a} forDoctor onOpen={() => void Taro.navigateTo({ url: visitUrl(a.id) })} />
          ))}
        </View>
      )}
    </View>
  )
}
