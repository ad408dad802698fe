/**
 * The preview's 听: the browser's speechSynthesis with a zh-CN voice. H5 only (h5.ts); one of
 * the few SDK modules that touch the browser directly, since Taro has no speech API.
 */
import { speechFrom } from '../speech/pieces'
import type { Speech } from './types'

/** The parts of the Web Speech API used here (tests pass their own). */
export interface SpeechSynthesisLike {
  getVoices(): { lang: string; name: string }[]
  speak(utterance: unknown): void
  cancel(): void
  addEventListener?(type: 'voiceschanged', listener: () => void): void
  removeEventListener?(type: 'voiceschanged', listener: () => void): void
}

export interface UtteranceLike {
  lang: string
  rate: number
  voice: unknown
  onend: (() => void) | null
  onerror: ((event: { error?: string }) => void) | null
}

/** Browsers load their voices after the page: wait this long for `voiceschanged` before saying there is none. */
const VOICES_WAIT_MS = 1500
/** A little slower than the default: the listeners are older villagers. */
const RATE = 0.9

/** The first zh-CN voice (zh-CN / zh_CN / cmn-Hans-CN), else any Mandarin one; undefined when none. */
export function pickChineseVoice<V extends { lang: string }>(voices: readonly V[]): V | undefined {
  const lang = (v: V) => v.lang.replace('_', '-').toLowerCase()
  return voices.find((v) => lang(v) === 'zh-cn' || lang(v) === 'cmn-hans-cn') ?? voices.find((v) => /^(zh|cmn)(-hans)?\b/.test(lang(v)) && !/hk|tw|yue/.test(lang(v)))
}

/** undefined where the browser has no speechSynthesis at all. */
export function browserSpeech(
  synth: SpeechSynthesisLike | undefined = (globalThis as { speechSynthesis?: SpeechSynthesisLike }).speechSynthesis,
  Utterance: (new (text: string) => UtteranceLike) | undefined = (globalThis as { SpeechSynthesisUtterance?: new (text: string) => UtteranceLike }).SpeechSynthesisUtterance,
): Speech | undefined {
  if (!synth || !Utterance) return undefined
  const voice = () => pickChineseVoice(synth.getVoices())
  return speechFrom({
    failureMessage: '朗读没有成功，请再试一次',
    async available() {
      if (voice()) return true
      if (!synth.addEventListener) return false
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer)
          synth.removeEventListener?.('voiceschanged', done)
          resolve()
        }
        const timer = setTimeout(done, VOICES_WAIT_MS)
        synth.addEventListener?.('voiceschanged', done)
      })
      return !!voice()
    },
    prepare: async () => undefined,
    play(piece) {
      const utterance = new Utterance(piece)
      utterance.lang = 'zh-CN'
      utterance.rate = RATE
      utterance.voice = voice() ?? null
      const ended = new Promise<void>((resolve, reject) => {
        utterance.onend = () => resolve()
        // cancel() ends the utterance with 'interrupted' / 'canceled': a stop, not a failure.
        utterance.onerror = (event) => (event.error === 'interrupted' || event.error === 'canceled' ? resolve() : reject(new Error(`speechSynthesis: ${event.error ?? 'error'}`)))
      })
      synth.speak(utterance)
      return { ended, stop: () => synth.cancel() }
    },
  })
}
