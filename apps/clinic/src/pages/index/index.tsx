import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { FOLLOW_UP_NOTICE } from '@tianyuan/contracts/clinic-rules'
import { OfflineBanner } from '@tianyuan/sdk/react'
import { a11yProps, BigButton, EmptyState, ErrorState, HomeFooter, NoticeStrip, PageShell, SearchBox, Skeleton } from '@tianyuan/ui'
import { doctorListUrl } from '../../features/catalog/api'
import { DoctorCard } from '../../features/catalog/components/DoctorCard'
import { useDepartments, useDoctors } from '../../features/catalog/hooks'
import { appointmentsUrl } from '../../features/appointments/api'
import './index.scss'

/** Doctors on the first screen: enough to choose from, few enough for 2G. */
const FEATURED_COUNT = 4

export default function ClinicHome() {
  const departments = useDepartments()
  const featured = useDoctors({ size: FEATURED_COUNT })

  // The first screen's content is in once both lists have settled (rows, or their error or empty state).
  const firstScreenReady = departments.status !== 'loading' && featured.status !== 'loading'

  return (
    <PageShell className='home' banner={<OfflineBanner />} firstScreenReady={firstScreenReady}>
      <Text className='home__lead' id='purpose'>
        不用进城排队：找县医院、乡镇卫生院的医生，预约线上复诊，图文、电话或视频都行。
      </Text>
      <View className='ty-card home__notice' id='follow-up-notice'>
        <Text className='ty-text'>{FOLLOW_UP_NOTICE}</Text>
      </View>

      <SearchBox placeholder='搜医生、医院或病：高血压…' onSearch={(q) => void Taro.navigateTo({ url: doctorListUrl({ q }) })} />

      {/* 紧急 notices (every app) then 健康 (the health centre's: vaccination days…), from the phone's
          copy at once; under the search, so finding a doctor stays on the first screen. */}
      <NoticeStrip app='clinic' title='通知和健康提醒' />

      <Text className='ty-heading'>按科室找医生</Text>
      {departments.status === 'loading' ? (
        <Skeleton id='departments-loading' lines={2} />
      ) : departments.status === 'error' ? (
        <ErrorState id='departments-error' error={departments.error} onRetry={departments.refetch} />
      ) : (
        <View className='ty-tiles' id='departments'>
          {(departments.data?.items ?? []).map((d) => (
            <View key={d.id} id={`department-${d.id}`} className='ty-tile' onClick={() => void Taro.navigateTo({ url: doctorListUrl({ department: d.id, title: d.name }) })} {...a11yProps({ role: 'button' })}>
              {d.name}
            </View>
          ))}
        </View>
      )}

      <Text className='ty-heading'>可以预约的医生</Text>
      {featured.status === 'loading' ? (
        <Skeleton id='doctors-loading' row imageRatio={1} lines={3} blocks={2} />
      ) : featured.status === 'error' ? (
        <ErrorState id='featured-error' error={featured.error} onRetry={featured.refetch} />
      ) : !featured.data?.items.length ? (
        <EmptyState id='featured-empty' title='还没有医生开放预约' description='医生们正在排班，过一会儿再来看看。急症请直接去医院。' />
      ) : (
        <View id='featured'>
          {featured.data.items.map((d, i) => (
            <DoctorCard key={d.id} doctor={d} priority={i} />
          ))}
          <BigButton id='all-doctors' variant='secondary' onClick={() => Taro.navigateTo({ url: doctorListUrl({}) })}>
            看全部医生
          </BigButton>
        </View>
      )}

      <BigButton id='home-appointments' variant='secondary' onClick={() => Taro.navigateTo({ url: appointmentsUrl })}>
        我的预约
      </BigButton>
      <HomeFooter aboutText='了解乡村问诊' />
    </PageShell>
  )
}
