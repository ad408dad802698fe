import type { NetworkState } from './network-state'

/**
 * How much the link can carry, coarsely: what the request and image policies decide on.
 * - good: Wi-Fi, 4G, 5G — normal timeouts, full-quality images.
 * - slow: 3G, a weak 4G/5G/Wi-Fi, or a type we cannot tell — longer timeouts, smaller images.
 * - very-slow: 2G, or 3G that WeChat calls weak — longest timeouts, tap-to-load images,
 *   queueable mutations go to the offline queue once their retries run out.
 * - offline: nothing is sent; queueable mutations are queued at once.
 */
export type LinkClass = 'good' | 'slow' | 'very-slow' | 'offline'

export function classifyLink(state: NetworkState): LinkClass {
  if (!state.online) return 'offline'
  if (state.type === '2g' || (state.type === '3g' && state.weak)) return 'very-slow'
  // 'unknown' (browsers without the Network Information API, new WeChat values) is treated
  // as slow: guessing "good" would spend a villager's data, guessing "very slow" would hide
  // images for no reason.
  if (state.type === '3g' || state.type === 'unknown' || state.weak) return 'slow'
  return 'good'
}
