import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { OfflineBanner } from '@tianyuan/sdk/react'
import { BigButton, EmptyState, ErrorState, PageShell, SignInGate, Skeleton } from '@tianyuan/ui'
import { describePatient, patientEditUrl } from '../../../features/patients/api'
import { usePatients } from '../../../features/patients/hooks'

export default function PatientsPage() {
  return (
    <PageShell banner={<OfflineBanner />} title='就诊人'>
      <SignInGate reason='登录微信后就能管理就诊人'>
        <Patients />
      </SignInGate>
    </PageShell>
  )
}

/** The account's family: who can be booked for. ID numbers only ever shown masked. */
function Patients() {
  const query = usePatients()
  if (query.status === 'loading') return <Skeleton id='patients-loading' lines={2} blocks={2} />
  if (query.status === 'error' || !query.data) return <ErrorState id='patients-error' error={query.error} onRetry={query.refetch} />
  const family = query.data.items
  const add = () => void Taro.navigateTo({ url: patientEditUrl })
  if (!family.length) {
    return <EmptyState id='patients-empty' title='还没有就诊人' description='先添加自己；也可以添加父母、孩子，替他们预约。' actionText='添加就诊人' onAction={add} />
  }
  const nameOf = (id: string | null) => family.find((p) => p.id === id)?.name
  return (
    <View id='patients'>
      {family.map((p) => (
        <View key={p.id} className='ty-card' id={`patient-${p.id}`}>
          <Text className='ty-h'>{describePatient(p)}</Text>
          <Text className='ty-note'>身份证 {p.idNumberMasked}</Text>
          {p.guardianId && <Text className='ty-note'>监护人：{nameOf(p.guardianId)}</Text>}
        </View>
      ))}
      <BigButton id='add-patient' onClick={add}>
        添加就诊人
      </BigButton>
    </View>
  )
}
