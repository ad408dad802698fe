// @tianyuan/sdk/speech: reading text aloud (听). An entry of its own: only the notices
// subpackage's detail page reads aloud, and WeChat lets only code in the subpackage that declares
// the 同声传译 plugin require it — so none of this is in a main package.
import { taroAudio } from './platform/taro-audio'
import type { Platform, Speech } from './platform/types'
import { wechatSiSpeech, type WechatSiPlugin } from './platform/wechat-speech'

export { speechPieces, speechFrom, SPEECH_PIECE_MAX_CHARS, type PieceVoice, type PiecePlayback } from './speech/pieces'
export { wechatSiSpeech, type WechatSiPlugin } from './platform/wechat-speech'
export { browserSpeech, pickChineseVoice } from './platform/h5-speech'
export type { Speech, SpeakOptions } from './platform/types'

// Replaced by Taro's DefinePlugin at build time.
declare const process: { env: { TARO_ENV?: string } }
// WeChat's per-module plugin loader (like `require`): defined only in mini-program code.
declare const requirePlugin: ((name: string) => unknown) | undefined

/** The name app.json declares the plugin under (tools/taro-config's `speechPlugin`). */
export const WECHAT_SI_PLUGIN = 'WechatSI'

let wechat: Speech | undefined | null = null

/**
 * The voice for this platform, or undefined (then no 听 button): the platform's own (H5's
 * speechSynthesis, the fake's), else on weapp the 同声传译 plugin when this subpackage declares it
 * — `requirePlugin` throws for a plugin that is not declared, which means "no voice here".
 */
export function speechOf(platform: Platform): Speech | undefined {
  if (platform.speech) return platform.speech
  if (process.env.TARO_ENV !== 'weapp') return undefined
  if (wechat === null) {
    let plugin: WechatSiPlugin | undefined
    try {
      plugin = typeof requirePlugin === 'function' ? (requirePlugin(WECHAT_SI_PLUGIN) as WechatSiPlugin) : undefined
    } catch {
      plugin = undefined
    }
    wechat = wechatSiSpeech(plugin, taroAudio)
  }
  return wechat
}
