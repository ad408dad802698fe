import { describeNetworkState, readNetworkState, watchNetworkState } from './network-state'
import { createFakePlatform } from '../platform/fake'
import { unsupported } from '../errors/sdk-error'

describe('readNetworkState', () => {
  it('reports a 4G link as online and not weak', async () => {
    const { platform } = createFakePlatform({ network: { type: '4g' } })
    await expect(readNetworkState(platform)).resolves.toEqual({ type: '4g', online: true, weak: false })
  })

  it('treats 2G, or WeChat saying weakNet, as weak', async () => {
    await expect(readNetworkState(createFakePlatform({ network: { type: '2g' } }).platform)).resolves.toMatchObject({ weak: true })
    await expect(readNetworkState(createFakePlatform({ network: { type: '4g', weak: true } }).platform)).resolves.toMatchObject({ weak: true })
  })

  it('reports no network as offline and never weak', async () => {
    const { platform } = createFakePlatform({ network: { type: 'none', weak: true } })
    await expect(readNetworkState(platform)).resolves.toEqual({ type: 'none', online: false, weak: false })
  })
})

describe('watchNetworkState', () => {
  it('passes each change on, and a lost connection reads as offline', () => {
    const fake = createFakePlatform({ network: { type: 'wifi' } })
    const seen: string[] = []
    const stop = watchNetworkState(fake.platform, (s) => seen.push(`${s.type}/${s.online ? 'on' : 'off'}${s.weak ? '/weak' : ''}`))
    fake.network.set({ type: '3g' })
    fake.network.set({ weak: true })
    fake.network.goOffline()
    fake.network.goOnline('4g')
    expect(seen).toEqual(['3g/on', '3g/on/weak', 'none/off', '4g/on'])
    stop()
    fake.network.set({ type: '2g' })
    expect(seen).toHaveLength(4)
  })

  it('still reports connectivity where the host has no weak-network event (H5)', () => {
    const fake = createFakePlatform()
    const platform = {
      ...fake.platform,
      onNetworkWeakChange: () => {
        throw unsupported('onNetworkWeakChange', 'H5')
      },
    }
    const seen: boolean[] = []
    watchNetworkState(platform, (s) => seen.push(s.online))
    fake.network.goOffline()
    expect(seen).toEqual([false])
  })
})

describe('describeNetworkState', () => {
  it('says in plain Chinese what the user can expect', () => {
    expect(describeNetworkState({ type: 'wifi', online: true, weak: false })).toBe('Wi-Fi')
    expect(describeNetworkState({ type: '2g', online: true, weak: true })).toBe('2G（信号弱，已为您省流量）')
    expect(describeNetworkState({ type: 'none', online: false, weak: false })).toBe('没有网络，连上后会自动继续')
  })
})
