/**
 * Audio players over Taro: BackgroundAudioManager (keeps playing with the screen off) and
 * InnerAudioContext, on weapp and H5 alike (Taro's H5 has both, over an <audio>). A module of
 * its own so that only the player page (a subpackage) carries it.
 */
import Taro from '@tarojs/taro'
import type { AudioHost, AudioPlayer, AudioPlayerEvent, AudioTrack } from './types'

const EVENTS: readonly AudioPlayerEvent[] = ['canplay', 'play', 'pause', 'stop', 'ended', 'timeupdate', 'waiting', 'error']
const ON: Record<AudioPlayerEvent, string> = {
  canplay: 'onCanplay',
  play: 'onPlay',
  pause: 'onPause',
  stop: 'onStop',
  ended: 'onEnded',
  timeupdate: 'onTimeUpdate',
  waiting: 'onWaiting',
  error: 'onError',
}

/** The members of WeChat's two audio objects used here (their typings differ in details only). */
interface HostAudio {
  src: string
  title?: string
  epname?: string
  singer?: string
  coverImgUrl?: string
  startTime: number
  playbackRate: number
  readonly currentTime: number
  readonly duration: number
  readonly paused: boolean
  play(): void
  pause(): void
  seek(position: number): void
  stop(): void
  destroy?(): void
  [on: string]: unknown
}

type Listener = (detail?: { message?: string }) => void

/**
 * One dispatcher per host object: BackgroundAudioManager's onX calls *replace* the handler
 * (one per app), so each event is hooked once and fanned out to this wrapper's listeners.
 */
function wrap(kind: 'background' | 'inner', host: HostAudio): AudioPlayer {
  const listeners = new Map<AudioPlayerEvent, Set<Listener>>(EVENTS.map((e) => [e, new Set<Listener>()]))
  for (const event of EVENTS) {
    const on = host[ON[event]]
    if (typeof on === 'function') {
      on.call(host, (res?: { errMsg?: string; errCode?: number }) => {
        const detail = event === 'error' ? { message: `${res?.errMsg ?? 'audio error'}${res?.errCode !== undefined ? ` (${res.errCode})` : ''}` } : undefined
        listeners.get(event)?.forEach((l) => l(detail))
      })
    }
  }
  const clamp = (rate: number) => Math.min(2, Math.max(0.5, rate))
  return {
    kind,
    load(track: AudioTrack) {
      // BackgroundAudioManager: title first (it refuses a src without one), then src starts it.
      host.title = track.title
      if (kind === 'background') {
        host.epname = track.subtitle ?? track.title
        host.singer = track.subtitle ?? ''
        if (track.coverUrl) host.coverImgUrl = track.coverUrl
      }
      host.startTime = Math.max(0, track.startAt ?? 0)
      host.playbackRate = clamp(track.rate ?? 1)
      host.src = track.src
      // InnerAudioContext does not start on its own.
      if (kind === 'inner') host.play()
    },
    play: () => host.play(),
    pause: () => host.pause(),
    seek: (seconds) => host.seek(Math.max(0, seconds)),
    setRate(rate) {
      host.playbackRate = clamp(rate)
    },
    stop: () => host.stop(),
    currentTime: () => host.currentTime || 0,
    duration: () => host.duration || 0,
    paused: () => host.paused !== false,
    on(event, listener) {
      listeners.get(event)?.add(listener)
      return () => listeners.get(event)?.delete(listener)
    },
    destroy() {
      listeners.forEach((set) => set.clear())
      if (kind === 'inner') host.destroy?.()
      else host.stop()
    },
  }
}

export const taroAudio: AudioHost = {
  createPlayer(kind) {
    const host = (kind === 'background' ? Taro.getBackgroundAudioManager() : Taro.createInnerAudioContext()) as unknown as HostAudio
    return wrap(kind, host)
  },
}
