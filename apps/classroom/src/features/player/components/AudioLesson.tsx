import { Image, Text, View } from '@tarojs/components'
import { a11yProps, BigButton } from '@tianyuan/ui'
import type { LessonRef } from '../../progress'
import type { PlayPlan } from '../plan'
import { clock, slideAt } from '../slides'
import { useLessonAudio } from '../use-lesson-audio'
import { SpeedPicker } from './SpeedPicker'

const PHASE_WORDS = { loading: '正在缓冲…', playing: '正在播放', paused: '已暂停', ended: '播放完了', error: '没有放出来' } as const

/** The audio and 2G editions: BackgroundAudioManager (plays on with the screen off), the 2G edition's pictures in step. */
export function AudioLesson({ lesson, plan, startAt, title, subtitle }: { lesson: LessonRef; plan: PlayPlan; startAt: number; title: string; subtitle?: string }) {
  const audio = useLessonAudio(lesson, plan.audioSrc ? { src: plan.audioSrc, local: plan.offline, title, subtitle } : undefined, startAt)
  const slides = plan.slides
  const cue = slides ? slides.cues[slideAt(slides.cues, audio.position)] : undefined
  const shownIndex = slides ? slideAt(slides.cues, audio.position) : 0
  const picture = cue && slides ? slides.src[cue.name] : undefined
  const playing = audio.phase === 'playing' || audio.phase === 'loading'
  return (
    <View className='pl-audio' id='audio-player'>
      {slides &&
        (picture ? (
          <Image id='slide' className='pl-slide' src={picture} mode='aspectFit' {...a11yProps({ role: 'img', label: `第 ${shownIndex + 1} 张图，共 ${slides.cues.length} 张` })} />
        ) : (
          <View className='pl-slide pl-slide--none'>
            <Text>这一段只有声音</Text>
          </View>
        ))}
      {slides && slides.cues.length > 0 && (
        <Text className='pl-note' id='slide-count'>
          图 {shownIndex + 1}/{slides.cues.length}
        </Text>
      )}
      <View className='pl-status' {...a11yProps({ role: 'status', live: 'polite' })}>
        <Text id='audio-phase'>{PHASE_WORDS[audio.phase]}</Text>
        <Text id='audio-position'>
          {clock(audio.position)} / {clock(audio.duration)}
        </Text>
      </View>
      {audio.error && (
        <Text className='pl-error' id='audio-error'>
          {audio.error}
        </Text>
      )}
      <View className='pl-controls'>
        <BigButton id='back-15' variant='secondary' block={false} ariaLabel='后退 15 秒' onClick={() => audio.seek(audio.position - 15)}>
          -15秒
        </BigButton>
        <BigButton id='play-pause' block={false} ariaLabel={playing ? '暂停' : '播放'} onClick={() => (playing ? audio.pause() : audio.play())}>
          {playing ? '暂停' : '播放'}
        </BigButton>
        <BigButton id='forward-15' variant='secondary' block={false} ariaLabel='前进 15 秒' onClick={() => audio.seek(audio.position + 15)}>
          +15秒
        </BigButton>
      </View>
      <SpeedPicker rate={audio.rate} onChange={audio.setRate} />
      <Text className='pl-note' id='screen-off-note'>
        {audio.kind === 'inner' ? '正在播放手机里的文件；关掉屏幕会暂停' : '关掉屏幕也能接着听'}
      </Text>
    </View>
  )
}
