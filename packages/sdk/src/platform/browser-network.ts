// Connectivity as the browser knows it, for Taro's H5 build (the preview).
import type { NetworkStatusChange, NetworkTypeReading, Platform } from './types'

/** The browser says there is no connection at all (navigator.onLine is false). */
function browserOffline(): boolean {
  return typeof navigator !== 'undefined' && navigator.onLine === false
}

/**
 * Network state from the browser as well as the base: Taro H5 reads only
 * navigator.connection (its effectiveType says 4g offline too, and its 'change' event does not
 * fire when the link drops), so navigator.onLine and the window's online/offline events decide
 * whether there is a connection at all.
 */
export function withBrowserConnectivity<P extends Pick<Platform, 'getNetworkType' | 'onNetworkStatusChange'>>(base: P): P {
  return {
    ...base,
    async getNetworkType(): Promise<NetworkTypeReading> {
      if (browserOffline()) return { networkType: 'none', weakNet: false }
      return base.getNetworkType()
    },
    onNetworkStatusChange(listener: (change: NetworkStatusChange) => void): () => void {
      const report = (change: NetworkStatusChange) => listener(browserOffline() ? { isConnected: false, networkType: 'none' } : change)
      const stopBase = base.onNetworkStatusChange(report)
      if (typeof window === 'undefined') return stopBase
      const onOffline = () => listener({ isConnected: false, networkType: 'none' })
      const onOnline = () => {
        void base.getNetworkType().then(
          ({ networkType }) => report({ isConnected: true, networkType: networkType === 'none' ? 'unknown' : networkType }),
          () => report({ isConnected: true, networkType: 'unknown' }),
        )
      }
      window.addEventListener('offline', onOffline)
      window.addEventListener('online', onOnline)
      return () => {
        stopBase()
        window.removeEventListener('offline', onOffline)
        window.removeEventListener('online', onOnline)
      }
    },
  }
}
