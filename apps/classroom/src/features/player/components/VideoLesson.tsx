import { Video, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useEffect, useRef, useState } from 'react'
import { recordProgress, syncProgress, type LessonRef } from '../../progress'
import { createPlayTracker } from '../play-tracker'
import type { PlayPlan } from '../plan'
import { SpeedPicker } from './SpeedPicker'

const VIDEO_ID = 'lesson-video'

/** 240p / 360p through Taro's <Video>: HLS to stream, the MP4 on the phone when downloaded. */
export function VideoLesson({ lesson, plan, startAt, title }: { lesson: LessonRef; plan: PlayPlan; startAt: number; title: string }) {
  const [rate, setRate] = useState(1)
  const tracker = useRef(createPlayTracker((at, segment) => void recordProgress(lesson, at, segment)))
  const position = useRef(startAt)
  useEffect(
    () => () => {
      tracker.current.stopped(position.current)
      void syncProgress()
    },
    [],
  )
  const changeRate = (next: number) => {
    setRate(next)
    Taro.createVideoContext(VIDEO_ID).playbackRate(next)
  }
  return (
    <View className='pl-video'>
      <Video
        id={VIDEO_ID}
        className='pl-video__player'
        src={plan.videoSrc as string}
        title={title}
        initialTime={startAt}
        showCenterPlayBtn
        enablePlayGesture
        onPlay={() => tracker.current.playing(position.current)}
        onPause={() => {
          tracker.current.stopped(position.current)
          void syncProgress()
        }}
        onEnded={() => {
          tracker.current.stopped(position.current)
          void syncProgress()
        }}
        onTimeUpdate={(e) => {
          position.current = e.detail.currentTime
          tracker.current.tick(e.detail.currentTime)
        }}
      />
      <SpeedPicker rate={rate} onChange={changeRate} />
    </View>
  )
}
