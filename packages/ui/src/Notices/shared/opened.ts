// 通知到人: each notice's opening is counted once per phone. The phone remembers which notices it
// has reported (in the app's SDK storage, `ty:<app>:notices:opened`), so reopening one sends
// nothing; a phone nobody signed in on sends its own random id (`deviceId`), never who it is.
import { createStore, type Sdk } from '@tianyuan/sdk'
import type { AppName, NoticeOpenedRequest } from '@tianyuan/contracts/types'
import { noticeOpenedPath } from './api'

/** Kept ids: enough for months of notices (20 live at a time), small enough for one storage read. */
const REMEMBERED = 200

function randomDeviceId(random: () => number = Math.random): string {
  let id = ''
  for (let i = 0; i < 32; i++) id += Math.floor(random() * 16).toString(16)
  return id
}

/**
 * Reports that this phone opened `noticeId`, once: true when the server has counted it now,
 * false when it had been reported before. Offline, or when the server refuses, nothing is
 * remembered, so the next opening online reports it. Never throws.
 */
export async function recordOpening(sdk: Sdk, app: AppName, noticeId: string): Promise<boolean> {
  const store = createStore(sdk.platform, app).scope('notices')
  try {
    const opened = (await store.get<string[]>('opened')) ?? []
    if (opened.includes(noticeId)) return false
    if (sdk.api.network.link === 'offline') return false
    let deviceId = await store.get<string>('device')
    if (!deviceId) {
      deviceId = randomDeviceId()
      await store.set('device', deviceId)
    }
    const body: NoticeOpenedRequest = { deviceId }
    await sdk.api.mutate({ method: 'POST', path: noticeOpenedPath(noticeId), body, label: '记录已读' })
    const now = (await store.get<string[]>('opened')) ?? []
    await store.set('opened', [...now.filter((id) => id !== noticeId), noticeId].slice(-REMEMBERED))
    return true
  } catch {
    // A count is not worth an error on a villager's screen.
    return false
  }
}
