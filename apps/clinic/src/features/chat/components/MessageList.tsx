import { Text, View } from '@tarojs/components'
import type { Message } from '@tianyuan/contracts/types'
import { NetImage } from '@tianyuan/sdk/react'
import { BigButton, formatShanghaiTime } from '@tianyuan/ui'
import type { ChatSide } from '../api'
import type { PendingMessage } from '../hooks'
import './MessageList.scss'

/**
 * The conversation, oldest first: the server's messages, then this phone's not yet stored ones
 * (等待发送 — they go by themselves when the network is back; a refused one says why and can be
 * removed). Mine on the right, the other side's on the left, each with its time.
 */
export function MessageList({ messages, pending, me, onDiscard }: { messages: Message[]; pending: PendingMessage[]; me: ChatSide; onDiscard(key: string): void }) {
  const who = (m: Message) => (m.sender === me ? '我' : m.sender === 'doctor' ? '医生' : '患者')
  return (
    <View id='messages' className='chat'>
      {messages.map((m) => (
        <View key={m.id} id={`message-${m.clientId}`} className={`chat__msg ${m.sender === me ? 'chat__msg--mine' : ''}`}>
          <Text className='chat__who'>
            {who(m)} · {formatShanghaiTime(m.at)}
          </Text>
          {m.text ? <Text className='chat__text'>{m.text}</Text> : null}
          {m.photos.map((p, i) => (
            <View key={p.id} className='chat__photo'>
              <NetImage media={p} width={160} alt={`${who(m)}发的第 ${i + 1} 张照片`} />
            </View>
          ))}
        </View>
      ))}
      {pending.map((p) => (
        <View key={p.idempotencyKey} id={`pending-${p.clientId}`} className='chat__msg chat__msg--mine chat__msg--pending'>
          <Text className='chat__who'>{p.state === 'failed' ? '我 · 没有发出去' : '我 · 等待发送'}</Text>
          <Text className='chat__text'>{p.text || '（照片）'}</Text>
          {p.state === 'failed' ? (
            <View>
              <Text className='chat__reason'>{p.reason}</Text>
              <BigButton id={`discard-${p.clientId}`} variant='secondary' block={false} onClick={() => onDiscard(p.idempotencyKey)}>
                删掉这条
              </BigButton>
            </View>
          ) : (
            <Text className='chat__reason'>有网络时会自动发出，不用重发</Text>
          )}
        </View>
      ))}
    </View>
  )
}
