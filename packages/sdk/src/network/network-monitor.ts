import type { Platform } from '../platform/types'
import { classifyLink, type LinkClass } from './link-class'
import { readNetworkState, watchNetworkState, type NetworkState } from './network-state'

/** One live view of the network that the request client, the queue and the hooks share. */
export interface NetworkMonitor {
  /** The latest state; optimistic (online, unknown type) until the first reading arrives. */
  readonly state: NetworkState
  readonly link: LinkClass
  /** Resolves once the first reading is in (or failed, keeping the optimistic state). */
  readonly ready: Promise<NetworkState>
  /** Called on every change with the new state and link class; returns the unsubscribe. */
  subscribe(listener: (state: NetworkState, link: LinkClass) => void): () => void
  /** Stops listening to the platform. */
  dispose(): void
}

export function createNetworkMonitor(platform: Platform): NetworkMonitor {
  // Optimistic start: assuming offline would queue the very first order of a cold start
  // for nothing; a request that fails is retried or queued anyway.
  let state: NetworkState = { type: 'unknown', online: true, weak: false }
  let changed = false
  const listeners = new Set<(state: NetworkState, link: LinkClass) => void>()
  const update = (next: NetworkState) => {
    state = next
    const link = classifyLink(next)
    for (const listener of [...listeners]) listener(next, link)
  }
  const stop = watchNetworkState(platform, (next) => {
    changed = true
    update(next)
  })
  const ready = readNetworkState(platform).then(
    // A change event that lands before the first reading wins: it is newer.
    (first) => {
      if (!changed) update(first)
      return state
    },
    () => state,
  )
  return {
    get state() {
      return state
    },
    get link() {
      return classifyLink(state)
    },
    ready,
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    dispose: stop,
  }
}
