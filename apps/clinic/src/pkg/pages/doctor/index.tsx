import { Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { CONSULT_MODE_WORDS } from '@tianyuan/contracts/clinic-rules'
import type { Slot } from '@tianyuan/contracts/types'
import { NetImage, OfflineBanner } from '@tianyuan/sdk/react'
import { a11yProps, EmptyState, ErrorState, PageShell, Price, Skeleton, describeShanghaiDay, formatShanghaiClock, userMessageOf } from '@tianyuan/ui'
import { useState } from 'react'
import { appointmentUrl, rescheduleAppointment } from '../../../features/appointments/api'
import { bookUrl } from '../../../features/booking/api'
import { MODES } from '../../../features/catalog/api'
import { describeRating, describeRemaining } from '../../../features/catalog/format'
import { useDoctor } from '../../../features/catalog/hooks'
import { groupByDay } from '../../../features/catalog/schedule'

/** The doctor, what they charge per mode, and a week of slots (?id=; with &reschedule=<appointment>, a slot moves that booking). */
export default function DoctorPage() {
  const { params } = useRouter()
  const query = useDoctor(params.id)
  const reschedule = params.reschedule
  const [moving, setMoving] = useState(false)
  const [failure, setFailure] = useState<string>()

  const chooseSlot = async (slot: Slot) => {
    if (!slot.bookable || moving) return
    if (!reschedule) return void Taro.navigateTo({ url: bookUrl(slot.doctorId, slot.id) })
    const when = `${describeShanghaiDay(slot.date)} ${slot.periodWord}`
    const answer = await Taro.showModal({ title: '改约', content: `改到 ${when}？原来的时段会让给别人。`, confirmText: '改约', cancelText: '再想想' })
    if (!answer.confirm) return
    setMoving(true)
    setFailure(undefined)
    try {
      await rescheduleAppointment(reschedule, slot.id)
      await Taro.redirectTo({ url: appointmentUrl(reschedule) })
    } catch (error) {
      setFailure(userMessageOf(error))
      query.refetch()
    } finally {
      setMoving(false)
    }
  }

  return (
    <PageShell banner={<OfflineBanner />}>
      {query.status === 'loading' ? (
        <Skeleton id='doctor-loading' row imageRatio={1} lines={6} />
      ) : query.status === 'error' || !query.data ? (
        query.error?.status === 404 ? (
          <EmptyState id='doctor-missing' title='找不到这位医生' description='回首页按科室再找找。' actionText='回首页' onAction={() => Taro.switchTab({ url: '/pages/index/index' })} />
        ) : (
          <ErrorState id='doctor-error' error={query.error} onRetry={query.refetch} />
        )
      ) : (
        <View>
          <View className='ty-card' id='doctor-info'>
            <View className='ty-row'>
              {query.data.doctor.photo && (
                <View className='ty-thumb'>
                  <NetImage media={query.data.doctor.photo} width={60} aspectRatio={1} priority={0} alt={`${query.data.doctor.name}医生的照片`} />
                </View>
              )}
              <View style={{ flex: 1 }}>
                <Text className='ty-h' id='doctor-name'>
                  {query.data.doctor.name} {query.data.doctor.title}
                </Text>
              </View>
            </View>
            <Text className='ty-text'>
              {query.data.doctor.hospital.name} · {query.data.doctor.department.name}
            </Text>
            <Text className='ty-text'>擅长：{query.data.doctor.specialty}</Text>
            {query.data.doctor.intro ? <Text className='ty-note'>{query.data.doctor.intro}</Text> : null}
            <Text className='ty-note'>{describeRating(query.data.doctor.rating, query.data.doctor.ratingCount)}</Text>
            <View id='doctor-fees'>
              {MODES.filter((m) => query.data?.doctor.fees[m] !== null).map((m) => (
                <View key={m} className='ty-row'>
                  <Text className='ty-text'>{CONSULT_MODE_WORDS[m]}问诊</Text>
                  <Price fen={query.data?.doctor.fees[m] ?? 0} />
                </View>
              ))}
            </View>
          </View>

          <View className='ty-card'>
            <Text className='ty-note' id='doctor-notice'>
              {query.data.notice}
            </Text>
          </View>

          <Text className='ty-heading'>{reschedule ? '选一个新的时段' : '选时段预约'}</Text>
          {failure && (
            <Text id='reschedule-failure' className='ty-warn' style={{ display: 'block' }}>
              {failure}
            </Text>
          )}
          {query.data.schedule.length === 0 ? (
            <EmptyState id='schedule-empty' title='这几天没有排班' description='医生还没排下周的班，过一两天再来看看，或者换一位医生。' />
          ) : (
            <View id='schedule'>
              {groupByDay(query.data.schedule).map((day) => (
                <View key={day.date} className='ty-card' id={`day-${day.date}`}>
                  <Text className='ty-h'>{describeShanghaiDay(day.date)}</Text>
                  {day.slots.map((s) => (
                    <View key={s.id} id={`slot-${s.id}`} className={`ty-choice ${s.bookable ? '' : 'ty-choice--off'}`} onClick={() => void chooseSlot(s)} {...a11yProps({ role: 'button', disabled: !s.bookable })}>
                      <View className='ty-row'>
                        <Text className='ty-text'>
                          {s.periodWord} {formatShanghaiClock(s.startsAt)}–{formatShanghaiClock(s.endsAt)}
                        </Text>
                        <Text className={s.bookable ? 'ty-text' : 'ty-note'}>{describeRemaining(s)}</Text>
                      </View>
                    </View>
                  ))}
                </View>
              ))}
            </View>
          )}
        </View>
      )}
    </PageShell>
  )
}
