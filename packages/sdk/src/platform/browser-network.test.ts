/** @jest-environment jsdom */
// The preview's network state (taroPlatform on H5 is Taro's API through this) follows the browser: navigator.onLine and the window's
// online/offline events (Taro H5 reads only navigator.connection, which says 4g offline too).
import { createFakePlatform } from './fake'
import { withBrowserConnectivity } from './browser-network'
import { readNetworkState, watchNetworkState, type NetworkState } from '../network/network-state'

let onLine = true
beforeAll(() => {
  Object.defineProperty(window.navigator, 'onLine', { configurable: true, get: () => onLine })
})
afterEach(() => {
  onLine = true
})

function goOffline() {
  onLine = false
  window.dispatchEvent(new Event('offline'))
}
function goOnline() {
  onLine = true
  window.dispatchEvent(new Event('online'))
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0))

describe('H5 network state', () => {
  it('reads 无网络 while the browser is offline, whatever navigator.connection says', async () => {
    // The base (Taro H5) still answers 4g, as navigator.connection does offline.
    const platform = withBrowserConnectivity(createFakePlatform({ network: { type: '4g' } }).platform)
    expect(await readNetworkState(platform)).toMatchObject({ type: '4g', online: true })
    onLine = false
    expect(await readNetworkState(platform)).toMatchObject({ type: 'none', online: false })
  })

  it('reports the window’s offline and online events, and stops when unsubscribed', async () => {
    const platform = withBrowserConnectivity(createFakePlatform({ network: { type: '4g' } }).platform)
    const states: NetworkState[] = []
    const stop = watchNetworkState(platform, (s) => states.push(s))
    goOffline()
    await settle()
    expect(states.at(-1)).toMatchObject({ type: 'none', online: false })
    goOnline()
    await settle()
    expect(states.at(-1)).toMatchObject({ type: '4g', online: true })
    stop()
    goOffline()
    await settle()
    expect(states).toHaveLength(2)
  })
})
