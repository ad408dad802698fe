export { useNetworkState } from './react/use-network-state'
