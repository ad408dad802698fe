import Taro from '@tarojs/taro'
import type { NetworkStatusChange, NetworkType, NetworkTypeReading, Platform } from './types'

const KNOWN_TYPES: readonly NetworkType[] = ['wifi', '5g', '4g', '3g', '2g', 'none', 'unknown']

/** Anything WeChat (or a browser) adds later reads as 'unknown' rather than breaking a switch. */
export function toNetworkType(value: unknown): NetworkType {
  return KNOWN_TYPES.includes(value as NetworkType) ? (value as NetworkType) : 'unknown'
}

/** The default platform: Taro's API, which is `wx` on weapp and the browser on H5. */
export const taroPlatform: Platform = {
  async getNetworkType(): Promise<NetworkTypeReading> {
    const result = await Taro.getNetworkType()
    // weakNet is newer than Taro's typings
    const weakNet = (result as { weakNet?: boolean }).weakNet
    return { networkType: toNetworkType(result.networkType), weakNet: weakNet === true }
  },
  onNetworkStatusChange(listener: (change: NetworkStatusChange) => void): () => void {
    const callback = (res: { isConnected: boolean; networkType: string }): void => {
      listener({ isConnected: res.isConnected, networkType: toNetworkType(res.networkType) })
    }
    Taro.onNetworkStatusChange(callback)
    return () => Taro.offNetworkStatusChange(callback)
  },
}
