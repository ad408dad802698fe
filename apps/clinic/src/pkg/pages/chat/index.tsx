import { Text, Textarea, View } from '@tarojs/components'
import { useRouter } from '@tarojs/taro'
import type { Appointment } from '@tianyuan/contracts/types'
import { OfflineBanner } from '@tianyuan/sdk/react'
import { BigButton, ErrorState, PageShell, PhotoPicker, SignInGate, Skeleton, fieldA11yProps, usePhotoSlots, userMessageOf } from '@tianyuan/ui'
import { useState } from 'react'
import { useAppointment } from '../../../features/appointments/hooks'
import { describeSlot } from '../../../features/appointments/timeline'
import type { ChatSide } from '../../../features/chat/api'
import { MessageList } from '../../../features/chat/components/MessageList'
import { useChat } from '../../../features/chat/hooks'
import { useDoctorAppointment } from '../../../features/doctor/hooks'
import './index.scss'

const MAX_PHOTOS = 3

/** One consultation's messages (?id=; &as=doctor from the doctor's workbench). */
export default function ChatPage() {
  const { params } = useRouter()
  const as: ChatSide = params.as === 'doctor' ? 'doctor' : 'patient'
  return (
    <PageShell banner={<OfflineBanner />}>
      <SignInGate reason='登录微信后就能跟医生说话'>{as === 'doctor' ? <DoctorChat id={params.id ?? ''} /> : <PatientChat id={params.id ?? ''} />}</SignInGate>
    </PageShell>
  )
}

function PatientChat({ id }: { id: string }) {
  const query = useAppointment(id)
  return <Chat id={id} as='patient' appointment={query.data?.appointment} status={query.status} error={query.error} refetch={query.refetch} />
}

function DoctorChat({ id }: { id: string }) {
  const query = useDoctorAppointment(id)
  return <Chat id={id} as='doctor' appointment={query.data?.appointment} status={query.status} error={query.error} refetch={query.refetch} />
}

interface ChatProps {
  id: string
  as: ChatSide
  appointment: Appointment | undefined
  status: 'loading' | 'success' | 'error'
  error: Parameters<typeof ErrorState>[0]['error']
  refetch(): void
}

function Chat({ id, as, appointment: a, status, error, refetch }: ChatProps) {
  const chat = useChat(id, as)
  const photos = usePhotoSlots(MAX_PHOTOS)
  const [text, setText] = useState('')
  const [failure, setFailure] = useState<string>()

  if (status === 'loading' || chat.status === 'loading') return <Skeleton id='chat-loading' lines={6} />
  if (status === 'error' || !a) return <ErrorState id='chat-error' error={error} onRetry={refetch} />

  // Patients write once paid; doctors once they have started the visit. Both read afterwards.
  const open = as === 'patient' ? a.status === 'booked' || a.status === 'in_consultation' : a.status === 'in_consultation'
  const closedWhy = a.status === 'completed' ? '问诊已经结束，这里是记录。' : as === 'doctor' && a.status === 'booked' ? '先在工作台点“开始问诊”，再回复患者。' : '付款后才能跟医生说话。'

  const send = async () => {
    const words = text.trim()
    const photoIds = photos.uploaded.map((p) => p.id)
    if ((!words && !photoIds.length) || photos.busy) return
    setFailure(undefined)
    // Cleared at once: the message is already on the phone (in the queue) and shows below as 等待发送.
    setText('')
    photos.photos.forEach((p) => photos.remove(p))
    try {
      await chat.send(words, photoIds)
    } catch (err) {
      setText(words)
      setFailure(userMessageOf(err))
    }
  }

  return (
    <View>
      <View className='ty-card'>
        <Text className='ty-h'>{as === 'patient' ? `${a.doctor.name} ${a.doctor.title}` : `${a.patient.name}（${a.patient.age} 岁，${a.patient.gender}）`}</Text>
        <Text className='ty-note'>
          {describeSlot(a.slot)} · {a.statusWord}
        </Text>
        {as === 'doctor' && <Text className='ty-note'>病情：{a.symptoms}</Text>}
      </View>

      {chat.messages.length === 0 && chat.pending.length === 0 && (
        <Text className='ty-note' id='chat-empty' style={{ display: 'block', marginBottom: '24px' }}>
          {as === 'patient' ? '还没有消息。可以先把哪里不舒服、吃什么药写给医生。' : '还没有消息。'}
        </Text>
      )}
      <MessageList messages={chat.messages} pending={chat.pending} me={as} onDiscard={(key) => void chat.discard(key)} />

      {open ? (
        <View className='ty-card' id='compose'>
          <Textarea id='message-input' className='chat-input' value={text} placeholder='写给医生的话…' maxlength={2000} autoHeight onInput={(e) => setText(e.detail.value)} {...fieldA11yProps('写给医生的话')} />
          <PhotoPicker slots={photos} max={MAX_PHOTOS} addText='拍照或从相册选照片' />
          {failure && (
            <Text className='ty-warn' id='send-failure'>
              {failure}
            </Text>
          )}
          <BigButton id='send-message' disabled={photos.busy || (!text.trim() && photos.uploaded.length === 0)} onClick={send}>
            发送
          </BigButton>
        </View>
      ) : (
        <Text className='ty-note' id='chat-closed' style={{ display: 'block' }}>
          {closedWhy}
        </Text>
      )}
    </View>
  )
}
