import { Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { CONSULT_MODE_WORDS } from '@tianyuan/contracts/clinic-rules'
import type { Appointment } from '@tianyuan/contracts/types'
import { OfflineBanner, useAction } from '@tianyuan/sdk/react'
import { BigButton, ErrorState, FormField, PageShell, SignInGate, Skeleton } from '@tianyuan/ui'
import { useState } from 'react'
import { chatUrl, versionOf } from '../../../features/appointments/api'
import { describeSlot } from '../../../features/appointments/timeline'
import { finishVisit, startVisit } from '../../../features/doctor/api'
import { useDoctorAppointment } from '../../../features/doctor/hooks'
import { SymptomPhotos, VisitRecord } from '../../../features/appointments/components/VisitRecord'

export default function VisitPage() {
  const { params } = useRouter()
  return (
    <PageShell banner={<OfflineBanner />} title='问诊'>
      <SignInGate reason='医生登录后才能看患者的预约'>
        <Visit id={params.id} />
      </SignInGate>
    </PageShell>
  )
}

/** One patient's visit for the doctor: who, what is wrong, start, talk, and finish with advice. */
function Visit({ id }: { id?: string }) {
  const query = useDoctorAppointment(id)
  // Start and finish: the server's answer is shown until the refetched copy has caught up with it.
  const action = useAction<Appointment>({ fetched: query.data?.appointment, version: versionOf, key: (x) => x.id, refetch: query.refetch })
  const [advice, setAdvice] = useState('')
  const [prescription, setPrescription] = useState('')
  const [tried, setTried] = useState(false)
  const acting = action.pending

  if (query.status === 'loading') return <Skeleton id='visit-loading' lines={8} />
  if (query.status === 'error' || !query.data) return <ErrorState id='visit-error' error={query.error} onRetry={query.refetch} />
  const a = action.shown ?? query.data.appointment

  const finish = () => {
    setTried(true)
    if (!advice.trim()) return
    void action.run(() => finishVisit(a.id, { advice: advice.trim(), prescription: prescription.trim() || undefined }))
  }

  return (
    <View>
      <View className='ty-card' id='visit-patient'>
        <Text className='ty-status' id='visit-status'>
          {a.statusWord}
        </Text>
        <Text className='ty-h'>
          {a.patient.name}（{a.patient.age} 岁，{a.patient.gender}）
        </Text>
        <Text className='ty-text'>
          {describeSlot(a.slot)} · {CONSULT_MODE_WORDS[a.mode]}问诊
        </Text>
        {a.callbackPhone && (
          // 电话问诊: the number the patient left for the call, one tap to ring it.
          <View className='ty-row' id='visit-callback-phone'>
            <Text className='ty-text'>患者手机：{a.callbackPhone}</Text>
            <BigButton id='call-patient' variant='secondary' block={false} onClick={() => void Taro.makePhoneCall({ phoneNumber: a.callbackPhone ?? '' })}>
              打电话
            </BigButton>
          </View>
        )}
        <Text className='ty-text'>病情：{a.symptoms}</Text>
        <SymptomPhotos photos={a.photos} />
      </View>

      <VisitRecord record={a.record} />

      {action.error && (
        <Text className='ty-warn' id='visit-failure' style={{ display: 'block' }}>
          {action.error.userMessage}
        </Text>
      )}

      <View className='ty-actions'>
        {a.status === 'booked' && (
          <BigButton id='start-visit' loading={acting} disabled={acting} onClick={() => void action.run(() => startVisit(a.id))}>
            开始问诊
          </BigButton>
        )}
        {(a.status === 'in_consultation' || a.status === 'completed') && (
          <BigButton id='open-chat' variant='secondary' onClick={() => Taro.navigateTo({ url: chatUrl(a.id, 'doctor') })}>
            {a.status === 'completed' ? '看对话记录' : '跟患者对话'}
          </BigButton>
        )}
      </View>

      {a.status === 'in_consultation' && (
        <View className='ty-card' id='finish'>
          <Text className='ty-h'>结束问诊</Text>
          <FormField id='advice' label='医嘱' value={advice} onChange={setAdvice} rules={{ required: true, maxLength: 2000 }} showErrors={tried} multiline placeholder='怎么吃药、注意什么、什么时候复查' />
          <FormField id='prescription' label='处方（可不写）' value={prescription} onChange={setPrescription} rules={{ maxLength: 2000 }} multiline />
          <BigButton id='finish-visit' loading={acting} disabled={acting} onClick={finish}>
            写好了，结束问诊
          </BigButton>
        </View>
      )}
    </View>
  )
}
