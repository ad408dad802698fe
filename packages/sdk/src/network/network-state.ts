import type { NetworkType, Platform } from '../platform/types'

export interface NetworkState {
  type: NetworkType
  online: boolean
  /** WeChat's own weak-network verdict, or a 2G link. */
  weak: boolean
}

/** Reads the current network once. */
export async function readNetworkState(platform: Platform): Promise<NetworkState> {
  const { networkType, weakNet } = await platform.getNetworkType()
  return toNetworkState(networkType, weakNet === true)
}

/**
 * Calls `listener` with the new state whenever connectivity or WeChat's weak-network
 * verdict changes; returns the unsubscribe. Where the host has no weak-network event
 * (H5), only connectivity changes are reported.
 */
export function watchNetworkState(platform: Platform, listener: (state: NetworkState) => void): () => void {
  // A status event does not say whether the link is weak: keep the last verdict until the
  // link drops (a new connection starts with a clean slate).
  let weakNet = false
  // The two events often describe one change (a drop also ends "weak"): report it once.
  let last = ''
  const report = (state: NetworkState) => {
    const signature = `${state.type}/${state.online}/${state.weak}`
    if (signature !== last) listener(state)
    last = signature
  }
  const stopStatus = platform.onNetworkStatusChange(({ isConnected, networkType }) => {
    if (!isConnected) weakNet = false
    report(toNetworkState(isConnected ? networkType : 'none', weakNet))
  })
  let stopWeak = () => {}
  try {
    stopWeak = platform.onNetworkWeakChange((change) => {
      weakNet = change.weakNet
      report(toNetworkState(change.networkType, weakNet))
    })
  } catch (error) {
    if ((error as { code?: string }).code !== 'unsupported') throw error
  }
  return () => {
    stopStatus()
    stopWeak()
  }
}

function toNetworkState(type: NetworkType, weakNet: boolean): NetworkState {
  const online = type !== 'none'
  return { type, online, weak: online && (weakNet || type === '2g') }
}

const TYPE_LABELS: Record<NetworkType, string> = {
  wifi: 'Wi-Fi',
  '5g': '5G',
  '4g': '4G',
  '3g': '3G',
  '2g': '2G',
  none: '未连接',
  unknown: '未知网络',
}

/** A short zh-CN line a villager understands, e.g. "4G" or "2G（信号弱，图片会变小）". */
export function describeNetworkState(state: NetworkState): string {
  if (!state.online) return '没有网络，连上后会自动继续'
  const label = TYPE_LABELS[state.type]
  return state.weak ? `${label}（信号弱，已为您省流量）` : label
}
