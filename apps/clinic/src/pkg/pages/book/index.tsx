import { Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { CONSULT_MODE_HINTS, CONSULT_MODE_WORDS, REFUND_RULE, callbackPhoneProblem } from '@tianyuan/contracts/clinic-rules'
import type { Appointment, ConsultMode, DoctorResponse, Patient } from '@tianyuan/contracts/types'
import { OfflineBanner, usePay } from '@tianyuan/sdk/react'
import { useSubscriptions } from '@tianyuan/sdk/subscribe'
import { a11yProps, BigButton, Checkbox, ChoiceCard, EmptyState, ErrorState, FormField, PageShell, PayStatus, PhotoPicker, Price, SignInGate, Skeleton, describeShanghaiDay, formatShanghaiClock, formatShanghaiTime, usePhotoSlots, userMessageOf } from '@tianyuan/ui'
import { useEffect, useRef, useState } from 'react'
import { useMe } from '../../../features/account/hooks'
import { appointmentUrl } from '../../../features/appointments/api'
import { CLINIC_APPOINTMENT_KIND, bookSlot, retryKeyOf } from '../../../features/booking/api'
import { clearDraft, hasContent, readDraft, saveDraft, type BookingDraft } from '../../../features/booking/draft'
import { MODES } from '../../../features/catalog/api'
import { useDoctor } from '../../../features/catalog/hooks'
import { describePatient, patientEditUrl } from '../../../features/patients/api'
import { usePatients } from '../../../features/patients/hooks'
import { clinicStore } from '../../../sdk'

const MAX_PHOTOS = 9
/** By the button when the problem is a field's: the field says what, this says where. */
const FIX_FIELDS_ABOVE = '请按上面的红字改好再提交'

/** Booking a slot (?doctor=&slot=): who, how, what is wrong (kept as a draft on the phone), then book and pay. */
export default function BookPage() {
  const { params } = useRouter()
  const doctor = useDoctor(params.doctor)
  const [draft, setDraft] = useState<BookingDraft | null>()
  useEffect(() => {
    if (params.doctor) void readDraft(clinicStore, params.doctor).then((d) => setDraft(d ?? null))
  }, [params.doctor])

  return (
    <PageShell banner={<OfflineBanner />} title='预约'>
      {doctor.status === 'loading' || draft === undefined ? (
        <Skeleton id='book-loading' lines={8} />
      ) : doctor.status === 'error' || !doctor.data ? (
        <ErrorState id='book-error' error={doctor.error} onRetry={doctor.refetch} />
      ) : (
        <SignInGate reason='登录微信后就能预约、付款和跟医生说话'>
          <BookingForm doctor={doctor.data} slotId={params.slot ?? ''} draft={draft} />
        </SignInGate>
      )}
    </PageShell>
  )
}

function BookingForm({ doctor: { doctor, schedule }, slotId, draft }: { doctor: DoctorResponse; slotId: string; draft: BookingDraft | null }) {
  const patients = usePatients()
  const photos = usePhotoSlots(MAX_PHOTOS, { initial: draft?.photos })
  const pay = usePay()
  // 就诊提醒 (服务通知, 1 hour before): asked for when the villager books, never on launch.
  const subscribe = useSubscriptions('clinic')
  const askedReminder = useRef(false)
  const offered = MODES.filter((m) => doctor.fees[m] !== null)
  const [patientId, setPatientId] = useState(draft?.patientId)
  const [mode, setMode] = useState<ConsultMode | undefined>(draft?.mode ?? (offered.length === 1 ? offered[0] : undefined))
  const [symptoms, setSymptoms] = useState(draft?.symptoms ?? '')
  const [followUp, setFollowUp] = useState(draft?.followUp ?? false)
  // 电话问诊: the number the doctor rings, prefilled from the phone bound to WeChat (the user may change it).
  const me = useMe()
  const [callbackPhone, setCallbackPhone] = useState('')
  const phoneEdited = useRef(false)
  const boundPhone = me.data?.user.phone ?? undefined
  useEffect(() => {
    if (boundPhone && !phoneEdited.current) setCallbackPhone(boundPhone)
  }, [boundPhone])
  const [tried, setTried] = useState(false)
  const [booking, setBooking] = useState(false)
  const [failure, setFailure] = useState<string>()
  const [appointment, setAppointment] = useState<Appointment>()
  // One booking per visit: a second tap while running is ignored; a retry after a failure that
  // may have reached the server carries the same Idempotency-Key (never a second place taken).
  const running = useRef(false)
  const retryKey = useRef<string>()

  // Everything typed or uploaded is on the phone within half a second, until the booking exists.
  const uploaded = photos.uploaded
  useEffect(() => {
    if (appointment) return
    const timer = setTimeout(() => void saveDraft(clinicStore, doctor.id, { patientId, mode, symptoms, photos: uploaded, followUp }).catch(() => undefined), 400)
    return () => clearTimeout(timer)
  }, [doctor.id, patientId, mode, symptoms, uploaded, followUp, appointment])

  // A family member added from here (添加就诊人 → back) is the one being booked for: choose them.
  const knownPatients = useRef<Set<string>>()
  useEffect(() => {
    const items = patients.data?.items
    if (!items) return
    const added = knownPatients.current ? items.find((p) => !knownPatients.current?.has(p.id)) : undefined
    if (added) setPatientId(added.id)
    knownPatients.current = new Set(items.map((p) => p.id))
  }, [patients.data])

  const slot = schedule.find((s) => s.id === slotId)
  const family = patients.data?.items ?? []
  const patient: Patient | undefined = family.find((p) => p.id === patientId) ?? (family.length === 1 ? family[0] : undefined)
  const fee = mode ? doctor.fees[mode] : null
  const phoneProblem = mode === 'phone' ? callbackPhoneProblem(callbackPhone) : null
  // What stops the booking. A field's own problem shows under that field (FormField); the line by
  // the button then points there instead of saying it a second time.
  const missing = !patient ? '请选择就诊人' : !mode ? '请选择问诊方式' : phoneProblem || !symptoms.trim() ? FIX_FIELDS_ABOVE : !followUp ? '请确认这是复诊' : photos.busy ? '照片还在上传，请稍等' : undefined

  if (!slot) {
    return <EmptyState id='slot-missing' title='这个时段已经没有了' description='排班可能有变化，请回到医生页重新选一个时段。' actionText='返回' onAction={() => Taro.navigateBack()} />
  }

  const submit = async () => {
    setTried(true)
    if (running.current || missing || !patient || !mode) return
    running.current = true
    setFailure(undefined)
    // First thing in the tap, before any await: WeChat shows the subscribe sheet only there. Once per visit.
    const asked = askedReminder.current ? undefined : subscribe.ask(['clinic_appointment'])
    askedReminder.current = true
    try {
      let booked = appointment
      if (!booked) {
        setBooking(true)
        const call = mode === 'phone' ? { callbackPhone: callbackPhone.trim() } : {}
        booked = await bookSlot({ slotId: slot.id, patientId: patient.id, mode, symptoms: symptoms.trim(), photoIds: uploaded.map((p) => p.id), followUp: true, ...call }, retryKey.current)
        setAppointment(booked)
        setBooking(false)
        await clearDraft(clinicStore, doctor.id).catch(() => undefined)
      }
      // The villager answers the reminder sheet before the cashier opens.
      await asked
      await pay.pay({ kind: CLINIC_APPOINTMENT_KIND, orderId: booked.id })
    } catch (error) {
      retryKey.current = retryKeyOf(error) ?? retryKey.current
      setFailure(userMessageOf(error))
      setBooking(false)
    } finally {
      running.current = false
    }
  }

  const paid = pay.state.phase === 'paid'
  const busy = booking || pay.busy
  return (
    <View>
      <View className='ty-card' id='book-slot'>
        <Text className='ty-h'>
          {doctor.name} {doctor.title}
        </Text>
        <Text className='ty-text'>{doctor.hospital.name}</Text>
        <Text className='ty-text' id='book-when'>
          {describeShanghaiDay(slot.date)} {slot.periodWord} {formatShanghaiClock(slot.startsAt)}–{formatShanghaiClock(slot.endsAt)}
        </Text>
        {draft && hasContent(draft) && !appointment && (
          <Text className='ty-note' id='draft-restored'>
            已恢复您上次没提交的内容（{formatShanghaiTime(draft.savedAt)}）
          </Text>
        )}
      </View>

      {!appointment && (
        <View>
          <View className='ty-card' id='patients' {...a11yProps({ role: 'radiogroup', label: '给谁看病' })}>
            <Text className='ty-h'>
              给谁看病<Text className='ty-field__required'>（必填）</Text>
            </Text>
            {patients.status === 'loading' ? (
              <Skeleton lines={2} />
            ) : patients.status === 'error' ? (
              <ErrorState id='patients-error' error={patients.error} onRetry={patients.refetch} />
            ) : (
              family.map((p) => (
                <ChoiceCard key={p.id} id={`patient-${p.id}`} checked={p.id === patient?.id} onSelect={() => setPatientId(p.id)}>
                  <Text className='ty-text'>{describePatient(p)}</Text>
                </ChoiceCard>
              ))
            )}
            {patients.status === 'success' && family.length === 0 && <Text className='ty-note'>还没有就诊人，请先添加（可以是自己，也可以是家里人）。</Text>}
            <BigButton id='add-patient' variant='secondary' onClick={() => Taro.navigateTo({ url: patientEditUrl })}>
              添加就诊人
            </BigButton>
          </View>

          <View className='ty-card' id='modes' {...a11yProps({ role: 'radiogroup', label: '怎么问诊' })}>
            <Text className='ty-h'>
              怎么问诊<Text className='ty-field__required'>（必填）</Text>
            </Text>
            {offered.map((m) => (
              <ChoiceCard key={m} id={`mode-${m}`} checked={m === mode} onSelect={() => setMode(m)}>
                <View className='ty-row'>
                  <Text className='ty-text'>{CONSULT_MODE_WORDS[m]}</Text>
                  <Price fen={doctor.fees[m] ?? 0} />
                </View>
                <Text className='ty-note'>{CONSULT_MODE_HINTS[m]}</Text>
              </ChoiceCard>
            ))}
            {mode === 'phone' && (
              <FormField
                id='callback-phone'
                label='医生打哪个手机号'
                type='number'
                required
                maxLength={11}
                value={callbackPhone}
                onChange={(v) => {
                  phoneEdited.current = true
                  setCallbackPhone(v)
                }}
                error={tried || callbackPhone.length >= 11 ? (phoneProblem ?? undefined) : undefined}
                hint={boundPhone && callbackPhone === boundPhone ? '已填上您微信绑定的手机号，到时打不通可以改一个' : '写一个到时能接通的手机号，医生会打过来'}
              />
            )}
          </View>

          <View className='ty-card'>
            <FormField
              id='symptoms'
              label='病情描述'
              value={symptoms}
              onChange={setSymptoms}
              rules={{ required: true, maxLength: 1000 }}
              showErrors={tried}
              multiline
              hint='哪里不舒服、多久了、以前在哪看过、现在吃什么药'
              placeholder='比如：高血压好几年了，一直吃药，最近早上头晕，血压 150/95'
            />
            <Text className='ty-h'>照片（可不传）</Text>
            <Text className='ty-note'>化验单、药盒、以前的病历，拍清楚一点</Text>
            <PhotoPicker slots={photos} max={MAX_PHOTOS} />
          </View>

          <Checkbox id='follow-up' checked={followUp} onChange={setFollowUp}>
            <Text className='ty-text'>
              我确认这是复诊：这个病以前在医院看过、确诊过<Text className='ty-field__required'>（必填）</Text>
            </Text>
          </Checkbox>
        </View>
      )}

      <View className='ty-card'>
        <View className='ty-row'>
          <Text className='ty-text'>诊费</Text>
          {fee !== null && fee !== undefined ? <Price id='book-fee' fen={appointment?.feeFen ?? fee} size='large' /> : <Text className='ty-note'>选好问诊方式后显示</Text>}
        </View>
        <Text className='ty-note'>提交后请在 15 分钟内付款，不然号会让给别人。</Text>
        <Text className='ty-note' id='refund-rule'>
          {REFUND_RULE}
        </Text>
      </View>

      <PayStatus id='pay-status' pay={pay.state} placing={booking} />
      {failure && (
        <Text id='book-failure' className='ty-warn' style={{ display: 'block' }}>
          {failure}
        </Text>
      )}
      {tried && missing && !appointment && (
        <Text id='book-missing' className='ty-warn' style={{ display: 'block' }}>
          {missing}
        </Text>
      )}

      <View className='ty-actions'>
        {paid && appointment ? (
          <BigButton id='view-appointment' onClick={() => Taro.redirectTo({ url: appointmentUrl(appointment.id) })}>
            预约成功，查看预约
          </BigButton>
        ) : (
          <BigButton id='book-and-pay' loading={busy} disabled={busy} onClick={submit}>
            {appointment ? '付款' : failure ? '再试一次' : '提交预约并付款'}
          </BigButton>
        )}
        {appointment && !paid && !pay.busy && (
          <BigButton id='view-unpaid' variant='secondary' onClick={() => Taro.redirectTo({ url: appointmentUrl(appointment.id) })}>
            先不付，查看预约
          </BigButton>
        )}
      </View>
    </View>
  )
}
