// A lesson's audio (the audio and 2G editions): BackgroundAudioManager, so it keeps playing with
// the screen off (app.json's requiredBackgroundModes: ['audio']); a downloaded file that it will
// not play falls back to an InnerAudioContext at the same second (WeChat does not promise that
// BackgroundAudioManager plays local paths). Speed 0.75–2×; played stretches go to the progress store.
import { defaultAudio, type AudioHost, type AudioPlayer } from '@tianyuan/sdk/downloads'
import { useEffect, useRef, useState } from 'react'
import { recordProgress, syncProgress, type LessonRef } from '../progress'
import { createPlayTracker, type PlayTracker } from './play-tracker'

export type AudioPhase = 'loading' | 'playing' | 'paused' | 'ended' | 'error'

export interface LessonAudioSource {
  src: string
  /** A file on the phone (a download): nothing is fetched. */
  local: boolean
  title: string
  subtitle?: string
  coverUrl?: string
}

export interface LessonAudioView {
  phase: AudioPhase
  position: number
  duration: number
  rate: number
  /** Which host object plays: background, or inner after a fallback. */
  kind?: 'background' | 'inner'
  /** ms from asking to the first sound (for the 2G figure). */
  firstSoundMs?: number
  error?: string
  play(): void
  pause(): void
  seek(seconds: number): void
  setRate(rate: number): void
}

/** Sync progress with the server this often while playing. */
const SYNC_EVERY_MS = 60_000

export function useLessonAudio(lesson: LessonRef | undefined, source: LessonAudioSource | undefined, startAt: number, audio: AudioHost = defaultAudio): LessonAudioView {
  const [phase, setPhase] = useState<AudioPhase>('loading')
  const [position, setPosition] = useState(startAt)
  const [duration, setDuration] = useState(lesson?.durationS ?? 0)
  const [rate, setRateState] = useState(1)
  const [kind, setKind] = useState<'background' | 'inner'>()
  const [firstSoundMs, setFirstSoundMs] = useState<number>()
  const [error, setError] = useState<string>()
  const player = useRef<AudioPlayer>()
  const tracker = useRef<PlayTracker>()
  const rateRef = useRef(1)

  useEffect(() => {
    if (!lesson || !source) return
    let live = true
    const tracking = createPlayTracker((at, segment) => void recordProgress(lesson, at, segment))
    tracker.current = tracking
    const askedAt = Date.now()
    let heard = false
    let lastSync = Date.now()
    const stops: Array<() => void> = []

    const start = (which: 'background' | 'inner', from: number) => {
      const p = audio.createPlayer(which)
      player.current = p
      setKind(which)
      const at = () => p.currentTime()
      stops.push(
        p.on('play', () => {
          if (!live) return
          if (!heard) {
            heard = true
            setFirstSoundMs(Date.now() - askedAt)
          }
          setPhase('playing')
          tracking.playing(at())
        }),
        p.on('timeupdate', () => {
          if (!live) return
          const now = at()
          setPosition(now)
          if (p.duration() > 0) setDuration(p.duration())
          tracking.tick(now)
          if (Date.now() - lastSync > SYNC_EVERY_MS) {
            lastSync = Date.now()
            void syncProgress()
          }
        }),
        p.on('waiting', () => live && setPhase('loading')),
        p.on('pause', () => {
          if (!live) return
          setPhase('paused')
          tracking.stopped(at())
          void syncProgress()
        }),
        p.on('stop', () => {
          if (!live) return
          setPhase('paused')
          tracking.stopped(at())
        }),
        p.on('ended', () => {
          if (!live) return
          setPhase('ended')
          tracking.stopped(p.duration() || at())
          void syncProgress()
        }),
        p.on('error', (detail) => {
          if (!live) return
          // A download BackgroundAudioManager will not open: the same file through InnerAudioContext.
          if (which === 'background' && source.local) {
            const resumeAt = at() || from
            p.destroy()
            start('inner', resumeAt)
            return
          }
          setError(`声音没有放出来（${detail?.message ?? '未知原因'}），请点“播放”再试`)
          setPhase('error')
        }),
      )
      p.load({ src: source.src, title: source.title, subtitle: source.subtitle, coverUrl: source.coverUrl, startAt: from, rate: rateRef.current })
    }
    start('background', startAt)

    return () => {
      live = false
      const p = player.current
      if (p) tracking.stopped(p.currentTime() || startAt)
      stops.forEach((stop) => stop())
      p?.destroy()
      player.current = undefined
      void syncProgress()
    }
    // A new source (another edition, a download) restarts; the start second is read once per source.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [lesson?.id, source?.src])

  return {
    phase,
    position,
    duration,
    rate,
    kind,
    firstSoundMs,
    error,
    play: () => {
      setError(undefined)
      player.current?.play()
    },
    pause: () => player.current?.pause(),
    seek: (seconds) => {
      const to = Math.max(0, duration ? Math.min(seconds, duration - 1) : seconds)
      tracker.current?.seeked(to)
      player.current?.seek(to)
      setPosition(to)
    },
    setRate: (next) => {
      rateRef.current = next
      setRateState(next)
      player.current?.setRate(next)
    },
  }
}
