/**
 * WeChat's 听: the 同声传译 plugin (WechatSI, provider wx069ba97219f66d99) turns a piece of
 * text into an audio file on WeChat's server (`textToSpeech` → `filename`, an https URL valid
 * for a few hours), which an InnerAudioContext plays. The plugin has to be declared in app.json
 * (here: the `notices` subpackage's `plugins`) and added to the AppID in the admin console; only
 * code in that subpackage may `requirePlugin` it, so this module is imported only from
 * `@tianyuan/sdk/speech`, which only subpackage pages use.
 */
import { speechFrom } from '../speech/pieces'
import type { AudioHost, Speech } from './types'

/** The plugin's textToSpeech, as its documentation describes it. */
export interface WechatSiPlugin {
  textToSpeech(options: {
    lang: 'zh_CN'
    tts: true
    content: string
    success: (result: { retcode: number; filename?: string; expired_time?: number }) => void
    fail: (result: { retcode?: number; msg?: string }) => void
  }): void
}

/** undefined without the plugin (not declared for this package, or not a WeChat build): no 听 button. */
export function wechatSiSpeech(plugin: WechatSiPlugin | undefined, audio: AudioHost): Speech | undefined {
  if (!plugin || typeof plugin.textToSpeech !== 'function') return undefined
  return speechFrom<string>({
    // Synthesis happens on WeChat's server: offline or on a dropped link it fails.
    failureMessage: '朗读没有成功，请检查网络后再试',
    available: async () => true,
    prepare: (content) =>
      new Promise<string>((resolve, reject) =>
        plugin.textToSpeech({
          lang: 'zh_CN',
          tts: true,
          content,
          success: (r) => (r.retcode === 0 && r.filename ? resolve(r.filename) : reject(new Error(`textToSpeech retcode ${r.retcode}`))),
          fail: (r) => reject(new Error(`textToSpeech ${r.retcode ?? ''} ${r.msg ?? ''}`.trim())),
        }),
      ),
    play(_piece, src) {
      const player = audio.createPlayer('inner')
      const ended = new Promise<void>((resolve, reject) => {
        player.on('ended', () => resolve())
        player.on('stop', () => resolve())
        player.on('error', (detail) => reject(new Error(detail?.message ?? 'audio error')))
        player.load({ src, title: '朗读' })
      }).finally(() => player.destroy())
      return { ended, stop: () => player.stop() }
    },
  })
}
