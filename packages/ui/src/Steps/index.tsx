import { Text, View } from '@tarojs/components'
import { a11yProps } from '../a11y'
import { deriveStepStates, STEP_STATE_LABEL } from './steps'
import './index.scss'

export { deriveStepStates, STEP_STATE_LABEL, type StepState } from './steps'

export interface StepItem {
  /** '已付款', '已发货' … */
  title: string
  /** When it happened or is expected, already formatted ('11月28日 14:05'). */
  time?: string
  /** One more line: the carrier and tracking number, a pickup point … */
  description?: string
}

export interface StepsProps {
  items: StepItem[]
  /** The step in progress (0-based); items.length means all done. */
  current: number
  /** The current step failed or was cancelled (red instead of the theme colour). */
  error?: boolean
  id?: string
  className?: string
}

/** An order's progress as a vertical timeline: done ✓, current ●, upcoming ○, each with its time. */
export function Steps({ items, current, error = false, id, className }: StepsProps) {
  const states = deriveStepStates(items.length, current)
  return (
    <View id={id} className={`ty-steps ${className ?? ''}`.trim()}>
      {items.map((item, i) => {
        const state = states[i] ?? 'upcoming'
        const classes = ['ty-step', `ty-step--${state}`, state === 'current' && error ? 'ty-step--error' : '', i === items.length - 1 ? 'ty-step--last' : '']
        return (
          <View key={`${i}-${item.title}`} className={classes.filter(Boolean).join(' ')}>
            <View className='ty-step__rail'>
              {/* The mark repeats the state the words say (（已完成）…): not read twice. */}
              <Text className='ty-step__dot' {...a11yProps({ hidden: true })}>
                {state === 'done' ? '✓' : state === 'current' ? '●' : '○'}
              </Text>
              <View className='ty-step__line' />
            </View>
            <View className='ty-step__body'>
              <Text className='ty-step__title'>
                {item.title}
                <Text className='ty-step__state'>（{STEP_STATE_LABEL[state]}）</Text>
              </Text>
              {item.time && <Text className='ty-step__time'>{item.time}</Text>}
              {item.description && <Text className='ty-step__desc'>{item.description}</Text>}
            </View>
          </View>
        )
      })}
    </View>
  )
}
