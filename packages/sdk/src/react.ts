// @tianyuan/sdk/react: hooks over the SDK's modules.
export { useNetworkState } from './react/use-network-state'
export { useNetwork, type NetworkView } from './react/use-network'
export { useOfflineQueue, type OfflineQueueView } from './react/use-offline-queue'
export { NetImage, NetImageProvider, type NetImageConfig, type NetImageProps, type NetImageProviderProps } from './react/net-image'
