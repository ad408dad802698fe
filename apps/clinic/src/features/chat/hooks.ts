import { useDidHide, useDidShow } from '@tarojs/taro'
import type { Message, MessageResponse, MessagesResponse } from '@tianyuan/contracts/types'
import type { FailedMutation } from '@tianyuan/sdk'
import { useNetwork, useOfflineQueue, useQuery } from '@tianyuan/sdk/react'
import { useEffect, useMemo, useRef, useState } from 'react'
import { sdk } from '../../sdk'
import { POLL_MS, fetchMessages, mergeMessages, messagesPath, newClientId, sendMessage, type ChatSide, type OutgoingMessage } from './api'

/** A message written on this phone that the server has not stored yet. */
export interface PendingMessage {
  clientId: string
  text: string
  /** 'failed': the server refused it (its zh-CN reason in `reason`); otherwise it is on its way. */
  state: 'waiting' | 'failed'
  reason?: string
  idempotencyKey: string
}

export interface ChatView {
  status: 'loading' | 'success' | 'error'
  error: ReturnType<typeof useQuery>['error']
  refetch(): void
  /** What the server has, in order, each once. */
  messages: Message[]
  /** Written here, not yet stored: shown after `messages`, in the order written. */
  pending: PendingMessage[]
  send(text: string, photoIds?: string[]): Promise<void>
  /** Drops a refused message from the phone. */
  discard(idempotencyKey: string): Promise<void>
}

const bodyOf = (entry: { body?: unknown }) => (entry.body ?? {}) as OutgoingMessage

/**
 * One consultation's messages: the stored copy at once (readable offline), new ones asked for
 * every few seconds while the page is shown and the link allows (never on an offline link), and
 * the patient's own messages through the SDK's offline queue — in order, once, even across a
 * restart.
 */
export function useChat(appointmentId: string, as: ChatSide): ChatView {
  const path = messagesPath(appointmentId, as)
  const first = useQuery<MessagesResponse>(path, { enabled: Boolean(appointmentId) })
  const [live, setLive] = useState<Message[]>([])
  const [shown, setShown] = useState(true)
  const queue = useOfflineQueue(sdk.api.queue)
  const { link } = useNetwork(sdk.api.network)
  useDidShow(() => setShown(true))
  useDidHide(() => setShown(false))

  const messages = useMemo(() => mergeMessages(first.data?.items ?? [], live), [first.data, live])
  // Read by the poll's timer: the newest id the screen has, without restarting the timer for each message.
  const lastId = useRef<string>()
  const newestId = messages[messages.length - 1]?.id
  useEffect(() => {
    lastId.current = newestId
  }, [newestId])

  // A queued message the server has just stored joins the list at once, without waiting for a poll.
  useEffect(
    () =>
      sdk.api.queue.subscribe((change) => {
        if (change.kind !== 'sent' || change.entry.path !== path) return
        const stored = (change.data as MessageResponse | undefined)?.message
        if (stored) setLive((old) => mergeMessages(old, [stored]))
      }),
    [path],
  )

  useEffect(() => {
    const every = POLL_MS[link]
    if (!every || !shown || !appointmentId || first.status === 'loading') return
    let busy = false
    const timer = setInterval(() => {
      if (busy) return
      busy = true
      fetchMessages(appointmentId, as, lastId.current)
        .then((r) => r.items.length && setLive((old) => mergeMessages(old, r.items)))
        .catch(() => undefined) // the next poll asks again; the banner tells about the network
        .finally(() => (busy = false))
    }, every)
    return () => clearInterval(timer)
  }, [link, shown, appointmentId, as, first.status])

  const stored = new Set(messages.map((m) => m.clientId))
  const mine = (e: { path: string }) => e.path === path
  const pending: PendingMessage[] = [
    ...queue.failed.filter(mine).map((e: FailedMutation) => ({ clientId: bodyOf(e).clientId, text: bodyOf(e).text ?? '', state: 'failed' as const, reason: e.userMessage, idempotencyKey: e.idempotencyKey })),
    ...queue.pending.filter(mine).map((e) => ({ clientId: bodyOf(e).clientId, text: bodyOf(e).text ?? '', state: 'waiting' as const, idempotencyKey: e.idempotencyKey })),
  ].filter((p) => !stored.has(p.clientId))

  return {
    status: first.status,
    error: first.error,
    refetch: first.refetch,
    messages,
    pending,
    async send(text, photoIds) {
      const message: OutgoingMessage = { clientId: newClientId(), text: text.trim() || undefined, photoIds: photoIds?.length ? photoIds : undefined }
      const result = await sendMessage(appointmentId, as, message)
      if (result.status === 'done') setLive((old) => mergeMessages(old, [result.data.message]))
    },
    discard: (key) => sdk.api.queue.discardFailed(key),
  }
}
