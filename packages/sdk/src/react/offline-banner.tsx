import { Text, View } from '@tarojs/components'
import type { CSSProperties } from 'react'
import type { ApiClient } from '../request/client'
import { useSdkPart } from './sdk-context'
import { useNetwork } from './use-network'
import { useOfflineQueue } from './use-offline-queue'

const BAR: CSSProperties = { padding: '12px 16px', background: '#fff3cd', color: '#664d03', fontSize: '18px', lineHeight: 1.5 }

/** The banner's text; undefined when there is nothing to say. */
export function offlineBannerText(offline: boolean, pending: number, failed: number): string | undefined {
  if (offline) return `网络已断开${pending ? `，${pending} 项操作会在联网后自动发送` : ''}`
  if (failed) return `${failed} 项操作没有成功，请查看`
  return undefined
}

/** 网络已断开，N 项操作会在联网后自动发送 — shown only while offline (or when something failed). */
export function OfflineBanner({ api }: { api?: ApiClient }) {
  const client = useSdkPart(api, 'api')
  const { link } = useNetwork(client.network)
  const { pending, failed } = useOfflineQueue(client.queue)
  const text = offlineBannerText(link === 'offline', pending.length, failed.length)
  if (!text) return null
  return (
    <View style={BAR}>
      <Text>{text}</Text>
    </View>
  )
}
