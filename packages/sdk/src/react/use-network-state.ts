import { useEffect, useState } from 'react'
import { readNetworkState, watchNetworkState, type NetworkState } from '../network/network-state'
import { taroPlatform } from '../platform/taro'
import type { Platform } from '../platform/types'

/** The current network, kept up to date; `undefined` until the first reading arrives. */
export function useNetworkState(platform: Platform = taroPlatform): NetworkState | undefined {
  const [state, setState] = useState<NetworkState>()
  useEffect(() => {
    let live = true
    // A change event that lands before the first reading wins: it is newer.
    let changed = false
    const stop = watchNetworkState(platform, (next) => {
      changed = true
      setState(next)
    })
    readNetworkState(platform)
      .then((first) => {
        if (live && !changed) setState(first)
      })
      .catch(() => {
        if (live && !changed) setState({ type: 'unknown', online: true, weak: false })
      })
    return () => {
      live = false
      stop()
    }
  }, [platform])
  return state
}
