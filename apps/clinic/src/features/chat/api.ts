import type { Message, MessageResponse, MessagesResponse } from '@tianyuan/contracts/types'
import type { LinkClass, MutationResult } from '@tianyuan/sdk'
import { sdk } from '../../sdk'

export type ChatSide = 'patient' | 'doctor'

/** The same conversation seen from either side (the doctor's path checks the doctor role). */
export const messagesPath = (appointmentId: string, as: ChatSide) =>
  `/clinic/${as === 'doctor' ? 'doctor/' : ''}appointments/${encodeURIComponent(appointmentId)}/messages`

/**
 * Made on the phone before the first try and sent with every retry and replay: the server stores
 * a message once per clientId, so a message resent after a dropped answer is not shown twice.
 */
export function newClientId(now = Date.now(), random = Math.random): string {
  return `${now.toString(36)}${Math.floor(random() * 36 ** 8).toString(36).padStart(8, '0')}`
}

export interface OutgoingMessage {
  clientId: string
  text?: string
  photoIds?: string[]
}

/**
 * Sends through the SDK's offline queue: written to the phone before the first attempt, sent in
 * the order written, replayed after a reconnect or a restart. Resolves 'done' with the stored
 * message, or 'queued' when the network is down (it goes later, by itself).
 */
export function sendMessage(appointmentId: string, as: ChatSide, message: OutgoingMessage): Promise<MutationResult<MessageResponse>> {
  return sdk.api.mutate<MessageResponse>({ method: 'POST', path: messagesPath(appointmentId, as), body: message, queueable: true, label: '发送消息' })
}

export function fetchMessages(appointmentId: string, as: ChatSide, after?: string): Promise<MessagesResponse> {
  return sdk.api.get<MessagesResponse>(messagesPath(appointmentId, as), { query: { after } })
}

/** How often to ask for new messages: often enough to feel like a chat, rarely enough for 2G data. */
export const POLL_MS: Record<LinkClass, number | null> = { good: 5_000, slow: 10_000, 'very-slow': 20_000, offline: null }

/** Messages by server id (ids sort by time), each clientId once: a replayed send never shows twice. */
export function mergeMessages(known: Message[], incoming: Message[]): Message[] {
  const byClient = new Map<string, Message>()
  for (const m of [...known, ...incoming]) byClient.set(m.clientId, m)
  return [...byClient.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
}
