import { describeNetworkState, readNetworkState, watchNetworkState } from './network-state'
import type { NetworkStatusChange, NetworkTypeReading, Platform } from '../platform/types'

/** A platform whose network the test sets, and whose status events it fires. */
function scriptedPlatform(reading: NetworkTypeReading) {
  const listeners = new Set<(change: NetworkStatusChange) => void>()
  const platform: Platform = {
    getNetworkType: async () => reading,
    onNetworkStatusChange(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
  }
  const emit = (change: NetworkStatusChange) => listeners.forEach((l) => l(change))
  return { platform, emit, listenerCount: () => listeners.size }
}

describe('readNetworkState', () => {
  it('reports a 4G link as online and not weak', async () => {
    const { platform } = scriptedPlatform({ networkType: '4g' })
    await expect(readNetworkState(platform)).resolves.toEqual({ type: '4g', online: true, weak: false })
  })

  it('treats 2G, or WeChat saying weakNet, as weak', async () => {
    await expect(readNetworkState(scriptedPlatform({ networkType: '2g' }).platform)).resolves.toMatchObject({ weak: true })
    await expect(readNetworkState(scriptedPlatform({ networkType: '4g', weakNet: true }).platform)).resolves.toMatchObject({ weak: true })
  })

  it('reports no network as offline and never weak', async () => {
    const { platform } = scriptedPlatform({ networkType: 'none', weakNet: true })
    await expect(readNetworkState(platform)).resolves.toEqual({ type: 'none', online: false, weak: false })
  })
})

describe('watchNetworkState', () => {
  it('passes each change on, and a lost connection reads as offline whatever the type says', () => {
    const { platform, emit, listenerCount } = scriptedPlatform({ networkType: 'wifi' })
    const seen: string[] = []
    const stop = watchNetworkState(platform, (s) => seen.push(`${s.type}/${s.online ? 'on' : 'off'}`))
    emit({ isConnected: true, networkType: '3g' })
    emit({ isConnected: false, networkType: '3g' })
    expect(seen).toEqual(['3g/on', 'none/off'])
    stop()
    expect(listenerCount()).toBe(0)
  })
})

describe('describeNetworkState', () => {
  it('says in plain Chinese what the user can expect', () => {
    expect(describeNetworkState({ type: 'wifi', online: true, weak: false })).toBe('Wi-Fi')
    expect(describeNetworkState({ type: '2g', online: true, weak: true })).toBe('2G（信号弱，已为您省流量）')
    expect(describeNetworkState({ type: 'none', online: false, weak: false })).toBe('没有网络，连上后会自动继续')
  })
})
