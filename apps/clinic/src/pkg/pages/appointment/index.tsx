import { Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { CONSULT_MODE_WORDS } from '@tianyuan/contracts/clinic-rules'
import type { Appointment, CancellationQuote } from '@tianyuan/contracts/types'
import { OfflineBanner, useAction, usePay, type ActionView } from '@tianyuan/sdk/react'
import { a11yProps, BigButton, EmptyState, ErrorState, FormField, PageShell, PayStatus, Price, SignInGate, Skeleton, Steps, formatShanghaiTime } from '@tianyuan/ui'
import { useState } from 'react'
import { cancelAppointment, chatUrl, quoteCancellation, rateVisit, versionOf } from '../../../features/appointments/api'
import { useAppointment } from '../../../features/appointments/hooks'
import { appointmentTimeline, describeSlot } from '../../../features/appointments/timeline'
import { CLINIC_APPOINTMENT_KIND } from '../../../features/booking/api'
import { doctorUrl } from '../../../features/catalog/api'
import { SymptomPhotos, VisitRecord } from '../../../features/appointments/components/VisitRecord'

export default function AppointmentPage() {
  const { params } = useRouter()
  return (
    <PageShell banner={<OfflineBanner />}>
      <SignInGate reason='登录微信后就能看到预约'>
        <AppointmentDetail id={params.id} />
      </SignInGate>
    </PageShell>
  )
}

function AppointmentDetail({ id }: { id?: string }) {
  const query = useAppointment(id)
  const pay = usePay()
  // Cancel and rate: the server's answer is shown until the refetched copy has caught up with it.
  const action = useAction<Appointment>({ fetched: query.data?.appointment, version: versionOf, key: (x) => x.id, refetch: query.refetch })
  const acting = action.pending
  const [quote, setQuote] = useState<CancellationQuote>()
  // When the page opened: a slot that has started can no longer be moved (the server says so too).
  const [openedAt] = useState(() => Date.now())

  if (query.status === 'loading') return <Skeleton id='appointment-loading' lines={8} />
  if (query.status === 'error' || !query.data) {
    if (query.error?.status === 404) return <EmptyState id='appointment-missing' title='找不到这个预约' description='回到“我的预约”看看。' actionText='我的预约' onAction={() => Taro.redirectTo({ url: '/pkg/pages/appointments/index' })} />
    return <ErrorState id='appointment-error' error={query.error} onRetry={query.refetch} />
  }
  const a = action.shown ?? query.data.appointment
  const timeline = appointmentTimeline(a)
  const cancellable = a.status === 'pending_payment' || a.status === 'booked'

  // The rule and what it means now come from the server, and are shown before the user confirms.
  const askCancel = () => action.run(async () => setQuote(await quoteCancellation(a.id)))
  const confirmCancel = () =>
    action.run(async () => {
      setQuote(undefined)
      return cancelAppointment(a.id)
    })
  const payNow = async () => {
    const result = await pay.pay({ kind: CLINIC_APPOINTMENT_KIND, orderId: a.id })
    if (result.phase === 'paid') query.refetch()
  }

  return (
    <View>
      <View className='ty-card'>
        <Text className='ty-status' id='appointment-status'>
          {a.statusWord}
        </Text>
        {a.status === 'pending_payment' && a.payBefore && <Text className='ty-note'>请在 {formatShanghaiTime(a.payBefore)} 前付款，过时预约会自动取消，号会让给别人。</Text>}
        {a.status === 'booked' && <Text className='ty-note'>到了时段，{a.mode === 'text' ? '在“问诊”里跟医生说' : a.mode === 'phone' ? '医生会打电话给您，请保持手机畅通' : '医生会发起视频，请在有信号的地方等'}。</Text>}
        {a.status === 'cancelled' && (a.refundFen ?? 0) === 0 && <Text className='ty-note'>{a.cancelReason === 'timeout' ? '没有按时付款，预约已自动取消，没有扣款。' : a.paidAt ? '预约已取消，按退款规则这次不退诊费。' : '预约已取消，没有扣款。'}</Text>}
        {a.status === 'cancelled' && (a.refundFen ?? 0) > 0 && (
          <Text className='ty-note' id='refund-note'>
            预约已取消，¥{((a.refundFen ?? 0) / 100).toFixed(2)} 正在原路退回微信，一般几分钟到账。
          </Text>
        )}
        {a.status === 'refunded' && (
          <Text className='ty-note' id='refund-note'>
            ¥{((a.refundFen ?? 0) / 100).toFixed(2)} 已原路退回微信。
          </Text>
        )}
      </View>

      <View className='ty-card'>
        <Steps id='appointment-steps' items={timeline.items} current={timeline.current} error={timeline.cancelled} />
      </View>

      <View className='ty-card' id='appointment-info'>
        <Text className='ty-h'>
          {a.doctor.name} {a.doctor.title}
        </Text>
        <Text className='ty-text'>
          {a.doctor.hospitalName} · {a.doctor.departmentName}
        </Text>
        <Text className='ty-text' id='appointment-when'>
          {describeSlot(a.slot)}
        </Text>
        <Text className='ty-text'>
          就诊人：{a.patient.name}（{a.patient.age} 岁，{a.patient.gender}）身份证 {a.patient.idNumberMasked}
        </Text>
        <View className='ty-row'>
          <Text className='ty-text'>{CONSULT_MODE_WORDS[a.mode]}问诊</Text>
          <Price id='appointment-fee' fen={a.feeFen} />
        </View>
        {a.callbackPhone && (
          <Text className='ty-text' id='appointment-callback-phone'>
            到时医生打这个手机：{a.callbackPhone}
          </Text>
        )}
        <Text className='ty-note'>病情：{a.symptoms}</Text>
        <SymptomPhotos photos={a.photos} />
      </View>

      <VisitRecord record={a.record} />

      {a.status === 'completed' && (
        <Rating appointment={a} action={action} />
      )}

      {quote && (
        <View className='ty-card' id='cancel-quote'>
          <Text className='ty-h'>取消预约</Text>
          <Text className='ty-text' id='cancel-quote-message'>
            {quote.message}
          </Text>
          <Text className='ty-note'>退款规则：{quote.rule}</Text>
          {quote.cancellable ? (
            <BigButton id='confirm-cancel' variant='danger' loading={acting} disabled={acting} onClick={confirmCancel}>
              {quote.refundFen > 0 ? `确定取消，退 ¥${(quote.refundFen / 100).toFixed(2)}` : '确定取消'}
            </BigButton>
          ) : null}
          <BigButton id='keep-appointment' variant='secondary' disabled={acting} onClick={() => setQuote(undefined)}>
            不取消了
          </BigButton>
        </View>
      )}

      <PayStatus id='pay-status' pay={pay.state} />
      {action.error && a.status !== 'completed' && (
        <Text id='appointment-failure' className='ty-warn' style={{ display: 'block' }}>
          {action.error.userMessage}
        </Text>
      )}

      {!quote && (
        <View className='ty-actions'>
          {a.status === 'pending_payment' && pay.state.phase !== 'paid' && (
            <BigButton id='pay-appointment' loading={pay.busy} disabled={pay.busy || acting} onClick={payNow}>
              付款
            </BigButton>
          )}
          {(a.status === 'booked' || a.status === 'in_consultation' || a.status === 'completed') && (
            <BigButton id='open-chat' variant={a.status === 'completed' ? 'secondary' : 'primary'} onClick={() => Taro.navigateTo({ url: chatUrl(a.id) })}>
              {a.status === 'completed' ? '看问诊记录' : '进入问诊（跟医生说话）'}
            </BigButton>
          )}
          {cancellable && Date.parse(a.slot.startsAt) > openedAt && (
            <BigButton id='reschedule' variant='secondary' disabled={acting || pay.busy} onClick={() => Taro.navigateTo({ url: doctorUrl(a.doctor.id, a.id) })}>
              改约（换个时段）
            </BigButton>
          )}
          {cancellable && (
            <BigButton id='cancel-appointment' variant='danger' loading={acting} disabled={acting || pay.busy} onClick={askCancel}>
              取消预约
            </BigButton>
          )}
        </View>
      )}
    </View>
  )
}

const STARS = [1, 2, 3, 4, 5]

/** 1–5 stars and a few words, once per visit; then what was given. */
function Rating({ appointment: a, action }: { appointment: Appointment; action: ActionView<Appointment> }) {
  const [stars, setStars] = useState(0)
  const [text, setText] = useState('')
  const sending = action.pending
  if (a.rating) {
    return (
      <View className='ty-card' id='rating'>
        <Text className='ty-h'>您的评价</Text>
        <Text className='ty-text'>
          {'★'.repeat(a.rating.stars)}
          {'☆'.repeat(5 - a.rating.stars)} {a.rating.text}
        </Text>
      </View>
    )
  }
  const submit = () => {
    if (stars) void action.run(() => rateVisit(a.id, { stars, text: text.trim() || undefined }))
  }
  return (
    <View className='ty-card' id='rate'>
      <Text className='ty-h'>给医生打个分</Text>
      <View className='ty-row' {...a11yProps({ role: 'radiogroup', label: '给医生打几星' })}>
        {STARS.map((n) => (
          <View key={n} id={`star-${n}`} className={`ty-choice ${n <= stars ? 'ty-choice--on' : ''}`} onClick={() => setStars(n)} {...a11yProps({ role: 'radio', label: `${n} 星`, checked: n === stars })}>
            <Text className='ty-text'>{n <= stars ? '★' : '☆'}</Text>
          </View>
        ))}
      </View>
      <FormField id='rating-text' label='说几句（可不写）' value={text} onChange={setText} rules={{ maxLength: 500 }} multiline />
      {action.error && <Text className='ty-warn'>{action.error.userMessage}</Text>}
      <BigButton id='submit-rating' loading={sending} disabled={!stars || sending} onClick={submit}>
        {stars ? `提交 ${stars} 星评价` : '先点星星'}
      </BigButton>
    </View>
  )
}
