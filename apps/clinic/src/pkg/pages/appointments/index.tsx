import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { OfflineBanner } from '@tianyuan/sdk/react'
import { EmptyState, ErrorState, PageShell, SignInGate, Skeleton } from '@tianyuan/ui'
import { isUpcoming } from '../../../features/appointments/api'
import { AppointmentCard } from '../../../features/appointments/components/AppointmentCard'
import { useAppointments } from '../../../features/appointments/hooks'

export default function AppointmentsPage() {
  return (
    <PageShell banner={<OfflineBanner />} title='我的预约'>
      <SignInGate reason='登录微信后就能看到您的预约'>
        <AppointmentList />
      </SignInGate>
    </PageShell>
  )
}

/** Upcoming (to pay, to attend, in progress) first, soonest first; then the past, newest first. */
function AppointmentList() {
  const query = useAppointments()
  if (query.status === 'loading') return <Skeleton id='appointments-loading' lines={3} blocks={3} />
  if (query.status === 'error' || !query.data) return <ErrorState id='appointments-error' error={query.error} onRetry={query.refetch} />
  const items = query.data.items
  if (!items.length) {
    return <EmptyState id='appointments-empty' title='还没有预约' description='在首页按科室找医生，选一个时段预约。' actionText='去找医生' onAction={() => Taro.switchTab({ url: '/pages/index/index' })} />
  }
  const upcoming = items.filter(isUpcoming).sort((a, b) => Date.parse(a.slot.startsAt) - Date.parse(b.slot.startsAt))
  const past = items.filter((a) => !isUpcoming(a))
  return (
    <View id='appointments'>
      {upcoming.length > 0 && <Text className='ty-heading'>还没看的</Text>}
      {upcoming.map((a) => (
        <AppointmentCard key={a.id} appointment={a} />
      ))}
      {past.length > 0 && <Text className='ty-heading'>以前的</Text>}
      {past.map((a) => (
        <AppointmentCard key={a.id} appointment={a} />
      ))}
    </View>
  )
}
