import { Text, View } from '@tarojs/components'
import { useDidHide } from '@tarojs/taro'
import type { Speech } from '@tianyuan/sdk'
import { useSdk } from '@tianyuan/sdk/react'
import { speechOf } from '@tianyuan/sdk/speech'
import { useEffect, useRef, useState } from 'react'
import { a11yProps } from '../../a11y'
import { BigButton } from '../../BigButton'
import { userMessageOf } from '../../ErrorState'

export interface ReadAloudProps {
  /** What to read: the notice as a listener should hear it (noticeSpeechText). */
  text: string
  /** The button's words. */
  label?: string
  /** The voice (tests); the platform's by default (`speechOf`). */
  speech?: Speech
  id?: string
}

type Phase = { kind: 'idle' } | { kind: 'reading'; piece: number; total: number } | { kind: 'failed'; message: string }

/**
 * 听: reads the text aloud, a sentence at a time; while reading the button becomes 停止朗读.
 * Shown only where there is a voice (`available()`): the browser's zh-CN one in the preview, the
 * 同声传译 plugin in WeChat where the notices subpackage declares it — otherwise nothing at all,
 * never a button that cannot work. Stops when the page is left or hidden.
 */
export function ReadAloud({ text, label = '听', speech: given, id = 'read-aloud' }: ReadAloudProps) {
  const sdk = useSdk()
  const [speech] = useState(() => given ?? speechOf(sdk.platform))
  const [available, setAvailable] = useState(false)
  const [phase, setPhase] = useState<Phase>({ kind: 'idle' })
  const live = useRef(true)

  useEffect(() => {
    live.current = true
    let current = true
    void speech?.available().then((yes) => current && setAvailable(yes), () => undefined)
    return () => {
      current = false
      live.current = false
      speech?.stop()
    }
  }, [speech])
  useDidHide(() => speech?.stop())

  if (!speech || !available) return null
  const reading = phase.kind === 'reading'

  const start = async () => {
    setPhase({ kind: 'reading', piece: 0, total: 0 })
    try {
      await speech.speak(text, { onPiece: (piece, total) => live.current && setPhase({ kind: 'reading', piece, total }) })
      if (live.current) setPhase({ kind: 'idle' })
    } catch (error) {
      if (live.current) setPhase({ kind: 'failed', message: userMessageOf(error) })
    }
  }
  const stop = () => {
    speech.stop()
    setPhase({ kind: 'idle' })
  }

  return (
    <View id={id} className='ty-listen'>
      {/* Two buttons, not one relabelled: BigButton ignores taps while its last tap's promise (the reading) runs. */}
      {reading ? (
        <BigButton key='stop' id={`${id}-stop`} variant='secondary' onClick={stop} ariaLabel='停止朗读'>
          ■ 停止朗读
        </BigButton>
      ) : (
        <BigButton key='start' id={`${id}-start`} variant='secondary' onClick={start} ariaLabel='朗读这条通知'>
          🔊 {label}
        </BigButton>
      )}
      <Text id={`${id}-status`} className={phase.kind === 'failed' ? 'ty-warn' : 'ty-note'} {...a11yProps({ live: 'polite' })}>
        {phase.kind === 'failed' ? phase.message : reading ? (phase.total ? `正在朗读：第 ${phase.piece + 1} 句，共 ${phase.total} 句` : '正在准备朗读…') : ''}
      </Text>
    </View>
  )
}
