/**
 * What the SDK needs from the host: WeChat through Taro, the H5 preview, or a fake in
 * tests. Every module takes a Platform instead of calling Taro directly, so the same
 * code runs (and is tested) everywhere.
 */

/** WeChat's networkType values, as `wx.getNetworkType` reports them. */
export type NetworkType = 'wifi' | '5g' | '4g' | '3g' | '2g' | 'none' | 'unknown'

export interface NetworkTypeReading {
  networkType: NetworkType
  /** Base library 3.5.3+: WeChat judges the current link too weak to use well. */
  weakNet?: boolean
}

export interface NetworkStatusChange {
  isConnected: boolean
  networkType: NetworkType
}

export interface Platform {
  getNetworkType(): Promise<NetworkTypeReading>
  /** Subscribes to connectivity changes; the returned function unsubscribes. */
  onNetworkStatusChange(listener: (change: NetworkStatusChange) => void): () => void
}
