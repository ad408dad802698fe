import { useCallback, useSyncExternalStore } from 'react'
import { classifyLink, type LinkClass } from '../network/link-class'
import type { NetworkMonitor } from '../network/network-monitor'
import type { NetworkState } from '../network/network-state'

export interface NetworkView {
  state: NetworkState
  link: LinkClass
}

/** The shared monitor's state and link class, re-rendering on every change. */
export function useNetwork(monitor: NetworkMonitor): NetworkView {
  // monitor.state is replaced (never mutated) on change, so it is a valid snapshot.
  const subscribe = useCallback((onChange: () => void) => monitor.subscribe(onChange), [monitor])
  const state = useSyncExternalStore(subscribe, () => monitor.state)
  return { state, link: classifyLink(state) }
}
