export type { NetworkType, NetworkTypeReading, NetworkStatusChange, Platform } from './platform/types'
export { taroPlatform, toNetworkType } from './platform/taro'
export { readNetworkState, watchNetworkState, describeNetworkState, type NetworkState } from './network/network-state'
