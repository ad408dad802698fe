import { View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { OfflineBanner } from '@tianyuan/sdk/react'
import { EmptyState, ErrorState, PageShell, Pager, Skeleton } from '@tianyuan/ui'
import { useState } from 'react'
import { DoctorCard } from '../../../features/catalog/components/DoctorCard'
import { useDoctors } from '../../../features/catalog/hooks'

const PAGE_SIZE = 10

/** Doctors of a department or matching search words (?department=chronic&title=慢病科, ?q=高血压), a page at a time. */
export default function DoctorList() {
  const { params } = useRouter()
  const q = params.q ? decodeURIComponent(params.q) : undefined
  const title = params.title ? decodeURIComponent(params.title) : q ? `搜索“${q}”` : '全部医生'
  const [page, setPage] = useState(1)
  const doctors = useDoctors({ q, department: params.department, page, size: PAGE_SIZE })

  return (
    <PageShell banner={<OfflineBanner />} title={title}>
      {doctors.status === 'loading' ? (
        <Skeleton id='doctors-loading' row imageRatio={1} lines={3} blocks={4} />
      ) : doctors.status === 'error' ? (
        <ErrorState id='doctors-error' error={doctors.error} onRetry={doctors.refetch} />
      ) : !doctors.data?.items.length ? (
        <EmptyState
          id='doctors-empty'
          title={q ? `没有找到“${q}”` : '这个科室还没有医生开放预约'}
          description='换个词试试，比如“高血压”“糖尿病”；或者回首页按科室找。'
          actionText='回首页'
          onAction={() => Taro.switchTab({ url: '/pages/index/index' })}
        />
      ) : (
        <View id='doctors'>
          {doctors.data.items.map((d, i) => (
            <DoctorCard key={d.id} doctor={d} priority={i} />
          ))}
          <Pager page={page} hasMore={doctors.data.hasMore} onChange={setPage} />
        </View>
      )}
    </PageShell>
  )
}
